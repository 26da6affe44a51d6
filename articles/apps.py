from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _forget_nav_categories(**kwargs):
    from .context_processors import forget_nav_categories

    forget_nav_categories()


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion

        import pagecache
        from people.models import Person
        from search.indexing import register_source

        from . import search_index, selectors, signals  # noqa: F401  (signals connects the receivers)
        from .models import Article, Byline, Category, Correction, SlugRedirect, Tag

        # Every admin save keeps a revision of the whole row (categories included,
        # as the list of their ids). Restoring is done by ArticleAdmin through the
        # ordinary change form, so it passes every check a save passes.
        if not reversion.is_registered(Article):
            reversion.register(Article)

        # The page cache (pagecache/) drops every cached page after any committed
        # change a reader could see: articles, their category links, categories,
        # slug redirects, bylines, people (names in bylines), tags, corrections.
        # Bulk writes that send no signals call pagecache.purge() themselves. Pages
        # never outlive the next scheduled publication or embargo end. A purge first
        # forgets the header's cached categories, so no page is rendered from them stale.
        pagecache.watch(Article, Article.categories.through, Category, SlugRedirect)
        pagecache.watch(Byline, Person, Tag, Article.tags.through, Correction)
        pagecache.add_horizon(selectors.next_visibility_change)
        pagecache.signals.purging.connect(
            _forget_nav_categories, dispatch_uid="articles.forget_nav_categories"
        )

        register_source(lambda: search_index.documents(Article.objects.all()))

        # The image library counts and protects the images articles use.
        from images import usage
        from images.models import Image

        usage.register("hero_uses", "body_uses")
        pagecache.watch(Image, fields={"alt", "caption", "credit", "focal_x", "focal_y"})
