"""The derived visibility data (Article.listed, CategoryListing) always equals
what the rule computes from scratch, after every kind of change, and the
listing queries are index range scans with no per-row subquery."""

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from articles import services, visibility
from articles.models import Article, Category, CategoryListing
from articles.selectors import category_listing

from .factories import hours_ago, make_article, make_category

pytestmark = pytest.mark.django_db


def expected_listed() -> set[int]:
    """The rule as published() used to compute it, a subquery per row."""
    links = Article.categories.through.objects.filter(article=OuterRef("pk"))
    return set(
        Article.objects.filter(
            ~Exists(links) | Exists(links.filter(category__status=Category.Status.APPROVED)),
            status=Article.Status.PUBLISHED,
        ).values_list("pk", flat=True)
    )


def expected_listings() -> set[tuple]:
    return {
        (link.category_id, link.article_id, link.article.published_at, link.article.expires_at)
        for link in Article.categories.through.objects.select_related("article", "category")
        if link.article_id in expected_listed()
        and link.category.status == Category.Status.APPROVED
    }


def assert_derived_data_is_right():
    assert set(Article.objects.filter(listed=True).values_list("pk", flat=True)) == (
        expected_listed()
    )
    listings = set(
        CategoryListing.objects.values_list(
            "category_id", "article_id", "published_at", "expires_at"
        )
    )
    assert listings == expected_listings()


@pytest.fixture
def world():
    approved, other = make_category(name="경제"), make_category(name="사회")
    proposed = make_category(name="제안", status=Category.Status.PROPOSED)
    articles = [
        make_article(title="분류 없음"),
        make_article(title="경제", categories=[approved]),
        make_article(title="경제와 사회", categories=[approved, other]),
        make_article(title="제안만", categories=[proposed]),
        make_article(title="초안", categories=[approved], status=Article.Status.DRAFT),
        make_article(title="예약", categories=[approved], published_at=hours_ago(-5)),
        make_article(title="만료", categories=[other], expires_at=hours_ago(1)),
    ]
    assert_derived_data_is_right()
    return approved, other, proposed, articles


CHANGES = {
    "unpublish": lambda w: services.article_unpublish(article=w[3][1]),
    "publish draft": lambda w: services.article_publish(article=w[3][4]),
    "move publication time": lambda w: services.article_schedule(
        article=w[3][2], at=timezone.now() + timezone.timedelta(days=1)
    ),
    "set embargo": lambda w: _with(w[3][1], expires_at=hours_ago(-3)).save(),
    "add category": lambda w: w[3][0].categories.add(w[2]),
    "remove category": lambda w: w[3][2].categories.remove(w[0]),
    "clear categories": lambda w: w[3][3].categories.clear(),
    "reverse add": lambda w: w[2].articles.add(w[3][0]),
    "reverse clear": lambda w: w[0].articles.clear(),
    "approve": lambda w: services.category_approve(category=w[2]),
    "retire": lambda w: services.category_retire(category=w[0]),
    "reject": lambda w: services.category_reject(category=w[2], reason="중복"),
    "merge": lambda w: services.category_merge(source=w[1], target=w[0]),
    "delete article": lambda w: w[3][1].delete(),
    "delete category": lambda w: w[0].delete(),
    "status via admin-style save": lambda w: _with(
        w[3][4], status=Article.Status.PUBLISHED
    ).save(),
}


def _with(article, **fields):
    for name, value in fields.items():
        setattr(article, name, value)
    return article


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_keeps_the_derived_data_right(world, change):
    CHANGES[change](world)
    assert_derived_data_is_right()


def test_rebuild_all_recomputes_everything_after_raw_writes(world):
    Article.objects.update(listed=False)
    CategoryListing.objects.all().delete()
    visibility.rebuild_all()
    assert_derived_data_is_right()


def test_saving_unrelated_fields_does_not_touch_the_derived_data(world, django_assert_num_queries):
    article = world[3][1]
    article.hero_image_alt = "항만 전경"
    with django_assert_num_queries(1):
        article.save(update_fields=["hero_image_alt"])


def _plans(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(row[-1] for row in cursor.fetchall())
        # A handful of test rows makes any table "small enough" to scan or
        # sort: ask whether the index can serve the query, order included.
        for method in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def listing_queries(category):
    return {
        "home": Article.objects.published().order_by("-published_at", "-id")[:21],
        "category": category_listing(category).order_by("-published_at", "-article_id")[:21],
        "category older": category_listing(category)
        .filter(
            Q(published_at__lte=hours_ago(3)) & ~Q(published_at=hours_ago(3), article_id__gte=5)
        )
        .order_by("-published_at", "-article_id")[:21],
    }


@pytest.mark.parametrize("name", ["home", "category", "category older"])
def test_listing_queries_are_index_range_scans_without_subqueries(world, name):
    plan = _plans(listing_queries(world[0])[name].values_list("published_at", "pk"))
    print(f"\n{connection.vendor} {name}:\n{plan}")  # pytest -s shows the plans
    index = "article_listed_idx" if name == "home" else "category_listing_idx"
    assert index in plan
    for sign in ("CORRELATED", "SubPlan", "TEMP B-TREE", "Sort"):
        assert sign not in plan
