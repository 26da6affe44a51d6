"""Front-page curation: editors place an article in a slot (the pinned lead
story, the editor's picks) for a time window. Readers see a placement only
while its window is open and its article is public (`selectors.live_placements`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class PlacementQuerySet(models.QuerySet):
    def open_at(self, now):
        """Placements whose time window holds `now` (their article may still be
        unpublished: `selectors.live_placements` adds that)."""
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now)


class Placement(models.Model):
    class Slot(models.TextChoices):
        LEAD = "lead", _("Lead story")
        PICK = "pick", _("Editor's pick")

    slot = models.CharField(_("slot"), max_length=10, choices=Slot, default=Slot.PICK)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="placements"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first within the slot.")
    )
    starts_at = models.DateTimeField(
        _("shown from"), default=timezone.now, help_text=_("The placement shows from this time.")
    )
    ends_at = models.DateTimeField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("Optional. The placement leaves the front page at this time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["slot", "position", "-starts_at", "-pk"]
        verbose_name = _("front-page placement")
        verbose_name_plural = _("front-page placements")
        indexes = [
            models.Index(fields=["starts_at"], name="placement_starts_at_idx"),
            models.Index(
                fields=["ends_at"],
                name="placement_ends_at_idx",
                condition=Q(ends_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="placement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_slot_display()}: {self.article}"

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("The end must come after the start.")}, code="ends_before_start"
            )
