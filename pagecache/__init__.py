"""A page cache for anonymous readers that is never stale (see README, "Page cache").

    pagecache.purge()              drop every cached page when the transaction commits
    pagecache.watch(Model, ...)    purge after every save/delete (or m2m change) of these
    pagecache.add_horizon(func)    func(after) -> the next moment content changes by itself

The app knows no model: the project wires it (articles/apps.py).
"""

from . import signals
from .invalidation import purge, watch
from .store import add_horizon

__all__ = ["add_horizon", "purge", "signals", "watch"]
