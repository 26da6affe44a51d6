"""The site header shows a bounded, ordered set of categories, however many exist."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import visibility
from articles.context_processors import _nav_categories
from articles.models import Article, Category
from articles.selectors import NAV_CATEGORIES

from .factories import hours_ago, make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def header_links(html: str) -> list[str]:
    nav = html.split('<nav class="category-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="/category/[^"]+/"[^>]*>([^<]+)</a>', nav)


def header_names() -> list[str]:
    return [link["name"] for link in _nav_categories()]


def test_thousands_of_categories_leave_the_header_and_page_small(client):
    """An import of 2,000 categories each with a public article used to put all
    of them in the header of every page (113 KB pages at 1,524)."""
    categories = Category.objects.bulk_create(
        Category(name=f"분야 {n:04}", slug=f"field-{n}", status=Category.Status.APPROVED)
        for n in range(2000)
    )
    articles = Article.objects.bulk_create(
        Article(
            title=f"기사 {n}",
            slug=f"article-{n}",
            body="<p>본문</p>",
            status=Article.Status.PUBLISHED,
            published_at=hours_ago(1),
        )  # fmt: skip
        for n in range(2000)
    )
    Article.categories.through.objects.bulk_create(
        Article.categories.through(article=article, category=category)
        for article, category in zip(articles, categories, strict=True)
    )
    visibility.rebuild_all()

    response = client.get("/")
    html = response.content.decode()
    assert len(header_links(html)) == NAV_CATEGORIES == 12
    nav = html.split('<nav class="category-nav"', 1)[1].split("</nav>", 1)[0]
    assert len(nav.encode()) < 3_000
    assert len(response.content) < 40_000


def test_positioned_categories_first_then_the_most_public_articles_then_names():
    second, first = (
        make_category(name="둘째", nav_order=2),
        make_category(name="첫째", nav_order=1),
    )
    big, small, medium = (make_category(name=name) for name in ("큰", "작은", "중간"))
    tie_b, tie_a = make_category(name="나 동률"), make_category(name="가 동률")
    for category, count in [
        (second, 1), (first, 1), (big, 3), (small, 1), (medium, 2), (tie_b, 1), (tie_a, 1),
    ]:  # fmt: skip
        for _ in range(count):
            make_article(categories=[category])
    assert header_names() == ["첫째", "둘째", "큰", "중간", "가 동률", "나 동률", "작은"]


def test_categories_with_nothing_public_are_left_out():
    shown = make_category(name="공개")
    make_article(categories=[shown])
    make_category(name="빈 분야")
    make_article(categories=[make_category(name="초안만")], status=Article.Status.DRAFT)
    make_article(
        categories=[make_category(name="예약만", nav_order=1)], published_at=hours_ago(-2)
    )
    make_article(
        categories=[make_category(name="엠바고 끝")], published_at=hours_ago(5),
        expires_at=hours_ago(1),
    )  # fmt: skip
    proposed = make_category(name="제안", status=Category.Status.PROPOSED)
    make_article(categories=[proposed])
    assert header_names() == ["공개"]


def test_the_header_is_cached_and_one_query_when_not(django_assert_num_queries):
    make_article(categories=[make_category(name="경제")])
    with django_assert_num_queries(1):
        assert header_names() == ["경제"]
    with django_assert_num_queries(0):
        assert header_names() == ["경제"]


@pytest.mark.django_db(transaction=True)
def test_a_change_of_position_shows_at_once():
    one, two = make_category(name="가"), make_category(name="나")
    make_article(categories=[one])
    make_article(categories=[two])
    assert header_names() == ["가", "나"]
    two.nav_order = 1
    two.save()  # commits: the page cache's purge forgets the header too
    assert header_names() == ["나", "가"]


def test_a_scheduled_article_brings_its_category_in_on_time_without_a_purge():
    with time_machine.travel(timezone.now(), tick=False) as clock:
        make_article(categories=[make_category(name="상시")])
        make_article(
            categories=[make_category(name="새 분야")],
            published_at=timezone.now() + timedelta(seconds=20),
        )
        assert header_names() == ["상시"]
        clock.shift(timedelta(seconds=21))
        assert header_names() == ["상시", "새 분야"]


def test_only_moderators_set_header_positions(client):
    category = make_category(name="경제")
    client.force_login(make_user(role="writer"))
    add_form = client.get(reverse("admin:articles_category_add")).content.decode()
    assert 'name="nav_order"' not in add_form
    client.force_login(make_user(role="moderator"))
    change_url = reverse("admin:articles_category_change", args=[category.pk])
    assert 'name="nav_order"' in client.get(change_url).content.decode()
