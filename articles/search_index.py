"""What search sees of an article, and keeping the index in step with it.

The search app (search/) sits below this one and knows no `Article`: this
module turns articles into `search.indexing.Document`s, and articles/signals.py
connects the handlers below (and its own for tag links) to the saves and
deletes that change a document: the article's own, its bylines', its tags',
and a rename of a person or a tag it carries (readers search for "최민지" or
"총선" and expect the reporter's and the tag's articles).

Bulk writers that bypass `save()` (queryset updates, bulk_create) call
`reindex(ids)` (or `index_articles(documents(queryset))`) after writing, and
`remove_articles(ids)` after deleting without signals.
"""

from collections.abc import Iterable, Iterator

from django.core.exceptions import FieldDoesNotExist

from people import jsonrows
from people.credits import credits_from_json, credits_rows
from people.jsonrows import JSONRows
from search.indexing import Document, index_articles, remove_articles
from search.tokenizer import html_to_text

from .models import Article

# Saving any of these refreshes the article's document: the text, and the
# publication time its recency key is made of.
INDEXED_FIELDS = frozenset({"title", "excerpt", "feature_text", "body", "byline", "published_at"})
_COLUMNS = ("pk", "published_at", "title", "excerpt", "feature_text", "body")


def _document(pk, published_at, title, excerpt, feature_text, body, labels=()) -> Document:
    """The title, then the rest as text: excerpt, feature text, the body without
    its HTML, and the names the article is labelled with (bylines, tags)."""
    text = "\n".join([excerpt, feature_text, html_to_text(body), *labels])
    return Document(pk, published_at, title, text)


def _labels(byline: str, credits_json, tags_json) -> list[str]:
    names = [credit.name for credit in credits_from_json(credits_json)] or [byline]
    return [*names, *(row["name"] for row in jsonrows.loads(tags_json))]


def _label_annotations(model) -> dict:
    """Each article's bylines and tags as JSON in its own row, where `model`
    has them: a migration's historical model from before they existed has not."""
    try:
        bylines = model._meta.get_field("bylines").related_model
        tags = model._meta.get_field("tags")
    except FieldDoesNotExist:
        return {}
    tag_names = {"name": (tags.related_model, "name")}
    links = tags.remote_field.through
    return {
        "credits_json": credits_rows(bylines),
        "tags_json": JSONRows(links, link="article", join="tag", fields=tag_names),
    }


def documents(queryset, *, chunk_size: int = 2000) -> Iterator[Document]:
    """The documents of a queryset's articles, streamed (a server-side cursor
    on PostgreSQL); works on the historical models migrations hand out."""
    annotations = _label_annotations(queryset.model)
    columns = _COLUMNS + (("byline", *annotations) if annotations else ())
    rows = (
        queryset.order_by()
        .annotate(**annotations)
        .values_list(*columns)
        .iterator(chunk_size=chunk_size)
    )
    if not annotations:
        return (_document(*row) for row in rows)
    fixed = len(_COLUMNS)
    return (_document(*row[:fixed], _labels(*row[fixed:])) for row in rows)


def reindex(article_ids: Iterable[int], *, using: str | None = None) -> None:
    """Index these articles again, by id (those that no longer exist are skipped)."""
    ids = list(article_ids)
    if ids:
        articles = Article.objects.db_manager(using).filter(pk__in=ids)
        index_articles(documents(articles), using=articles.db)


# Signal handlers (connected in articles/signals.py)


def index_on_save(sender, instance, update_fields, using, raw=False, **kwargs):
    if raw:
        return
    if update_fields is None or INDEXED_FIELDS & update_fields:
        reindex([instance.pk], using=using)  # one read for the text, bylines and tags


def remove_on_delete(sender, instance, using, **kwargs):
    remove_articles([instance.pk], using=using)


def byline_changed(sender, instance, using, raw=False, origin=None, **kwargs):
    # Deleting articles deletes their bylines first: nothing to index then.
    if raw or getattr(origin, "model", type(origin)) is Article:
        return
    reindex([instance.article_id], using=using)


def _labelled_article_ids(instance) -> list[int]:
    """The articles a person's bylines or a tag is on."""
    if instance._meta.model_name == "tag":
        return list(instance.articles.values_list("pk", flat=True))
    return list(instance.bylines.values_list("article_id", flat=True))


def label_saving(sender, instance, raw=False, **kwargs):
    """Before a person or a tag is saved: whether its name changes (a new
    photo or bio leaves a prolific reporter's thousands of documents alone)."""
    if raw or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    instance._search_renamed = before is not None and before != instance.name


def label_saved(sender, instance, using, **kwargs):
    if instance.__dict__.pop("_search_renamed", False):
        reindex(_labelled_article_ids(instance), using=using)


def label_deleting(sender, instance, **kwargs):
    instance._search_article_ids = _labelled_article_ids(instance)


def label_deleted(sender, instance, using, **kwargs):
    reindex(instance.__dict__.pop("_search_article_ids", []), using=using)
