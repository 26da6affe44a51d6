"""What follows a save through the ORM, wherever it came from (admin, services,
import, shell), in the same transaction: the derived visibility data
(articles/visibility.py) is refreshed and the search index
(articles/search_index.py) follows. Imported by `ArticlesConfig.ready()`,
which also has the page cache watch the same models (pagecache.watch)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal, receiver

from images.body import image_ids
from images.models import Image
from people.models import Person

from . import search_index, visibility
from .models import Article, Byline, Category, Tag

# Sent by the article page when its address asks for a preview (`?preview=` or
# `?changes=`) with `request` and `slug`: a receiver (editorial/) answers the
# Article to show (unsaved changes applied) or None. Nothing is sent otherwise.
PREVIEW_PARAMETERS = {"preview", "changes"}
preview_requested = Signal()

post_save.connect(search_index.index_on_save, sender=Article, dispatch_uid="search-save")
post_delete.connect(search_index.remove_on_delete, sender=Article, dispatch_uid="search-delete")
for signal in (post_save, post_delete):
    signal.connect(search_index.byline_changed, sender=Byline, dispatch_uid="search-byline")
for label in (Person, Tag):
    pre_save.connect(search_index.label_saving, sender=label, dispatch_uid="search-label")
    post_save.connect(search_index.label_saved, sender=label, dispatch_uid="search-label")
pre_delete.connect(search_index.label_deleting, sender=Tag, dispatch_uid="search-tag")
post_delete.connect(search_index.label_deleted, sender=Tag, dispatch_uid="search-tag")


@receiver(post_save, sender=Article, dispatch_uid="articles.visibility.article_saved")
def article_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if update_fields is not None and not visibility.VISIBILITY_FIELDS & set(update_fields):
        return
    visibility.refresh_articles([instance.pk])


def relinked_articles(sender, instance, action, reverse, pk_set) -> list[int]:
    """The ids of the articles whose links through `sender` (an article
    many-to-many's table) an m2m_changed signal reports changed, once they
    have; [] before. `category.articles.clear()` gives no ids at post_clear,
    so they are remembered at pre_clear, before the links go."""
    if not reverse:
        return [instance.pk] if action in {"post_add", "post_remove", "post_clear"} else []
    if action == "pre_clear":
        instance._cleared_article_ids = list(
            sender.objects.filter(**{instance._meta.model_name: instance}).values_list(
                "article_id", flat=True
            )
        )
    elif action in {"post_add", "post_remove"}:
        return list(pk_set)
    elif action == "post_clear":
        return instance.__dict__.pop("_cleared_article_ids", [])
    return []


@receiver(m2m_changed, sender=Article.categories.through, dispatch_uid="articles.visibility.links")
def category_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if ids := relinked_articles(sender, instance, action, reverse, pk_set):
        visibility.refresh_articles(ids)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="search-tag-links")
def tag_links_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if ids := relinked_articles(sender, instance, action, reverse, pk_set):
        search_index.reindex(ids, using=using)


@receiver(post_save, sender=Category, dispatch_uid="articles.visibility.category_saved")
def category_saved(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return  # a new category has no articles yet
    if instance.loaded_status != instance.status:
        visibility.refresh_category(instance)
    instance.loaded_status = instance.status


@receiver(post_save, sender=Article, dispatch_uid="articles.body_images")
def body_images_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Article.body_images: the library images the body shows (images/usage.py
    counts them; the image admin refuses to delete them). No query when they
    did not change (`Article.saved_body_image_ids`, read with the body)."""
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    wanted = image_ids(instance.body)
    before = set() if created else instance.saved_body_image_ids
    if wanted != before:
        instance.body_images.set(Image.objects.filter(pk__in=wanted))
    instance.saved_body_image_ids = wanted
