from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, sitemaps, views

app_name = "articles"

SITEMAPS = {"articles": sitemaps.ArticleSitemap, "categories": sitemaps.CategorySitemap}

urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    # Django's <slug:> converter is ASCII-only; Korean slugs need <str:>.
    path("articles/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<str:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<str:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="atom_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
