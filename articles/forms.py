import unicodedata

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from images.alt import images_missing_alt
from images.alt import refusal as alt_refusal
from images.forms import LibraryImageField

from .models import Article, Category, clean_slug
from .services import images_without_alt_text


class CanonicalSlugField(forms.SlugField):
    """A slug made canonical before it is validated: NFKC and lowercase
    (models.clean_slug), so an NFD "é" or a fullwidth "ａｉ" is the slug it looks like."""

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value)).lower()


class ArticleAdminForm(forms.ModelForm):
    """The editors' form. The rich-text editor lives here, not in the model,
    so the model and its migrations stay editor-agnostic."""

    # The version the editor loaded. Saving is refused when the row has moved on
    # since (someone else saved), so nobody overwrites another's work unseen.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A new hero goes into the image library (the policy's limits shown as
    # help text); an image already there is chosen in `hero`.
    hero_upload = LibraryImageField(label=_("upload a new hero image"), required=False)
    hero_caption = forms.CharField(label=_("caption of the new image"), required=False)
    hero_credit = forms.CharField(
        label=_("credit of the new image"), required=False, max_length=200
    )
    uploaded_by = None  # set by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "title", "slug", "excerpt", "feature_text", "body",
            "hero", "hero_image_url", "hero_image_alt", "hero_image_decorative",
            "status", "published_at", "expires_at", "categories", "tags", "author", "byline",
        ]  # fmt: skip
        widgets = {"body": CKEditorUploadingWidget()}
        field_classes = {"slug": CanonicalSlugField}

    class Media:
        js = ["js/ckeditor-csrf.js"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    # Whether the user may publish (set by ArticleAdmin.get_form).
    can_publish = True

    def clean_slug(self):
        return clean_slug(self.cleaned_data["slug"])

    def clean_categories(self):
        """New categories must be proposed or approved; ones already on the
        article may stay whatever became of them. The categories of a published
        article decide whether readers see it, so only those who may publish
        change them."""
        categories = self.cleaned_data["categories"]
        current = (
            set(self.instance.categories.values_list("pk", flat=True))
            if self.instance.pk
            else set()
        )
        if (
            not self.can_publish
            and self.instance.pk is not None
            and self.instance.status == Article.Status.PUBLISHED
            and {category.pk for category in categories} != current
        ):
            raise ValidationError(
                _(
                    "This article is published: its categories decide whether readers "
                    "see it, so only editors who may publish change them. Ask an editor."
                ),
                code="publish_permission",
            )
        closed = [
            category.name
            for category in categories
            if category.pk not in current
            and category.status not in (Category.Status.PROPOSED, Category.Status.APPROVED)
        ]
        if closed:
            raise ValidationError(
                _("These categories are closed: %(names)s. Choose or propose another.")
                % {"names": ", ".join(closed)}
            )
        return categories

    # Images of a published article that still lack alt text after a save the
    # form let through (they lacked it before: an old or imported article).
    alt_text_still_missing = ()

    def clean_alt_text(self, cleaned_data) -> None:
        """Refuse to publish images without alt text. An article already
        published may still be saved with the undescribed images it had (fixing
        a typo in an imported story must not wait for its photos' descriptions;
        the admin warns instead); an image it did not have is refused."""
        missing = images_missing_alt(
            hero=cleaned_data.get("hero"),
            hero_alt=cleaned_data.get("hero_image_alt", ""),
            hero_decorative=cleaned_data.get("hero_image_decorative", False),
            body=cleaned_data.get("body", ""),
        )
        if missing and self.instance.pk and self.instance.status == Article.Status.PUBLISHED:
            before = set(images_without_alt_text(self.instance))  # as loaded
            self.alt_text_still_missing = [image for image in missing if image in before]
            missing = [image for image in missing if image not in before]
        if missing:
            raise alt_refusal(missing)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Article.Status.PUBLISHED and not cleaned_data.get(
            "published_at"
        ):
            cleaned_data["published_at"] = timezone.now()  # "Published" with no time: now
        self.clean_hero_upload_into_library(cleaned_data)
        if cleaned_data.get("status") == Article.Status.PUBLISHED:
            self.clean_alt_text(cleaned_data)
        if self.instance.pk is not None:
            # A conditional UPDATE that changes nothing but locks the row (row lock
            # on PostgreSQL, the write lock on SQLite). The admin runs the whole
            # change view in one transaction, so the lock holds until the save:
            # of two concurrent saves from the same version, exactly one passes.
            unchanged = Article.objects.filter(
                pk=self.instance.pk, version=cleaned_data.get("loaded_version")
            ).update(version=F("version"))
            if not unchanged:
                raise ValidationError(
                    _(
                        "Someone else saved this article while you were editing it. Your "
                        "changes are not saved yet: copy what you need, open the article "
                        "again in a new tab to see their version, and re-apply your edits."
                    ),
                    code="stale",
                )
        return cleaned_data

    def clean_hero_upload_into_library(self, cleaned_data) -> None:
        upload = cleaned_data.get("hero_upload")
        if not upload or self.errors:
            return
        try:
            cleaned_data["hero"] = LibraryImageField.store(
                upload,
                caption=cleaned_data.get("hero_caption", ""),
                credit=cleaned_data.get("hero_credit", ""),
                alt=cleaned_data.get("hero_image_alt", ""),
                uploaded_by=self.uploaded_by,
            )
        except ValidationError as error:
            self.add_error("hero_upload", error)


class EditorImageForm(forms.Form):
    upload = LibraryImageField()
