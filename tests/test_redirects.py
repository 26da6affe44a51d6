"""Old addresses: renamed articles 301, expired articles 410, merged categories 301,
retired categories 410."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from articles import redirects, services
from articles.models import Category, SlugRedirect

from .factories import article_form_data, hours_ago, make_article, make_category

pytestmark = pytest.mark.django_db


def rename(client, article, slug):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, slug=slug),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()


def test_renaming_a_published_article_redirects_the_old_address(client, editor):
    article = make_article(slug="첫-주소")
    rename(client, article, "둘째-주소")
    client.logout()
    response = client.get("/articles/첫-주소/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_chains_of_renames_collapse_into_one_hop(client, editor):
    article = make_article(slug="a")
    rename(client, article, "b")
    rename(client, article, "c")
    for old in ("a", "b"):
        response = client.get(f"/articles/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/articles/c/")


def test_renaming_back_serves_the_article_and_drops_the_redirect(client, editor):
    article = make_article(slug="a")
    rename(client, article, "b")
    rename(client, article, "a")
    assert client.get("/articles/a/").status_code == 200
    assert client.get("/articles/b/")["Location"] == "/articles/a/"
    assert not SlugRedirect.objects.filter(old_slug="a").exists()


@pytest.mark.parametrize(
    "overrides",
    [{"status": "draft", "published_at": None}, {"published_at": hours_ago(-2)}],
    ids=["draft", "scheduled"],
)
def test_slugs_that_were_never_public_create_no_redirect(client, editor, overrides):
    article = make_article(slug="비공개", **overrides)
    rename(client, article, "새-주소")
    assert not SlugRedirect.objects.exists()
    client.logout()
    assert client.get("/articles/비공개/").status_code == 404


def test_a_redirect_does_not_reveal_an_article_that_is_no_longer_public(client, editor):
    article = make_article(slug="old")
    rename(client, article, "new")
    services.article_unpublish(article=article)
    client.logout()
    assert client.get("/articles/old/").status_code == 404


def test_expired_articles_answer_410(client):
    article = make_article(expires_at=hours_ago(0.5))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "더 이상 볼 수 없습니다" in response.content.decode()


def test_merged_and_retired_categories(client):
    target = make_category(slug="target")
    merged = make_category(slug="merged")
    retired = make_category(slug="retired")
    services.category_merge(source=merged, target=target)
    services.category_retire(category=retired)
    response = client.get(merged.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, target.get_absolute_url())
    assert client.get(retired.get_absolute_url()).status_code == 410
    assert client.get(target.get_absolute_url()).status_code == 200


def test_the_category_helper_redirects_to_the_same_kind_of_page():
    """The feed view passes its own URL name, so /category/old/feed/ goes to the
    target's feed; here the detail route stands in for it."""
    target = make_category(slug="target")
    merged = make_category(slug="merged")
    services.category_merge(source=merged, target=target)
    request = RequestFactory().get("/")
    response = redirects.gone_or_redirect_for_category(
        request, "merged", url_name="articles:category"
    )
    assert response.status_code == 301 and response["Location"] == "/category/target/"
    assert redirects.gone_or_redirect_for_category(request, "target") is None
    assert redirects.gone_or_redirect_for_category(request, "unknown") is None
    proposal = make_category(status=Category.Status.PROPOSED)
    assert redirects.gone_or_redirect_for_category(request, proposal.slug) is None
