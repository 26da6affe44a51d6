"""The review workflow's changes of state. Each takes the acting user as
`actor`, checks the role (articles.roles), changes the records and writes an
AuditEvent in one transaction; mail goes out on commit (notifications.py).

Publication itself stays with articles.services: publishing a reviewed draft
is `article_publish`, and publishing staged changes applies them to the row
through the model's own cleaning and the slug-redirect service.
"""

import re

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import roles, search_index
from articles import services as article_services
from articles.models import Article, AuditEvent, Byline, Category, Tag
from articles.revisions import RESTORABLE_FIELDS
from images.models import Image
from people.credits import credits_json_of
from people.models import Person

from . import notifications
from .models import ReviewRequest, StagedChange

# What a staged change may hold: the restorable text fields, the links to
# categories and tags (as sorted ids) and the hero image (its library id).
CONTENT_FIELDS = [*RESTORABLE_FIELDS, "tags", "hero", "bylines"]
LINK_FIELDS = {"categories": Category, "tags": Tag}
# Bylines as the people's ids in print order.
BYLINES = "bylines"
_REFLOW = re.compile(r">\s*\n\s*<")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def content_of(article: Article) -> dict:
    """The staged fields of `article` as saved, JSON-ready."""
    content = {
        name: getattr(article, name)
        for name in CONTENT_FIELDS
        if name not in LINK_FIELDS and name not in ("hero", BYLINES)
    }
    for name in LINK_FIELDS:
        content[name] = sorted(getattr(article, name).values_list("pk", flat=True))
    content["hero"] = article.hero_id
    content[BYLINES] = list(article.bylines.values_list("person_id", flat=True))  # print order
    return content


def content_from_form(cleaned_data: dict, article: Article) -> dict:
    content = content_of(article)
    for name in CONTENT_FIELDS:
        if name in cleaned_data:
            value = cleaned_data[name]
            if name in LINK_FIELDS:
                value = sorted(item.pk for item in value)
            elif name == "hero":
                value = value.pk if value is not None else None
            content[name] = value
    return content


def with_content(article: Article, content: dict) -> Article:
    """`article` (unsaved) showing `content`: for previews, and before a save
    that publishes it (links are then set by `_set_links`)."""
    for name, value in content.items():
        if name == "hero":
            article.hero = Image.objects.filter(pk=value).first() if value else None
        elif name == BYLINES:
            people = Person.objects.in_bulk(value)
            article.credits_json = credits_json_of(people[pk] for pk in value if pk in people)
        elif name in CONTENT_FIELDS and name not in LINK_FIELDS:
            setattr(article, name, value)
    links = {
        name: list(model.objects.filter(pk__in=content[name]))
        for name, model in LINK_FIELDS.items()
        if name in content
    }
    if links:
        article.__dict__.pop("tags_json", None)  # the page reads the tags shown here
        article._prefetched_objects_cache = {
            **getattr(article, "_prefetched_objects_cache", {}),
            **links,
        }
    return article


def _set_links(article: Article, content: dict, fields) -> None:
    """Publish staged categories, tags and bylines; a row deleted (or merged)
    since is left out."""
    for name, model in LINK_FIELDS.items():
        if name in fields:
            getattr(article, name).set(model.objects.filter(pk__in=content[name]))
    if BYLINES in fields:
        people = Person.objects.in_bulk(content[BYLINES])
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, person=people[pk], position=position)
            for position, pk in enumerate(content[BYLINES])
            if pk in people
        )
        search_index.reindex([article.pk])  # bulk_create sends no signals


# Drafts: submit, send back, approve


@transaction.atomic
def review_submit(*, article: Article, actor, note: str = "") -> ReviewRequest:
    """Ask an editor to review a draft. Submitting again while one is open
    updates its note."""
    _require(roles.can_edit_article(actor, article))
    if article.status == Article.Status.PUBLISHED:
        raise ValidationError(_("This article is already published."))
    review, _created = ReviewRequest.objects.update_or_create(
        article=article,
        state=ReviewRequest.State.OPEN,
        defaults={"note": note.strip(), "requested_by": actor},
    )
    article_services.record_audit_event(
        actor=actor, action=AuditEvent.Action.SUBMITTED, article=article, detail=note.strip()
    )
    notifications.on_commit(notifications.submitted, review)
    return review


@transaction.atomic
def review_send_back(*, article: Article, actor, reason: str) -> ReviewRequest:
    """Return a draft in review to its writer with a reason."""
    _require(roles.can_publish(actor))
    if not reason.strip():
        raise ValidationError(_("Tell the writer why the article goes back."))
    review = ReviewRequest.objects.open().select_for_update().filter(article=article).first()
    if review is None:
        raise ValidationError(_("This article is not waiting for review."))
    review.state = ReviewRequest.State.SENT_BACK
    review.reason = reason.strip()
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save()
    article_services.record_audit_event(
        actor=actor, action=AuditEvent.Action.SENT_BACK, article=article, detail=review.reason
    )
    notifications.on_commit(notifications.sent_back, review)
    return review


@transaction.atomic
def review_approve(*, article: Article, actor) -> ReviewRequest | None:
    """Close the open review of an article that was just published or scheduled
    (the publication service has audited that); tell the writer."""
    review = ReviewRequest.objects.open().select_for_update().filter(article=article).first()
    if review is None:
        notifications.on_commit(notifications.published, article, actor)
        return None
    review.state = ReviewRequest.State.APPROVED
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save()
    notifications.on_commit(notifications.approved, review)
    return review


