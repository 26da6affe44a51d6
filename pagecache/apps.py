from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import cdn, checks  # noqa: F401  (connect the CDN purge; register the checks)
