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
