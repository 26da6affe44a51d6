"""Reads that combine models for the public pages. Each starts from what readers
may see (`published()` or the category listings derived from it) and is shaped
to be an index range scan with a LIMIT."""

from datetime import datetime

from django.db.models import Q, Subquery
from django.utils import timezone

from .models import Article, CategoryListing

RELATED_ARTICLES = 4
# Related articles come from at most this many of the article's categories.
RELATED_FROM_CATEGORIES = 3
# What a related card shows (templates/articles/includes/related_card.html).
RELATED_CARD_FIELDS = [
    "title", "slug", "published_at",
    "hero_image", "hero_image_url", "hero_image_width", "hero_image_height",
]  # fmt: skip


def category_listing(category):
    """The public articles of an approved category as listing rows
    (published_at, article_id), newest first: one range of `category_listing_idx`."""
    now = timezone.now()
    return CategoryListing.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        category=category,
        published_at__lte=now,
    )


def related_articles(article) -> list[Article]:
    """The newest public articles sharing an approved category with `article`.

    Each category gives its newest few by its own index range (no sort of a
    whole category), and only those candidates are merged."""
    categories = [category.pk for category in article.categories.all()][:RELATED_FROM_CATEGORIES]
    if not categories:
        return []
    candidates = Q()
    for pk in categories:
        newest = (
            category_listing(pk)
            .exclude(article_id=article.pk)
            .order_by("-published_at", "-article_id")
            .values("article_id")[:RELATED_ARTICLES]
        )
        candidates |= Q(pk__in=newest)
    return list(
        Article.objects.published()
        .filter(candidates)
        .only(*RELATED_CARD_FIELDS)
        .order_by("-published_at", "-pk")[:RELATED_ARTICLES]
    )


def next_visibility_change(after: datetime) -> datetime | None:
    """The first moment after `after` at which `published()` changes by itself:
    a published article's scheduled publication time or embargo end. None when
    nothing is due. The page cache (pagecache/) keeps no page past it.

    One query: two index seeks (`article_published_at_idx`,
    `article_expires_at_idx`) as scalar subqueries, on the first article row."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by()
    starts = published.filter(published_at__gt=after).order_by("published_at")
    ends = published.filter(expires_at__gt=after).order_by("expires_at")
    rows = (
        Article.objects.order_by()
        .annotate(
            next_start=Subquery(starts.values("published_at")[:1]),
            next_end=Subquery(ends.values("expires_at")[:1]),
        )
        .values_list("next_start", "next_end")[:1]
    )
    return min((moment for row in rows for moment in row if moment is not None), default=None)
