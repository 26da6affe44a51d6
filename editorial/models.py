"""The review workflow's records, beside the articles they concern.

A draft's way to publication is its ReviewRequests (submitted with a note,
sent back with a reason, closed when published). Changes to a published
article never touch the live row: they are a StagedChange (content as JSON
and the version they started from) until an editor publishes or discards
them. An Autosave keeps a user's unsaved form, per article (or per user for
a new one), so closing a tab loses nothing.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ReviewRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ReviewRequest.State.OPEN)


class ReviewRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("in review")
        SENT_BACK = "sent_back", _("sent back")
        APPROVED = "approved", _("approved")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="reviews"
    )
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.OPEN)
    note = models.TextField(_("note to the editor"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(state="open"), name="one_open_review"
            )
        ]

    def __str__(self):
        return str(self.article)

    def get_absolute_url(self):
        return reverse("admin:articles_article_change", args=[self.article_id])


class StagedChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=StagedChange.State.PENDING)


class StagedChange(models.Model):
    """Changes to a published article, waiting for an editor."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        PUBLISHED = "published", _("published")
        DISCARDED = "discarded", _("discarded")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="staged_changes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    state = models.CharField(_("status"), max_length=10, choices=State, default=State.PENDING)
    # The staged fields (articles.revisions.RESTORABLE_FIELDS), and the live
    # values they were edited from, so publishing can tell the fields someone
    # else changed meanwhile.
    content = models.JSONField(_("content"), default=dict)
    base = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(_("started from version"))
    note = models.TextField(_("note to the editor"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = StagedChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"],
                condition=Q(state="pending"),
                name="one_pending_change_per_author",
            )
        ]

    def __str__(self):
        return str(self.content.get("title") or self.article)

    def get_absolute_url(self):
        return reverse("admin:editorial_stagedchange_change", args=[self.pk])


class Autosave(models.Model):
    """A user's unsaved change form, kept by static/js/editorial.js."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="one_autosave_per_article"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article=None), name="one_autosave_for_new"
            ),
        ]

    def __str__(self):
        return str(self.data.get("title") or self.pk)
