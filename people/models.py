from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import slugs
from core.slugs import SLUG_MAX_LENGTH

from . import names, photos

MAX_LINKS = 10
_url = URLValidator(schemes=["http", "https"])


def validate_links(value) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Enter a list of addresses."), code="not_a_list")
    if len(value) > MAX_LINKS:
        raise ValidationError(
            _("At most %(count)d links."), code="too_many", params={"count": MAX_LINKS}
        )
    for link in value:
        try:
            _url(link)
        except ValidationError:
            raise ValidationError(
                _("%(link)s is not an http(s) address."),
                code="invalid_link",
                params={"link": link},
            ) from None


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Person(models.Model):
    """Whoever a byline names: a reporter, a columnist, or a desk ("경제부").

    The public profile is apart from any admin account: `user` is optional and
    cleared when the account goes, so a departed reporter's page stays."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization (desk, team)")

    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("As printed in bylines, in Korean order for Korean names: 최민지."),
    )
    sort_name = models.CharField(
        _("sort name"),
        max_length=100,
        blank=True,
        help_text=_("Optional: how lists order this name when it differs from the name."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.PERSON)
    title = models.CharField(
        _("title"),
        max_length=50,
        blank=True,
        help_text=_("Printed after the name: 기자, 특파원, 논설위원, 편집위원."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The profile page's address. Filled from the name when left empty."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=photos.PHOTO_UPLOAD_TO,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    bio = models.TextField(_("biography"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Shown on the profile page."))
    links = models.JSONField(
        _("links"),
        default=list,
        blank=True,
        validators=[validate_links],
        help_text=_("Social and other profiles, http(s) addresses."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("Optional. The profile stays when the account is removed."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive people keep their page but are not offered for new bylines."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self):
        return f"{self.name} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.name = names.clean(self.name)
        self.sort_name = names.clean(self.sort_name)
        self.title = names.clean(self.title)
        if not self.slug:
            self.slug = unique_slug(self.name, exclude_pk=self.pk)
        photos.clean_new_photo(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The author page lists articles, so it is served by the articles app.
        return reverse("articles:person", kwargs={"slug": self.slug})

    @property
    def photo_url(self) -> str:
        return self.photo.url if self.photo else ""

    @property
    def is_organization(self) -> bool:
        return self.kind == self.Kind.ORGANIZATION


def unique_slug(name: str, *, exclude_pk=None, model=Person) -> str:
    """A slug for `name` no other person has: "최민지", then "최민지-2"..."""
    return slugs.unique_slug(model, name, exclude_pk=exclude_pk, fallback="person")
