from axes.apps import AppConfig as DjangoAxesConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin, with the site of newsroom/admin.py as `admin.site`,
    and the project's own system checks (newsroom/checks.py)."""

    default_site = "newsroom.admin.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  (registers them)


class AxesConfig(DjangoAxesConfig):
    """django-axes, under a name the admin can show in its language."""

    verbose_name = _("Login throttling")
