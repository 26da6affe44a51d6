from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        import reversion

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import Article

        # Every admin save keeps a revision of the whole row (categories included,
        # as the list of their ids). Restoring is done by ArticleAdmin through the
        # ordinary change form, so it passes every check a save passes.
        if not reversion.is_registered(Article):
            reversion.register(Article)
