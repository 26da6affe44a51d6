from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importing"
    verbose_name = _("Importing")
