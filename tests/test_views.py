from urllib.parse import quote

import pytest

from articles.models import Article, Category

from .factories import hours_ago, make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def test_a_published_article_renders(client):
    article = make_article(
        title="AI반도체 혁신센터", feature_text="리드 문단", body="<p>본문 <b>굵게</b></p>"
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>AI반도체 혁신센터</h1>" in html
    assert "리드 문단" in html
    assert "<p>본문 <b>굵게</b></p>" in html
    assert 'lang="ko"' in html


def test_korean_slugs_resolve_percent_encoded_or_not(client):
    article = make_article(title="AI반도체 혁신센터")
    assert client.get("/articles/ai반도체-혁신센터/").status_code == 200
    assert client.get("/articles/" + quote("ai반도체-혁신센터") + "/").status_code == 200
    assert (
        article.get_absolute_url()
        == "/articles/ai%EB%B0%98%EB%8F%84%EC%B2%B4-%ED%98%81%EC%8B%A0%EC%84%BC%ED%84%B0/"
    )


@pytest.mark.parametrize(
    ("overrides", "status_code"),
    [
        ({"status": Article.Status.DRAFT}, 404),
        ({"published_at": hours_ago(-1)}, 404),
        ({"expires_at": hours_ago(0.5)}, 410),
    ],
    ids=["draft", "scheduled", "expired"],
)
def test_readers_cannot_see_what_is_not_public(client, overrides, status_code):
    article = make_article(**overrides)
    assert client.get(article.get_absolute_url()).status_code == status_code


def test_readers_get_404_when_the_only_category_is_not_approved(client):
    article = make_article(categories=[make_category(status=Category.Status.PROPOSED)])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_drafts_with_a_banner_and_no_caching(client):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(role="editor"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_the_article_page_runs_a_constant_number_of_queries(
    client, settings, django_assert_max_num_queries
):
    # The view's own queries (the page cache adds one per generation: test_pagecache.py).
    settings.PAGE_CACHE = False
    article = make_article(categories=[make_category() for _ in range(6)])
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "path", ["/articles/%00/", "/category/%00/", "/category/%00/feed/", "/articles/a%00b/"]
)
def test_nul_bytes_and_non_slugs_in_addresses_are_404(client, path):
    assert client.get(path).status_code == 404
    assert client.head(path).status_code == 404
