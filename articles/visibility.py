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
from search.indexing import refresh_statistics

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


@transaction.atomic
def _refresh(article_ids: Iterable[int]) -> None:
    Link = Article.categories.through
    for ids in batched(set(article_ids), BATCH_SIZE):
        Article.objects.filter(pk__in=ids).update(listed=_listed_expression())
        CategoryListing.objects.filter(article_id__in=ids).delete()
        rows = Link.objects.filter(
            article_id__in=ids,
            article__listed=True,
            category__status=Category.Status.APPROVED,
        ).values_list("category_id", "article_id", "article__published_at", "article__expires_at")
        # INSERT ... SELECT: the rows never travel through Python.
        select, params = rows.query.sql_with_params()
        listing = connection.ops.quote_name(CategoryListing._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {listing} (category_id, article_id, published_at, expires_at) "
                + select,
                params,
            )


def refresh_category(category: Category) -> None:
    """After a category's moderation state changed: its articles' visibility."""
    Link = Article.categories.through
    refresh_articles(Link.objects.filter(category=category).values_list("article_id", flat=True))


@transaction.atomic
def rebuild_all() -> int:
    """Recompute everything in three set-based statements (after bulk loads).
    Returns the number of listing rows."""
    article = connection.ops.quote_name(Article._meta.db_table)
    link = connection.ops.quote_name(Article.categories.through._meta.db_table)
    category = connection.ops.quote_name(Category._meta.db_table)
    listing = connection.ops.quote_name(CategoryListing._meta.db_table)
    published, approved = Article.Status.PUBLISHED, Category.Status.APPROVED
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {article} SET listed = (status = %s AND (
                    NOT EXISTS (SELECT 1 FROM {link} l WHERE l.article_id = {article}.id)
                    OR EXISTS (SELECT 1 FROM {link} l JOIN {category} c ON c.id = l.category_id
                               WHERE l.article_id = {article}.id AND c.status = %s)))""",
            [published, approved],
        )
        cursor.execute(f"DELETE FROM {listing}")
        cursor.execute(
            f"""INSERT INTO {listing} (category_id, article_id, published_at, expires_at)
                SELECT l.category_id, a.id, a.published_at, a.expires_at
                FROM {link} l
                JOIN {article} a ON a.id = l.article_id
                JOIN {category} c ON c.id = l.category_id
                WHERE a.listed AND c.status = %s""",
            [approved],
        )
        rows = cursor.rowcount
    pagecache.purge()  # raw SQL sends no signals
    return rows


def analyze() -> None:
    """Refresh the planner's statistics (after an import or a rebuild): without
    them both databases can pick a full scan for the listing queries."""
    refresh_statistics()
