from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from .models import Category

NAV_CACHE_KEY = "articles:nav-categories"
NAV_CACHE_SECONDS = 60


def _nav_links() -> list[dict]:
    return [
        {"pk": category.pk, "name": category.name, "url": category.get_absolute_url()}
        for category in Category.objects.approved().only("name", "slug")
    ]


def _nav_categories():
    # Cached briefly, addresses included: the header shows on every page.
    # Moderation forgets it at once (forget_nav_categories).
    return cache.get_or_set(NAV_CACHE_KEY, _nav_links, NAV_CACHE_SECONDS)


def forget_nav_categories() -> None:
    """Drop the cached header categories (after moderation changed them)."""
    cache.delete(NAV_CACHE_KEY)


def site(request):
    """The site's name and address, and the header's categories (queried only when shown)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL.rstrip("/"),
        "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
        "nav_categories": SimpleLazyObject(_nav_categories),
    }
