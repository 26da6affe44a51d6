from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Category

from .factories import hours_ago, make_article, make_category

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled():
    live = make_article(published_at=hours_ago(1))
    make_article(status=Article.Status.DRAFT, published_at=hours_ago(1))
    make_article(status=Article.Status.DRAFT, published_at=None)
    make_article(published_at=hours_ago(-1))
    assert list(Article.objects.published()) == [live]


def test_published_includes_an_article_published_exactly_now():
    now = timezone.now()
    article = make_article(published_at=now - timedelta(microseconds=1))
    assert article in Article.objects.published()


def test_published_excludes_articles_past_their_embargo_end():
    live = make_article(expires_at=hours_ago(-1))
    make_article(expires_at=hours_ago(0.5))
    assert list(Article.objects.published()) == [live]


def test_published_needs_an_approved_category_when_the_article_has_categories():
    approved = make_category()
    proposed = make_category(status=Category.Status.PROPOSED)
    retired = make_category(status=Category.Status.RETIRED)
    uncategorised = make_article()
    in_approved = make_article(categories=[approved, proposed])
    make_article(categories=[proposed])
    make_article(categories=[retired, proposed])
    assert set(Article.objects.published()) == {uncategorised, in_approved}
    # No duplicate rows from the category join.
    assert Article.objects.published().count() == 2


def test_publishing_without_a_time_stamps_now():
    article = make_article(published_at=None)
    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_a_published_article_must_have_a_publication_time():
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("AI반도체 혁신센터", "ai반도체-혁신센터"),
        ("수출 통제 강화, 장비 업계 영향은?", "수출-통제-강화-장비-업계-영향은"),
        ("Fabs and water: how chipmakers plan", "fabs-and-water-how-chipmakers-plan"),
        ("!!! ??? ...", "article"),
    ],
)
def test_slug_is_filled_from_the_title_and_never_empty(title, slug):
    assert make_article(title=title).slug == slug


def test_colliding_titles_get_distinct_slugs():
    first = make_article(title="AI반도체 혁신센터")
    second = make_article(title="AI반도체 혁신센터")
    third = make_article(title="AI반도체 혁신센터!")
    assert [first.slug, second.slug, third.slug] == [
        "ai반도체-혁신센터",
        "ai반도체-혁신센터-2",
        "ai반도체-혁신센터-3",
    ]


def test_a_long_korean_title_gives_a_slug_within_the_field_length():
    title = ("반도체 " * 50).strip()
    article = make_article(title=title)
    twin = make_article(title=title)
    assert len(article.slug) <= 200
    assert len(twin.slug) <= 200
    assert article.slug != twin.slug


def test_editing_keeps_the_slug():
    article = make_article(title="처음 제목")
    article.title = "바뀐 제목"
    article.save()
    article.refresh_from_db()
    assert article.slug == "처음-제목"


def test_category_slug_from_korean_name():
    assert make_category(name="반도체").slug == "반도체"


def test_body_is_sanitized_on_every_save():
    article = make_article(body='<p onclick="x()">hi</p><script>alert(1)</script>')
    assert article.body == "<p>hi</p>"
    article.body = '<img src="x.png" onerror="alert(1)">'
    article.save()
    article.refresh_from_db()
    assert article.body == '<img src="x.png">'


def test_every_save_bumps_the_version():
    article = make_article()
    assert article.version == 1
    article.title = "New"
    article.save()
    article.save(update_fields=["title"])
    article.refresh_from_db()
    assert article.version == 3


def test_hero_image_src_prefers_the_upload_and_falls_back_to_the_url():
    article = make_article(hero_image_url="https://example.org/a.jpg")
    assert article.hero_image_src == "https://example.org/a.jpg"


@pytest.mark.parametrize(
    "address",
    [
        "https://media.example.org/a.jpg",
        "http://example.org/b.png",
        "/uploads/2024/06/fab.jpg",
        "assets/fab.jpg",
    ],
)
def test_hero_image_address_accepts_urls_and_site_paths(address):
    article = make_article(hero_image_url=address)
    article.full_clean()


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "//evil.example/a.jpg", "ftp://x/a.jpg", "data:image/png,x"]
)
def test_hero_image_address_refuses_other_schemes_and_bare_paths(address):
    from django.core.exceptions import ValidationError

    article = make_article(hero_image_url=address)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_image_url" in error.value.message_dict
