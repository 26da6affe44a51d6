"""Where cached pages live: the `pages` cache, one entry per page, every entry's
key carrying the content generation it was rendered under.

The generation is a token that changes whenever any public content may have
changed (`bump()`, called by `pagecache.purge()`). Bumping it drops every page
at once, in every process, without deleting anything: old entries are simply
never asked for again and age out.

Where the generation lives depends on the `pages` cache:

- A shared cache (Redis, Memcached, database): in the cache itself. A lookup
  asks for the generation and for the page under the generation this process
  saw last in one round trip (`get_many`, Redis MGET); only after a bump does
  it take a second trip.
- A cache local to the process (`LocMemCache`, the default): each process has
  its own pages, but a bump in any process (a gunicorn worker saving in the
  admin, an import command) must reach every process on the host. There the
  generation is the modification time of a small file (`generation_file()`),
  set explicitly and strictly increasing; reading it is one `stat()` (about a
  microsecond). Such a cache is for one host only.

Next to the generation, each generation keeps a *horizon record* (since,
horizon): the time it was computed and the next moment public content changes
by itself (a scheduled publication, an embargo end, see `add_horizon`). No
cached page lives past the horizon, so time-driven changes need no purge and
no cron.
"""

import fcntl
import functools
import hashlib
import math
import os
import secrets
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

ALIAS = "pages"
GENERATION_KEY = "generation"
# Horizon records are small; one per generation and recomputed when missing.
RECORD_SECONDS = 24 * 60 * 60
# Steps tried when a file system keeps modification times coarser than 1 ns.
_MTIME_STEPS_NS = (1, 1_000, 1_000_000, 1_000_000_000, 2_000_000_000)

_horizons = []
_last_generation = {}  # shared-cache mode: the generation this process saw last
# Whether this process has read or stored a page since its last bump: a purge
# inside a transaction then bumps at once too (see pagecache.purge()).
_state = {"touched": False}


def get_cache():
    return caches[ALIAS]


def is_local(cache) -> bool:
    """Whether `cache` lives in this process only (so the generation lives in a file)."""
    return isinstance(cache, LocMemCache)


def generation_file() -> Path:
    """PAGE_CACHE_GENERATION_FILE, or a file in the temporary folder named after the project."""
    return _generation_file(
        getattr(settings, "PAGE_CACHE_GENERATION_FILE", ""),
        str(getattr(settings, "BASE_DIR", os.getcwd())),
    )


@functools.cache
def _generation_file(configured: str, project: str) -> Path:
    if configured:
        return Path(configured)
    digest = hashlib.sha1(project.encode(), usedforsecurity=False).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"pagecache-{digest}.generation"


# The generation


def _file_generation(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        _bump_file(path)
        return os.stat(path).st_mtime_ns


def _bump_file(path: Path) -> None:
    """Set the file's modification time past its current one, under a lock, so
    two bumps at the same instant (or with the clock set back) still differ."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        old = os.fstat(fd).st_mtime_ns
        for step in _MTIME_STEPS_NS:
            new = max(time.time_ns(), old + step)
            os.utime(fd, ns=(new, new))
            if os.fstat(fd).st_mtime_ns > old:
                return
        raise OSError(f"cannot move the modification time of {path} forward")
    finally:
        os.close(fd)  # releases the lock


def _cache_generation(cache) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First use, or evicted: whoever adds first wins; a purge's set() is
        # never overwritten by add().
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY) or secrets.token_hex(8)
    return generation


def current_generation(cache=None):
    cache = cache or get_cache()
    if is_local(cache):
        return _file_generation(generation_file())
    generation = _cache_generation(cache)
    _last_generation[ALIAS] = generation
    return generation


def bump(cache=None) -> None:
    """A new generation: every page cached so far is no longer served."""
    cache = cache or get_cache()
    if is_local(cache):
        _bump_file(generation_file())
    else:
        cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    _state["touched"] = False


# Pages


def page_key(generation, language: str, uri: str) -> str:
    digest = hashlib.md5(uri.encode(), usedforsecurity=False).hexdigest()
    return f"p:{generation}:{language}:{digest}"


def lookup(language: str, uri: str):
    """(generation, entry or None) for a page, in one cache round trip when the
    generation is the one this process saw last."""
    cache = get_cache()
    _state["touched"] = True
    if is_local(cache):
        generation = _file_generation(generation_file())
        return generation, cache.get(page_key(generation, language, uri))
    last = _last_generation.get(ALIAS)
    if last is not None:
        wanted = page_key(last, language, uri)
        found = cache.get_many([GENERATION_KEY, wanted])
        if found.get(GENERATION_KEY) == last:
            return last, found.get(wanted)
    generation = current_generation(cache)
    return generation, cache.get(page_key(generation, language, uri))


def store(generation, language: str, uri: str, entry, seconds: float) -> None:
    get_cache().set(page_key(generation, language, uri), entry, timeout=math.ceil(seconds))


# The horizon


def add_horizon(function) -> None:
    """Register `function(after: datetime) -> datetime | None`: the first moment
    after `after` at which public content changes by itself. It may query the
    database; it runs at most once per generation and horizon."""
    if function not in _horizons:
        _horizons.append(function)


def _next_local_midnight(after: datetime) -> datetime:
    # Pages may show today's date (the footer's year): never keep one past a day.
    local = timezone.localtime(after)
    tomorrow = (local + timedelta(days=1)).date()
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def compute_horizon(after: float) -> float:
    moment = datetime.fromtimestamp(after, UTC)
    candidates = [_next_local_midnight(moment)]
    candidates += [change for function in _horizons if (change := function(moment))]
    return min(candidates).timestamp()


def horizon_record(generation, started: float) -> tuple[float, float]:
    """(since, horizon) valid for a page whose rendering began at `started`:
    public content changes by itself at `horizon` at the earliest, and has not
    changed in this generation since `since` (the page's Last-Modified)."""
    cache = get_cache()
    key = f"h:{generation}"
    record = cache.get(key)
    if record is not None and record[0] <= started < record[1]:
        return record
    record = (started, compute_horizon(started))
    cache.set(key, record, timeout=RECORD_SECONDS)
    return record
