"""Listing pages that never count the archive: keyset ("newer"/"older") links.

A page is read in two steps: the keys of its rows (publication time and id, an
index-only range scan from a cursor, whatever the depth), then the rows
themselves by id. Links carry an opaque cursor, `?before=` (older) or
`?after=` (newer), encoding the time and id of the page's last or first row,
so the 500th page costs what the first costs.

Old `?page=N` addresses keep working: they need the total, which is counted
once and cached for a few minutes (a page number may then be off by the few
articles published meanwhile), and are read from whichever end of the
listing is nearer, so the deepest page is as cheap as page 1.
"""

import base64
import binascii
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404

PAGE_SIZE = 20
COUNT_CACHE_SECONDS = 300
# Legacy page numbers past this are refused rather than counted toward.
MAX_PAGE_NUMBER = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass
class KeysetPage:
    object_list: list
    newer_cursor: str = ""
    older_cursor: str = ""
    number: int | None = None  # only for legacy ?page=N requests
    is_first: bool = True
    keys: list = field(default_factory=list, repr=False)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.newer_cursor or self.older_cursor or not self.is_first)


# Ids are 64-bit signed integers; a larger one cannot even be bound by SQLite.
_MAX_ID = 2**63 - 1


def encode_cursor(published_at: datetime, pk: int) -> str:
    micros = (published_at - _EPOCH) // _MICROSECOND  # exact, unlike a float timestamp
    return base64.urlsafe_b64encode(f"{micros}.{pk}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """(time, id) from a cursor; a 404 for anything we did not write."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        micros, pk = (int(part) for part in text.split("."))
        if not 0 <= pk <= _MAX_ID:
            raise ValueError("an id no database row has")
        when = _EPOCH + micros * _MICROSECOND
    except (ValueError, TypeError, binascii.Error, OverflowError, OSError, UnicodeError):
        raise Http404("Invalid page cursor") from None
    return when, pk


class KeysetPaginator:
    """Pages of `keys`: a queryset whose `time_field` and `id_field` order the
    listing (newest first) and are covered by one index."""

    def __init__(self, keys: QuerySet, *, time_field="published_at", id_field="id", label=""):
        self.keys = keys
        self.time_field, self.id_field = time_field, id_field
        self.label = label  # names the cached total of legacy page numbers

    def _older_than(self, when, pk):
        # `time <= t` is the index range; the NOT drops the rows of the same
        # instant up to and including the cursor's own.
        return Q(**{f"{self.time_field}__lte": when}) & ~Q(
            **{self.time_field: when, f"{self.id_field}__gte": pk}
        )

    def _newer_than(self, when, pk):
        return Q(**{f"{self.time_field}__gte": when}) & ~Q(
            **{self.time_field: when, f"{self.id_field}__lte": pk}
        )

    def _read(self, queryset, *, newest_first=True, offset=0, limit=PAGE_SIZE + 1):
        sign = "-" if newest_first else ""
        rows = queryset.order_by(f"{sign}{self.time_field}", f"{sign}{self.id_field}")
        return list(rows.values_list(self.time_field, self.id_field)[offset : offset + limit])

    def page(self, request) -> KeysetPage:
        """The page a request asks for: `?before=`, `?after=`, `?page=N` or the first."""
        before, after = request.GET.get("before"), request.GET.get("after")
        if before:
            keys = self._read(self.keys.filter(self._older_than(*decode_cursor(before))))
            return self._page(keys[:PAGE_SIZE], has_older=len(keys) > PAGE_SIZE, has_newer=True)
        if after:
            keys = self._read(
                self.keys.filter(self._newer_than(*decode_cursor(after))), newest_first=False
            )
            has_newer = len(keys) > PAGE_SIZE
            return self._page(keys[:PAGE_SIZE][::-1], has_older=True, has_newer=has_newer)
        number = request.GET.get("page")
        if number not in (None, "", "1"):
            return self._numbered_page(number)
        keys = self._read(self.keys)
        return self._page(keys[:PAGE_SIZE], has_older=len(keys) > PAGE_SIZE, has_newer=False)

    def _numbered_page(self, number: str) -> KeysetPage:
        try:
            number = int(number)
        except ValueError:
            raise Http404("Invalid page number") from None
        if not 1 <= number <= MAX_PAGE_NUMBER:
            raise Http404("Invalid page number")
        total = self.count()
        start = (number - 1) * PAGE_SIZE
        if start >= total:
            raise Http404("No such page")
        size = min(PAGE_SIZE, total - start)
        if start <= total // 2:
            keys = self._read(self.keys, offset=start, limit=size)
        else:  # nearer the oldest end: read from there
            keys = self._read(
                self.keys, newest_first=False, offset=total - start - size, limit=size
            )[::-1]
        page = self._page(keys, has_older=start + size < total, has_newer=number > 1)
        page.number = number
        return page

    def _page(self, keys, *, has_older: bool, has_newer: bool) -> KeysetPage:
        return KeysetPage(
            object_list=[],
            keys=keys,
            newer_cursor=encode_cursor(*keys[0]) if keys and has_newer else "",
            older_cursor=encode_cursor(*keys[-1]) if keys and has_older else "",
            is_first=not has_newer,
        )

    def count(self) -> int:
        """The listing's total, for legacy page numbers only (cached)."""
        key = f"articles:listing-count:{self.label}" if self.label else None
        if key is None:
            return self.keys.count()
        return cache.get_or_set(key, self.keys.count, COUNT_CACHE_SECONDS)
