import math

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .selectors import nav_categories
from .templatetags.articles_tags import site_origin

NAV_CACHE_KEY = "articles:nav-categories"
NAV_CACHE_SECONDS = 60


def _nav_categories():
    # Cached briefly, addresses included: the header shows on every page.
    # Changes forget it at once (forget_nav_categories); a scheduled publication
    # or an embargo end can give a category its first public article or take
    # its last away, so it is not kept past the next one either.
    links = cache.get(NAV_CACHE_KEY)
    if links is None:
        categories, changes_at = nav_categories()
        links = [
            {"pk": category.pk, "name": category.name, "url": category.get_absolute_url()}
            for category in categories
        ]
        seconds = NAV_CACHE_SECONDS
        if changes_at is not None:
            until = (changes_at - timezone.now()).total_seconds()
            seconds = max(1, min(seconds, math.ceil(until)))
        cache.set(NAV_CACHE_KEY, links, seconds)
    return links


def forget_nav_categories() -> None:
    """Drop the cached header categories (after a change of them)."""
    cache.delete(NAV_CACHE_KEY)


def site(request):
    """The site's name and address, and the header's categories (queried only when shown)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": site_origin(request),
        "CONTENT_LANGUAGE": settings.LANGUAGE_CODE,
        "nav_categories": SimpleLazyObject(_nav_categories),
    }
