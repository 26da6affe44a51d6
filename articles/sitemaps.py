"""Sitemaps for search engines: every public article and approved category,
the tags and people on public articles, and a Google News sitemap of the
last two days' articles.

`/sitemap.xml` is a sitemap index. Articles are split into pages by ranges of
id rather than by Django's paginator, which counts every public article and
reads deep pages with OFFSET: page N holds the public articles with ids in
((N-1)*5000, N*5000], a primary-key range read, so every page costs the same
at any archive size and every article is reachable (a page may hold fewer
than 5,000 when some ids are not public)."""

import math
from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from people.models import Person

from .models import Article, Category, Tag
from .selectors import category_listing

NEWS_SITEMAP_DAYS = 2


class IdRangePage:
    def __init__(self, object_list):
        self.object_list = object_list


class IdRangePaginator:
    """What Django's sitemap views ask of a paginator (`num_pages`, `page(n)`),
    by ranges of primary key instead of a count and an offset."""

    def __init__(self, items, per_page: int):
        self.items, self.per_page = items, per_page

    @property
    def num_pages(self) -> int:
        highest = Article.objects.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    def page(self, number) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Not a page number") from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("No such page")
        start = (number - 1) * self.per_page
        return IdRangePage(
            self.items.filter(pk__gt=start, pk__lte=start + self.per_page).order_by("pk")
        )


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # The index would otherwise read every public article for this one date;
        # it is optional in a sitemap index.
        return None


def newest_publication(articles):
    """A subquery: the newest publication time among `articles` (filtered on an
    OuterRef), when a listing page of them last changed."""
    return Subquery(articles.order_by("-published_at").values("published_at")[:1])


class CategorySitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        # A category page changes when an article appears in it: its newest
        # publication, one step into the category listing's index.
        newest = newest_publication(category_listing(OuterRef("pk")))
        return Category.objects.approved().annotate(
            changed_at=Greatest("updated_at", Coalesce(newest, "updated_at"))
        )

    def lastmod(self, category):
        return category.changed_at


class ListingSitemap(Sitemap):
    """Pages listing public articles (a tag's, a person's): each changed when
    its newest article came out (`changed_at`)."""

    changefreq = "daily"

    def lastmod(self, obj):
        return obj.changed_at

    def get_latest_lastmod(self):
        # Optional in the index, and it would read every listing's newest article.
        return None


class TagSitemap(ListingSitemap):
    def items(self):
        newest = newest_publication(Article.objects.published().filter(tags=OuterRef("pk")))
        return Tag.objects.on_public_articles().annotate(changed_at=newest).order_by("pk")


class PersonSitemap(ListingSitemap):
    """Author and desk pages of everyone with a byline on a public article."""

    def items(self):
        public = Article.objects.published().filter(bylines__person=OuterRef("pk"))
        return (
            Person.objects.filter(Exists(public))
            .annotate(changed_at=newest_publication(public))
            .order_by("pk")
        )


class NewsSitemap(Sitemap):
    """Google News: articles published in the last two days (at most 1,000)."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return Article.objects.published().filter(published_at__gte=since)[: self.limit]

    def lastmod(self, article):
        return article.updated_at
