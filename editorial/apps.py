from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from articles.services import category_decided
        from articles.signals import preview_requested

        from . import names, notifications, preview

        names.install()

        preview_requested.connect(preview.article_for_preview, dispatch_uid="editorial.preview")
        category_decided.connect(
            notifications.category_decided, dispatch_uid="editorial.category_decided"
        )
