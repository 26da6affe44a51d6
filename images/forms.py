from django import forms

from . import policy


class PolicyImageField(forms.FileField):
    """An image upload that passes the site's image policy (images/policy.py):
    cleans to a new file, stripped of metadata and named by the site."""

    def __init__(self, *, max_bytes: int | None = None, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault("help_text", policy.limits_in_words_lazy(max_bytes))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return policy.clean_image(upload, max_bytes=self.max_bytes).as_file()

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"
        return attrs


class LibraryImageField(forms.FileField):
    """An upload that goes into the image library (images.services.image_from_bytes,
    which runs the policy). The form stores it in its clean_<field>() with
    `store()`, so a refusal is a field error in words."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", policy.limits_in_words_lazy())
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/gif,image/webp"
        return attrs

    @staticmethod
    def store(upload, **texts):
        from .services import image_from_bytes

        if upload is None:
            return None
        upload.seek(0)
        data = upload.read(policy.max_upload_bytes() + 1)
        return image_from_bytes(data, filename=upload.name, **texts)
