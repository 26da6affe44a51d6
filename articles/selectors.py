"""Reads that combine models for the public pages. Each starts from what readers
may see (`published()` or the category listings derived from it) and is shaped
to be an index range scan with a LIMIT."""

from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from .models import Article, Category, CategoryListing, shown_at

RELATED_ARTICLES = 4
# Related articles come from at most this many of the article's categories.
RELATED_FROM_CATEGORIES = 3
# What a related card shows (templates/articles/includes/related_card.html).
RELATED_CARD_FIELDS = [
    "title", "slug", "published_at", "hero_image_url",
    "hero__file", "hero__content_hash", "hero__width", "hero__height",
    "hero__focal_x", "hero__focal_y",
]  # fmt: skip


def category_listing(category):
    """The public articles of an approved category as listing rows
    (published_at, article_id), newest first: one range of `category_listing_idx`."""
    return CategoryListing.objects.filter(shown_at(timezone.now()), category=category)


# The most categories the site header shows, whatever the number of categories.
NAV_CATEGORIES = 12


def nav_categories(limit: int = NAV_CATEGORIES) -> tuple[list[Category], datetime | None]:
    """The site header's categories, and until when they hold.

    Approved categories with public articles, at most `limit`: those with a
    header position (`nav_order`) first, by position, then the most public
    articles, then by name. Which categories have public articles changes by
    itself at a scheduled publication or an embargo end: the second value is
    the next such moment (`next_visibility_change`), read by the same query.
    """
    now = timezone.now()
    public = CategoryListing.objects.filter(shown_at(now))
    in_category = public.filter(category=OuterRef("pk")).order_by()
    count = in_category.values("category").annotate(n=Count("pk")).values("n")
    next_start, next_end = _visibility_changes(now)
    categories = list(
        Category.objects.approved()
        .filter(Exists(in_category))
        .annotate(
            public_articles=Subquery(count),
            next_start=Subquery(next_start),
            next_end=Subquery(next_end),
        )
        .only("name", "slug", "nav_order")
        .order_by(F("nav_order").asc(nulls_last=True), "-public_articles", "name")[:limit]
    )
    if not categories:
        return [], next_visibility_change(now)
    moments = (categories[0].next_start, categories[0].next_end)
    return categories, min((moment for moment in moments if moment), default=None)


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
        .with_hero(renditions=False)
        .only(*RELATED_CARD_FIELDS)
        .order_by("-published_at", "-pk")[:RELATED_ARTICLES]
    )


def _visibility_changes(after: datetime):
    """Scalar subqueries: a published article's first publication time after
    `after`, and its first embargo end after `after`. One index seek each
    (`article_published_at_idx`, `article_expires_at_idx`)."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED).order_by()
    starts = published.filter(published_at__gt=after).order_by("published_at")
    ends = published.filter(expires_at__gt=after).order_by("expires_at")
    return starts.values("published_at")[:1], ends.values("expires_at")[:1]


# Apps above articles whose public output also changes at set times (curation:
# a placement's start and end) add their moments to next_visibility_change's
# query: functions of `after` returning a one-value queryset of the next one.
_scheduled_changes = []


def add_scheduled_change(subquery) -> None:
    if subquery not in _scheduled_changes:
        _scheduled_changes.append(subquery)


def next_visibility_change(after: datetime) -> datetime | None:
    """The first moment after `after` at which public pages change by
    themselves: a published article's scheduled publication time or embargo
    end (when `published()` changes), or a moment added by `add_scheduled_change`.
    None when nothing is due. The page cache (pagecache/) keeps no page past it.

    One query: the index seeks as scalar subqueries, on the first article row."""
    next_start, next_end = _visibility_changes(after)
    moments = {"next_start": Subquery(next_start), "next_end": Subquery(next_end)}
    for n, subquery in enumerate(_scheduled_changes):
        moments[f"scheduled_{n}"] = Subquery(subquery(after))
    rows = Article.objects.order_by().annotate(**moments).values_list(*moments)[:1]
    return min((moment for row in rows for moment in row if moment is not None), default=None)
