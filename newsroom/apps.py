from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin, with the site of newsroom/admin.py as `admin.site`,
    and the project's own system checks (newsroom/checks.py)."""

    default_site = "newsroom.admin.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from . import checks  # noqa: F401  (registers them)
