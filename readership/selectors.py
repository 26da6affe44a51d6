"""The "most read" lists: counted once a minute, whoever asks."""

from django.core.cache import cache

from .counters import TODAY, WEEK, counter, local_today

MOST_READ = 5
CACHE_SECONDS = 60


def most_read(limit: int = MOST_READ) -> dict[str, list[dict]]:
    """{"today": [...], "week": [...]} of {"title", "url"}: the most read
    public articles, cached for a minute (one query when not cached)."""
    today = local_today()
    key = f"readership:most-read:{today.isoformat()}:{limit}"
    lists = cache.get(key)
    if lists is None:
        ranked = counter().most_read(today, limit)
        lists = {
            period: [{"title": a.title, "url": a.get_absolute_url()} for a in ranked[period]]
            for period in (TODAY, WEEK)
        }
        cache.set(key, lists, CACHE_SECONDS)
    return lists
