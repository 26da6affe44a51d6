import os

from django.conf import settings
from django.core.checks import Error, Tags, register

from . import store

MIDDLEWARE = "pagecache.middleware.PageCacheMiddleware"
# What the page cache must run before, so a hit skips it (and its key sees the
# request these would see), and after.
INNER = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
)
OUTER = ("django.middleware.security.SecurityMiddleware",)


def _writable(path) -> bool:
    """Whether the file can be written, or created (with its missing folders)."""
    if path.exists():
        return path.is_file() and os.access(path, os.W_OK)
    folder = path.parent
    while not folder.exists():
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


@register(Tags.caches)
def check_page_cache(app_configs=None, **kwargs):
    if not getattr(settings, "PAGE_CACHE", False):
        return []
    errors = []
    if store.ALIAS not in settings.CACHES:
        errors.append(Error(f"CACHES has no {store.ALIAS!r} alias.", id="pagecache.E001"))
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        errors.append(Error(f"MIDDLEWARE lacks {MIDDLEWARE}.", id="pagecache.E002"))
    else:
        at = middleware.index(MIDDLEWARE)
        misplaced = [m for m in INNER if m in middleware[:at]]
        misplaced += [m for m in OUTER if m in middleware[at + 1 :]]
        if misplaced:
            errors.append(
                Error(
                    f"{MIDDLEWARE} must come after {', '.join(OUTER)} and before "
                    f"{', '.join(INNER)}; misplaced: {', '.join(misplaced)}.",
                    id="pagecache.E003",
                )
            )
    if store.ALIAS in settings.CACHES and store.is_local(store.get_cache()):
        path = store.generation_file()
        if not _writable(path):
            errors.append(
                Error(
                    f"The page cache's generation file {path} cannot be written: purges "
                    "would not reach the cache.",
                    hint="Set PAGE_CACHE_GENERATION_FILE to a writable path.",
                    id="pagecache.E004",
                )
            )
    return errors
