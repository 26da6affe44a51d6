"""The admin's import form: post files and .zip archives of them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Category

from .importer import PostFile, UploadRefused, limit, post_files_from_zip
from .posts import POST_SUFFIXES


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
    publish = forms.BooleanField(
        label=_("Publish as in the files"),
        required=False,
        help_text=_(
            "Unticked, new articles are imported as drafts. Ticked, posts marked "
            "published in their files are published (or scheduled) at once."
        ),
    )
    categories_status = forms.ChoiceField(
        label=_("New categories are"),
        choices=[
            (Category.Status.APPROVED, _("approved")),
            (Category.Status.PROPOSED, _("proposed (held for moderation)")),
        ],
        initial=Category.Status.APPROVED,
    )

    def __init__(self, *args, can_publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]  # only those who may publish are offered it

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
        if not any(not file.site_config for file in files):  # a site's configuration alone
            raise forms.ValidationError(_("No post files found in the upload."))
        return files
