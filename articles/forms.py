import unicodedata

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from images.forms import PolicyImageField

from .imports import PostFile, UploadRefused, limit, post_files_from_zip
from .models import Article, Category, clean_slug
from .posts import POST_SUFFIXES


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
    # The site's image policy (images/policy.py), its limits shown as help text.
    hero_image = PolicyImageField(
        label=_("hero image"), required=False, widget=forms.ClearableFileInput
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "excerpt", "feature_text", "body",
            "hero_image", "hero_image_url", "hero_image_alt",
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

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Article.Status.PUBLISHED and not cleaned_data.get(
            "published_at"
        ):
            cleaned_data["published_at"] = timezone.now()  # "Published" with no time: now
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


class EditorImageForm(forms.Form):
    upload = PolicyImageField()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


class PostImportForm(forms.Form):
    """The admin's post import: post files and/or .zip archives of them."""

    files = MultipleFileField(
        label=_("Post files or .zip archives"),
        help_text=_(
            "Front-matter posts (.md, .markdown, .html, .htm, .txt), or .zip archives of them. "
            "Importing a post again updates its article."
        ),
    )
    base_url = forms.URLField(
        label=_("Base URL of the old site"),
        required=False,
        assume_scheme="https",
        help_text=_("Site-relative image paths (/uploads/...) are resolved against it."),
    )
    categories_status = forms.ChoiceField(
        label=_("New categories are"),
        choices=[
            (Category.Status.APPROVED, _("approved")),
            (Category.Status.PROPOSED, _("proposed (held for moderation)")),
        ],
        initial=Category.Status.APPROVED,
    )

    def clean_files(self):
        """The uploads as PostFiles; a refused archive or file fails the whole form."""
        files = []
        for upload in self.cleaned_data["files"]:
            name = upload.name
            if name.lower().endswith(".zip"):
                if upload.size > limit("IMPORT_ZIP_MAX_TOTAL_BYTES"):
                    raise forms.ValidationError(_("%(name)s is too large.") % {"name": name})
                try:
                    files.extend(post_files_from_zip(upload, name=name))
                except UploadRefused as error:
                    raise forms.ValidationError(str(error)) from None
            elif name.lower().endswith(POST_SUFFIXES):
                if upload.size > limit("IMPORT_FILE_MAX_BYTES"):
                    raise forms.ValidationError(_("%(name)s is too large.") % {"name": name})
                files.append(PostFile(path=name, data=upload.read()))
            else:
                raise forms.ValidationError(
                    _("%(name)s is neither a post file nor a .zip archive.") % {"name": name}
                )
        if not files:
            raise forms.ValidationError(_("No post files found in the upload."))
        return files
