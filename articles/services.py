"""Changes of state. Views, admin actions and commands call these.

Each takes the acting user as `actor` (None for commands and the system), checks
that the actor may do it, and records an AuditEvent in the same transaction.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

import pagecache
from images.alt import images_missing_alt
from images.alt import refusal as alt_refusal

from . import roles, visibility
from .context_processors import forget_nav_categories
from .models import Article, AuditEvent, Category, Correction, SlugRedirect, Tag

# Sent in the transaction of every moderation decision (approve, reject, merge,
# retire) with `category`, `actor` and `action` (an AuditEvent.Action); the
# editorial app notifies the proposer.
category_decided = Signal()


def _require(actor, allowed) -> None:
    if actor is not None and not allowed(actor):
        raise PermissionDenied


def audit_event(*, actor, action, article=None, category=None, detail="") -> AuditEvent:
    """An audit record, not yet saved (the import saves them a batch at a time)."""
    return AuditEvent(
        actor=actor,
        action=action,
        article=article,
        category=category,
        object_repr=str(article or category)[:300],
        detail=detail,
    )


def record_audit_event(**kwargs) -> AuditEvent:
    event = audit_event(**kwargs)
    event.save()
    return event


# Articles


@transaction.atomic
def article_publish(
    *, article: Article, actor=None, at: datetime | None = None, check_alt_text: bool = True
) -> Article:
    """Publish now, or schedule for `at`. Keeps an existing publication time.
    `check_alt_text=False`: the caller checked it (the admin's form)."""
    _require(actor, roles.can_publish)
    if check_alt_text:
        require_alt_text(article)
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean(exclude=["slug"], validate_unique=False)
    article.save(update_fields=["status", "published_at"])
    scheduled = article.published_at > timezone.now()
    record_audit_event(
        actor=actor,
        action=AuditEvent.Action.SCHEDULED if scheduled else AuditEvent.Action.PUBLISHED,
        article=article,
        detail=_("for %(time)s") % {"time": article.published_at.isoformat()} if scheduled else "",
    )
    return article


def images_without_alt_text(article: Article) -> list[str]:
    """The article's hero and body images readers would get without a
    description (in words, for the editor)."""
    return images_missing_alt(
        hero=article.hero if article.hero_id else None,
        hero_alt=article.hero_image_alt,
        hero_decorative=article.hero_image_decorative,
        body=article.body,
    )


def require_alt_text(article: Article, *, already_missing=()) -> None:
    """Refuse to publish an article whose hero or body images lack alt text
    (unless marked decorative), naming them; those in `already_missing` (a
    published article's, as it was) are let through."""
    missing = [image for image in images_without_alt_text(article) if image not in already_missing]
    if missing:
        raise alt_refusal(missing)


def article_schedule(*, article: Article, at: datetime, actor=None) -> Article:
    """Publish at a future time: the article appears by itself then (public queries
    compare with now; no job runs)."""
    if at <= timezone.now():
        raise ValidationError({"published_at": _("A scheduled time must be in the future.")})
    return article_publish(article=article, actor=actor, at=at)


@transaction.atomic
def article_unpublish(*, article: Article, actor=None) -> Article:
    """Take an article off the public site; it becomes a draft again."""
    _require(actor, roles.can_publish)
    article.status = Article.Status.DRAFT
    article.full_clean(exclude=["slug"], validate_unique=False)
    article.save(update_fields=["status"])
    record_audit_event(actor=actor, action=AuditEvent.Action.UNPUBLISHED, article=article)
    return article


@transaction.atomic
def article_redirect_old_slug(*, article: Article, old_slug: str, was_public: bool) -> None:
    """After a rename, send the old address to the article's current one.

    Redirects point at the article, not at a slug, so a chain of renames is always
    one hop. An address readers never saw gets no redirect.
    """
    SlugRedirect.objects.filter(old_slug=article.slug).delete()  # renamed back
    if was_public and old_slug and old_slug != article.slug:
        SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


@transaction.atomic
def correction_add(
    *, article: Article, text: str, actor=None, at: datetime | None = None
) -> Correction:
    """Append a dated correction note to a published article. Readers see it at
    the end of the article and the article's "수정" time moves to it."""
    _require(actor, roles.can_publish)
    if article.status != Article.Status.PUBLISHED:
        raise ValidationError(_("Only a published article takes a correction."))
    correction = Correction(
        article=article, text=text.strip(), published_at=at or timezone.now(), created_by=actor
    )
    correction.full_clean()
    correction.save()
    if article.revised_at is None or article.revised_at < correction.published_at:
        article.revised_at = correction.published_at
        article.save(update_fields=["revised_at"])
    record_audit_event(
        actor=actor, action=AuditEvent.Action.CORRECTED, article=article, detail=correction.text
    )
    return correction


# Tags


def _move_links(through, field: str, source_ids, target_id) -> set[int]:
    """Link the articles of the `source_ids` (an m2m `through` model's
    `field`) to `target_id` too; the ids of those articles. Bulk writes: no
    signals are sent."""
    moved = set(
        through.objects.filter(**{f"{field}__in": source_ids}).values_list("article_id", flat=True)
    )
    already = set(
        through.objects.filter(**{field: target_id, "article_id__in": moved}).values_list(
            "article_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(article_id=pk, **{field: target_id}) for pk in moved - already]
    )
    return moved


@transaction.atomic
def tag_merge(*, sources, target: Tag, actor=None) -> Tag:
    """Move the articles of the `sources` tags to `target` and delete the
    sources (their pages then answer 404)."""
    _require(actor, roles.can_publish)
    sources = [tag for tag in sources if tag.pk != target.pk]
    if not sources:
        raise ValidationError(_("Choose another tag to merge into."))
    source_ids = [tag.pk for tag in sources]
    moved = _move_links(Article.tags.through, "tag_id", source_ids, target.pk)
    names = ", ".join(tag.name for tag in sources)
    Tag.objects.filter(pk__in=source_ids).delete()  # their links go with them
    # Anyone with one of these articles open must reload it before saving.
    Article.objects.filter(pk__in=moved).update(version=F("version") + 1)
    pagecache.purge()  # the bulk writes sent no signals
    record_audit_event(
        actor=actor,
        action=AuditEvent.Action.MERGED,
        detail=_("Tags %(sources)s merged into %(target)s (%(count)d articles).")
        % {"sources": names, "target": target.name, "count": len(moved)},
    )
    return target


# Categories


@transaction.atomic
def category_propose(*, category: Category, actor) -> Category:
    """Add a category as a proposal; moderators' own additions are approved at once."""
    category.status = Category.Status.PROPOSED
    category.proposed_by = actor
    category.full_clean()
    category.save()
    record_audit_event(actor=actor, action=AuditEvent.Action.PROPOSED, category=category)
    if actor is not None and roles.can_moderate(actor):
        category_approve(category=category, actor=actor)
    return category


def _moderate(*, category: Category, actor, status, note: str, action) -> Category:
    _require(actor, roles.can_moderate)
    category.status = status
    category.moderation_note = note
    category.full_clean()
    category.save()
    record_audit_event(actor=actor, action=action, category=category, detail=note)
    category_decided.send(sender=Category, category=category, actor=actor, action=action)
    transaction.on_commit(forget_nav_categories)  # the header lists approved categories
    return category


@transaction.atomic
def category_approve(*, category: Category, actor=None) -> Category:
    """Make a proposed (or rejected, or retired) category public."""
    category.merged_into = None
    return _moderate(
        category=category,
        actor=actor,
        status=Category.Status.APPROVED,
        note="",
        action=AuditEvent.Action.APPROVED,
    )


@transaction.atomic
def category_reject(*, category: Category, reason: str, actor=None) -> Category:
    """Turn a proposal down; the reason is shown to the proposer in the admin."""
    if not reason.strip():
        raise ValidationError({"moderation_note": _("Give the proposer a reason.")})
    return _moderate(
        category=category,
        actor=actor,
        status=Category.Status.REJECTED,
        note=reason.strip(),
        action=AuditEvent.Action.REJECTED,
    )


@transaction.atomic
def category_retire(*, category: Category, note: str = "", actor=None) -> Category:
    """Take a category off the public site; its address answers 410 Gone."""
    return _moderate(
        category=category,
        actor=actor,
        status=Category.Status.RETIRED,
        note=note.strip(),
        action=AuditEvent.Action.RETIRED,
    )


@transaction.atomic
def category_merge(*, source: Category, target: Category, actor=None) -> Category:
    """Move `source`'s articles to `target` and retire `source`; its address (and
    feed) redirect permanently to `target`. Earlier merges into `source` follow on,
    so redirects stay one hop."""
    _require(actor, roles.can_moderate)
    if source.pk == target.pk or target.merged_into_id is not None:
        raise ValidationError(_("Choose another category to merge into."))
    if target.status != Category.Status.APPROVED:
        raise ValidationError(_("Merge into an approved category."))
    through = Article.categories.through
    moved = _move_links(through, "category_id", [source.pk], target.pk)
    through.objects.filter(category=source).delete()
    visibility.refresh_articles(moved)  # bulk writes send no signals
    # Anyone with one of these articles open must reload it before saving.
    Article.objects.filter(pk__in=moved).update(version=F("version") + 1)
    Category.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    _moderate(
        category=source,
        actor=actor,
        status=Category.Status.RETIRED,
        note=_("Merged into %(target)s.") % {"target": target.name},
        action=AuditEvent.Action.MERGED,
    )
    return target
