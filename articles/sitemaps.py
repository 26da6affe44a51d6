"""Sitemaps for search engines: every public article and approved category,
and a Google News sitemap of the last two days' articles."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Article, Category

NEWS_SITEMAP_DAYS = 2


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-pk")

    def lastmod(self, article):
        return article.updated_at


class CategorySitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        newest = (
            Article.objects.published()
            .filter(categories=OuterRef("pk"))
            .order_by("-updated_at")
            .values("updated_at")[:1]
        )
        return Category.objects.approved().annotate(
            changed_at=Greatest("updated_at", Coalesce(Subquery(newest), "updated_at"))
        )

    def lastmod(self, category):
        return category.changed_at


class NewsSitemap(Sitemap):
    """Google News: articles published in the last two days (at most 1,000)."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return Article.objects.published().filter(published_at__gte=since)[: self.limit]

    def lastmod(self, article):
        return article.updated_at