# Changes to published articles


@transaction.atomic
def changes_stage(*, article: Article, actor, content: dict, base_version: int, note: str = ""):
    """Keep `actor`'s edit of a published article for review; the live row is
    untouched. One pending change per author and article: saving again
    updates it."""
    _require(roles.can_edit_article(actor, article))
    live = content_of(article)
    staged = StagedChange.objects.pending().filter(article=article, author=actor).first()
    if staged is None:
        staged = StagedChange(article=article, author=actor, base=live, base_version=base_version)
    for name in CONTENT_FIELDS:  # a change staged before the field could be staged
        staged.base.setdefault(name, live[name])
    staged.content = {name: content.get(name, live[name]) for name in CONTENT_FIELDS}
    if same_markup(staged.content["body"], live["body"]):
        staged.content["body"] = live["body"]  # the editor only reflowed its HTML
    staged.note = note.strip() or staged.note
    staged.save()
    article_services.record_audit_event(
        actor=actor,
        action=AuditEvent.Action.STAGED,
        article=article,
        detail=", ".join(str(label) for label in changed_labels(staged)),
    )
    notifications.on_commit(notifications.staged, staged)
    return staged


def same_markup(html: str, other: str) -> bool:
    """Whether two bodies differ only in line breaks between tags: CKEditor
    writes each block on its own line, the saved body may not."""
    return _REFLOW.sub("><", (html or "").strip()) == _REFLOW.sub("><", (other or "").strip())


def field_label(name: str) -> str:
    if name == BYLINES:
        return Byline._meta.verbose_name_plural
    return Article._meta.get_field(name).verbose_name


def changed_fields(staged: StagedChange) -> list[str]:
    return [name for name in CONTENT_FIELDS if staged.content.get(name) != staged.base.get(name)]


def changed_labels(staged: StagedChange) -> list[str]:
    return [field_label(name) for name in changed_fields(staged)]


@transaction.atomic
def changes_publish(*, staged: StagedChange, actor) -> Article:
    """Apply staged changes to the live article: cleaned and sanitized as any
    save, the old address redirected, the version bumped, `revised_at` set
    when readers' copy changed. Refused when someone changed the same fields
    since the change was staged."""
    _require(roles.can_publish(actor))
    staged = StagedChange.objects.select_for_update().get(pk=staged.pk)
    if staged.state != StagedChange.State.PENDING:
        raise ValidationError(_("These changes were already decided."))
    article = Article.objects.select_for_update().get(pk=staged.article_id)
    live = content_of(article)
    fields = changed_fields(staged)
    clashes = [
        field_label(name)
        for name in fields
        if live[name] != staged.base.get(name) and live[name] != staged.content[name]
    ]
    if clashes:
        raise ValidationError(
            _("Someone changed %(fields)s since these changes were made; edit the article.")
            % {"fields": ", ".join(str(label) for label in clashes)}
        )
    was_public = article.is_public()
    old_slug = article.slug
    undescribed = article_services.images_without_alt_text(article)
    with_content(
        article,
        {name: staged.content[name] for name in fields if name not in {*LINK_FIELDS, BYLINES}},
    )
    if fields:
        # Images the change adds need alt text, as at any publication.
        article_services.require_alt_text(article, already_missing=undescribed)
        article.revised_at = timezone.now()
        article.full_clean(exclude=["slug", "categories"], validate_unique=False)
        if "slug" in fields:
            article.slug = article.slug or old_slug
            if Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists():
                raise ValidationError(_("Another article already has this slug."))
        with reversion.create_revision():
            article.save()
            _set_links(article, staged.content, fields)
            reversion.set_user(actor)
            reversion.set_comment(_("Published staged changes."))
        if article.slug != old_slug:
            article_services.article_redirect_old_slug(
                article=article, old_slug=old_slug, was_public=was_public
            )
    staged.state = StagedChange.State.PUBLISHED
    staged.decided_by, staged.decided_at = actor, timezone.now()
    staged.save()
    article_services.record_audit_event(
        actor=actor,
        action=AuditEvent.Action.REVISED,
        article=article,
        detail=", ".join(str(label) for label in changed_labels(staged)),
    )
    notifications.on_commit(notifications.changes_decided, staged)
    return article


@transaction.atomic
def changes_discard(*, staged: StagedChange, actor, reason: str = "") -> StagedChange:
    """Turn staged changes down (editors), or withdraw one's own."""
    _require(roles.can_publish(actor) or staged.author_id == actor.pk)
    staged = StagedChange.objects.select_for_update().get(pk=staged.pk)
    if staged.state != StagedChange.State.PENDING:
        raise ValidationError(_("These changes were already decided."))
    staged.state = StagedChange.State.DISCARDED
    staged.reason = reason.strip()
    staged.decided_by, staged.decided_at = actor, timezone.now()
    staged.save()
    article_services.record_audit_event(
        actor=actor, action=AuditEvent.Action.DISCARDED, article=staged.article,
        detail=staged.reason,
    )  # fmt: skip
    notifications.on_commit(notifications.changes_decided, staged)
    return staged
