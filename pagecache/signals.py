"""Signals sent around a purge (a generation bump). Receivers take `**kwargs`.

- `purging`: just before the generation changes. Connect caches that pages are
  built from (the header's categories), so a page rendered under the new
  generation cannot read them stale.
- `purged`: just after, once the change is committed. Connect caches in front of
  this one (a CDN: see `pagecache/cdn.py`). Not sent by the early bump inside a
  transaction (`pagecache.purge()`), which only this process can observe.
"""

from django.dispatch import Signal

purging = Signal()
purged = Signal()
