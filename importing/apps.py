from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importing"
    verbose_name = _("Importing")

    def ready(self):
        import pagecache

        from .models import LegacyAddress

        # A cached 404 of an old address must go once the address leads somewhere.
        pagecache.watch(LegacyAddress)
