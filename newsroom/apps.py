from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin, with the site of newsroom/admin.py as `admin.site`."""

    default_site = "newsroom.admin.NewsroomAdminSite"
