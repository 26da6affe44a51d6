from django.contrib.sitemaps.views import index, sitemap
from django.urls import path, register_converter

from . import feeds, sitemaps, views


class UnicodeSlugConverter:
    """A slug in any script ("ai반도체-혁신센터"): Django's <slug:> is ASCII-only,
    and <str:> would pass anything, NUL bytes included, on to the database."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

SITEMAPS = {
    "articles": sitemaps.ArticleSitemap,
    "categories": sitemaps.CategorySitemap,
    "tags": sitemaps.TagSitemap,
    "people": sitemaps.PersonSitemap,
}

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    path("articles/<uslug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<uslug:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<uslug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("people/<uslug:slug>/", views.PersonView.as_view(), name="person"),
    path("people/<uslug:slug>/feed/", feeds.PersonFeed(), name="person_feed"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<uslug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom_feed"),
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
