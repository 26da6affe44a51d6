"""Public visibility kept as data, so that `Article.objects.published()` is an
index range scan instead of a subquery per row.

Two derived structures, rebuilt from the articles, their category links and
the categories' moderation state:

- `Article.listed`: published, and uncategorised or in at least one approved
  category. What stays time-dependent (publication time reached, embargo not
  over) is compared with now by `published()` itself, so scheduling needs no job.
- `CategoryListing`: one row per (approved category, listed article) with the
  article's publication and embargo times, the index category pages and
  related articles read.

Signal handlers (registered in `ArticlesConfig.ready()`) refresh them in the
same transaction as any save through the ORM: article saves, category link
changes, category moderation. Bulk writes that bypass signals (`bulk_create`,
`QuerySet.update`, raw SQL) must call `refresh_articles()` themselves, or
`rebuild_all()` (`manage.py rebuild_listings`) after loading an archive.
"""

from collections.abc import Iterable
from itertools import batched

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

import pagecache

from .models import Article, Category, CategoryListing

BATCH_SIZE = 500
# The fields a listing row copies or `listed` depends on: saves that touch none
# of them leave the derived data alone.
VISIBILITY_FIELDS = {"status", "published_at", "expires_at"}


def _listed_expression():
    links = Article.categories.through.objects.filter(article=OuterRef("pk"))
    approved = links.filter(category__status=Category.Status.APPROVED)
    return ExpressionWrapper(
        Q(status=Article.Status.PUBLISHED) & (~Exists(links) | Exists(approved)),
        output_field=BooleanField(),
    )


def refresh_articles(article_ids: Iterable[int]) -> None:
    """Recompute `listed` and the category listing rows of these articles, and
    drop the cached pages at commit (bulk writers call this instead of saving,
    so no signal would)."""
    pagecache.purge()  # outside the savepoint below: one purge per transaction
    _refresh(article_ids)


def _approved_links_of_listed_articles():
    return Article.categories.through.objects.filter(
        article__listed=True, category__status=Category.Status.APPROVED
    )


def _insert_listings(links) -> int:
    """Write a listing row for each of these category links: INSERT ... SELECT,
    so the rows never travel through Python. Returns how many."""
    select, params = links.values_list(
        "category_id", "article_id", "article__published_at", "article__expires_at"
    ).query.sql_with_params()
    listing = connection.ops.quote_name(CategoryListing._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {listing} (category_id, article_id, published_at, expires_at) " + select,
            params,
        )
        return cursor.rowcount


@transaction.atomic
def _refresh(article_ids: Iterable[int]) -> None:
    for ids in batched(set(article_ids), BATCH_SIZE):
        Article.objects.filter(pk__in=ids).update(listed=_listed_expression())
        CategoryListing.objects.filter(article_id__in=ids).delete()
        _insert_listings(_approved_links_of_listed_articles().filter(article_id__in=ids))


def refresh_category(category: Category) -> None:
    """After a category's moderation state changed: its articles' visibility."""
    Link = Article.categories.through
    refresh_articles(Link.objects.filter(category=category).values_list("article_id", flat=True))


@transaction.atomic
def rebuild_all() -> int:
    """Recompute everything in three set-based statements, the same ones
    `refresh_articles()` runs for a batch (after bulk loads). Returns the
    number of listing rows."""
    Article.objects.update(listed=_listed_expression())
    CategoryListing.objects.all().delete()
    rows = _insert_listings(_approved_links_of_listed_articles())
    pagecache.purge()  # raw SQL sends no signals
    return rows
