"""Dropping every cached page when public content may have changed.

`purge()` bumps the generation once the current transaction commits: a page
rendered before the commit can then only be stored under the old generation,
never served again. `watch()` connects model signals to `purge()`; bulk
writes that send no signals (`QuerySet.update`, `bulk_create`, raw SQL) call
`purge()` themselves.
"""

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import signals, store


def _bump(*, notify: bool) -> None:
    signals.purging.send(sender=None)
    store.bump()
    if notify:
        signals.purged.send(sender=None)


def _bump_after_commit() -> None:
    _bump(notify=True)


def _bump_pending(connection) -> bool:
    """Whether a bump is already due at commit and cannot be rolled back
    without the current savepoint going too (registered at this level or outside)."""
    current = set(connection.savepoint_ids)
    return any(
        func is _bump_after_commit and sids <= current
        for sids, func, _robust in connection.run_on_commit
    )


def purge(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop every cached page once the current transaction commits (at once
    outside a transaction).

    Inside a transaction, if this process has read pages since its last bump,
    the generation is bumped at once as well: a page read later in the same
    transaction (by a test, or a view running inside ATOMIC_REQUESTS) sees the
    uncommitted change, and whatever another process stores meanwhile, from
    the data before the commit, is dropped by the bump at commit.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        _bump(notify=True)
        return
    if store._state["touched"]:
        _bump(notify=False)
    if not _bump_pending(connection):
        transaction.on_commit(_bump_after_commit, using=using)


def watch(*models, fields=None) -> None:
    """Purge after every save or delete of these models, and after every change
    of an m2m `through` model's links. With `fields`, a save that names its
    `update_fields` purges only if it touches one of them."""
    fields = set(fields) if fields is not None else None

    def saved(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs):
        if fields is None or update_fields is None or fields & set(update_fields):
            purge(using)

    def deleted(sender, using=DEFAULT_DB_ALIAS, **kwargs):
        purge(using)

    def links_changed(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
        if action in {"post_add", "post_remove", "post_clear"}:
            purge(using)

    for model in models:
        uid = f"pagecache.watch.{model._meta.label}"
        if model._meta.auto_created:  # an m2m through model
            m2m_changed.connect(links_changed, sender=model, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
