"""Writing the search index: one document an article, replaced whole.

Search knows nothing of the `Article` model. The articles app hands it
`Document`s: from its save and delete signal handlers, from bulk writers
(`index_articles`, `remove_articles`), and, for `rebuild()`, through the
source it registers at start-up (`register_source`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import batched

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from . import backends
from .models import SearchDocument
from .tokenizer import BODY_MAX_TOKENS, TITLE_MAX_TOKENS, tokens

BATCH_SIZE = 1000

# The recency key: the publication second since 2000 in the high bits, the
# article id in the low 31, so keys are unique and sort as (published_at, id).
# Seconds are clamped to +-2**32 (1864 to 2136); unpublished articles (no
# time) sort below everything.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ID_BITS = 31
_SECONDS_LIMIT = 2**32 - 1


@dataclass(frozen=True)
class Document:
    """What search indexes of an article: the title, and everything else as
    plain text (excerpt, feature text, the body with its HTML stripped)."""

    article_id: int
    published_at: datetime | None
    title: str
    text: str


def recency_key(article_id: int, published_at: datetime | None) -> int:
    """A 64-bit key that orders documents newest last, unique per article."""
    if not 0 < article_id < 2**_ID_BITS:
        raise ValueError(f"Search indexes article ids up to 2**31, not {article_id}.")
    if published_at is None:
        seconds = -_SECONDS_LIMIT
    else:
        if timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at)
        seconds = (published_at - _EPOCH) // timedelta(seconds=1)
        seconds = max(-_SECONDS_LIMIT + 1, min(seconds, _SECONDS_LIMIT))
    return (seconds << _ID_BITS) + article_id


def _row(backend, document: Document) -> tuple:
    return backend.row(
        recency_key(document.article_id, document.published_at),
        document.article_id,
        tokens(document.title, TITLE_MAX_TOKENS),
        tokens(document.text, BODY_MAX_TOKENS),
    )


def _write(cursor, backend, documents: Iterable[Document], *, upsert: bool) -> int:
    sql, written = backends.insert_sql(backend, upsert=upsert), 0
    for batch in batched(documents, BATCH_SIZE):
        cursor.executemany(sql, [_row(backend, document) for document in batch])
        written += len(batch)
    return written


def index_articles(documents: Iterable[Document], *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Index (or index again) these articles; returns how many. For bulk
    writers that bypass `Article.save()`: call it after the write, in the same
    transaction if there is one."""
    connection = connections[using]
    backend = backends.backend_for(connection)
    with connection.cursor() as cursor:
        return _write(cursor, backend, documents, upsert=True)


def refresh_statistics(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Fresh planner statistics for the whole database, the way the engine
    needs them (SQLite: none for FTS5's shadow tables). Every bulk writer
    calls this, never a bare ANALYZE."""
    connection = connections[using]
    with connection.cursor() as cursor:
        backends.backend_for(connection).analyze(cursor)


def remove_articles(article_ids: Iterable[int], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Take these articles out of the index (deleted articles)."""
    for batch in batched(article_ids, BATCH_SIZE):
        SearchDocument.objects.using(using).filter(article_id__in=batch).delete()


_source: Callable[[], Iterable[Document]] | None = None


def register_source(source: Callable[[], Iterable[Document]]) -> None:
    """Tell `rebuild()` where every article's document comes from: a callable
    that streams them (the articles app registers one when it starts)."""
    global _source
    _source = source


def rebuild(documents: Iterable[Document] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Replace the whole index with `documents` (by default, the registered
    source's), in one transaction; returns how many were indexed.

    The engine's index is dropped, the documents are written with plain
    batched inserts, then the index is built in one pass and the database's
    statistics are refreshed. Searches wait until it commits on PostgreSQL
    (the table is truncated); on SQLite, other writers wait.
    """
    if documents is None:
        if _source is None:
            raise RuntimeError("No search source registered; is the articles app installed?")
        documents = _source()
    connection = connections[using]
    backend = backends.backend_for(connection)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        backend.begin_rebuild(cursor)
        written = _write(cursor, backend, documents, upsert=False)
        backend.finish_rebuild(cursor)
    return written
