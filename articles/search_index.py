"""What search sees of an article, and keeping the index in step with it.

The search app (search/) sits below this one and knows no `Article`: this
module turns articles into `search.indexing.Document`s, and articles/apps.py
connects the handlers below to `Article`'s save and delete signals.

Bulk writers that bypass `save()` (queryset updates, bulk_create) call
`index_articles(documents(queryset))` or `index_articles(map(document_of, articles))`
after writing, and `remove_articles(ids)` after deleting without signals.
"""

from collections.abc import Iterator

from search.indexing import Document, index_articles, remove_articles
from search.tokenizer import html_to_text

# Saving any of these refreshes the article's document: the text, and the
# publication time its recency key is made of.
INDEXED_FIELDS = frozenset({"title", "excerpt", "feature_text", "body", "published_at"})
_COLUMNS = ("pk", "published_at", "title", "excerpt", "feature_text", "body")


def _document(pk, published_at, title, excerpt, feature_text, body) -> Document:
    return Document(
        pk, published_at, title, "\n".join([excerpt, feature_text, html_to_text(body)])
    )


def document_of(article) -> Document:
    return _document(*(getattr(article, column) for column in _COLUMNS))


def documents(queryset, *, chunk_size: int = 2000) -> Iterator[Document]:
    """The documents of a queryset's articles, streamed (a server-side cursor
    on PostgreSQL); works on the historical models migrations hand out."""
    rows = queryset.order_by().values_list(*_COLUMNS).iterator(chunk_size=chunk_size)
    return (_document(*row) for row in rows)


def index_on_save(sender, instance, update_fields, using, **kwargs):
    if update_fields is None or INDEXED_FIELDS & update_fields:
        index_articles([document_of(instance)], using=using)


def remove_on_delete(sender, instance, using, **kwargs):
    remove_articles([instance.pk], using=using)
