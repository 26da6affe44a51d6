"""The "most read" lists as pages show them: read from the cache only, so no
page runs a query for them. The beacon (views.article_view) refreshes them at
most once a minute, and so does `refresh_most_read()` (demo content, tests)."""

from django.core.cache import cache

from .counters import TODAY, WEEK, counter, local_today

MOST_READ = 5
REFRESH_SECONDS = 60
LISTS_KEY = "readership:most-read"
# Kept long: a quiet night still shows the last lists; each refresh replaces them.
LISTS_SECONDS = 2 * 86400


def most_read() -> dict[str, list[dict]]:
    """{"today": [...], "week": [...]} of {"title", "url"}; empty until counted."""
    return cache.get(LISTS_KEY) or {TODAY: [], WEEK: []}


def refresh_most_read(*, force: bool = False) -> None:
    """Recount the lists (one query on the database counter), at most once a
    minute across processes unless `force`."""
    if not force and not cache.add(f"{LISTS_KEY}:refreshing", 1, REFRESH_SECONDS):
        return
    ranked = counter().most_read(local_today(), MOST_READ)
    lists = {
        period: [{"title": a.title, "url": a.get_absolute_url()} for a in ranked[period]]
        for period in (TODAY, WEEK)
    }
    cache.set(LISTS_KEY, lists, LISTS_SECONDS)
