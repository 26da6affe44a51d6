"""The image library: one row per stored image (deduplicated by content), and
its renditions (resized, re-encoded copies made once and stored)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ImageQuerySet(models.QuerySet):
    def needing_alt(self):
        return self.filter(alt="")

    def with_renditions(self):
        return self.prefetch_related("renditions")


class Image(models.Model):
    # Storage names are chosen by images.services: images/originals/<ab>/<sha256>.<ext>.
    # A FileField, not an ImageField: the policy checked the image already,
    # and ImageField would read dimensions (a query, a file read) on load.
    file = models.FileField(_("file"), max_length=255)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describes the image for readers who cannot see it; each use may override it."
        ),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Printed as “사진=…” under the image."),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    focal_x = models.PositiveSmallIntegerField(
        _("focal point x (%)"), default=50, validators=PERCENT,
        help_text=_("Crops keep this point: 0 is the left edge, 100 the right."),
    )  # fmt: skip
    focal_y = models.PositiveSmallIntegerField(
        _("focal point y (%)"), default=50, validators=PERCENT,
        help_text=_("0 is the top edge, 100 the bottom."),
    )  # fmt: skip
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        label = self.alt or self.caption or self.file.name.rsplit("/", 1)[-1]
        return label[:80]

    @property
    def focal_point(self) -> tuple[int, int]:
        return self.focal_x, self.focal_y

    @property
    def has_alpha(self) -> bool:
        return self.file.name.lower().endswith((".png", ".gif", ".webp"))


class RenditionQuerySet(models.QuerySet):
    def for_cards(self):
        """What listings and feeds show: the cards' crop, and one-file fallbacks
        (feeds' media:content); a page reads a third fewer rows."""
        from .renditions import CARD_RATIO

        return self.filter(
            models.Q(spec__startswith=f"{CARD_RATIO}-") | models.Q(format__in=["jpeg", "png"])
        )


class Rendition(models.Model):
    """A resized copy: `spec` names the crop and width (`w640`, `3x2-w640`)."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=40)
    format = models.CharField(max_length=8)
    file = models.FileField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    objects = RenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "spec", "format"], name="rendition_unique_spec"
            )
        ]

    def __str__(self):
        return f"{self.image_id} {self.spec}.{self.format}"
