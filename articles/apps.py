from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion

        from search.indexing import register_source

        from . import search_index
        from .models import Article

        # Every admin save keeps a revision of the whole row (categories included,
        # as the list of their ids). Restoring is done by ArticleAdmin through the
        # ordinary change form, so it passes every check a save passes.
        if not reversion.is_registered(Article):
            reversion.register(Article)

        # The search index follows every save and delete (search_index.py).
        post_save.connect(search_index.index_on_save, sender=Article, dispatch_uid="search-save")
        post_delete.connect(
            search_index.remove_on_delete, sender=Article, dispatch_uid="search-delete"
        )
        register_source(lambda: search_index.documents(Article.objects.all()))
