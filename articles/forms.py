from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    """The editors' form. The rich-text editor lives here, not in the model,
    so the model and its migrations stay editor-agnostic."""

    class Meta:
        model = Article
        fields = [
            "title", "slug", "excerpt", "feature_text", "body",
            "hero_image", "hero_image_url", "hero_image_alt",
            "status", "published_at", "expires_at", "categories", "author", "byline",
        ]  # fmt: skip
        widgets = {"body": CKEditorUploadingWidget()}

    class Media:
        js = ["js/ckeditor-csrf.js"]


class EditorImageForm(forms.Form):
    upload = forms.ImageField()
