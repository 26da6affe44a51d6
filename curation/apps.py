from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "curation"
    verbose_name = _("Curation")

    def ready(self):
        import pagecache
        from articles import frontpage
        from articles import selectors as article_selectors

        from . import selectors
        from .models import Placement

        # A placement changes the home page when it is saved or deleted, and by
        # itself when its time window opens or closes: no cached page outlives
        # either (the opening and closing times join the one query that finds
        # the page cache's horizon).
        pagecache.watch(Placement)
        article_selectors.add_scheduled_change(selectors.next_placement_start)
        article_selectors.add_scheduled_change(selectors.next_placement_end)
        frontpage.register(selectors.front_page)
