from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import renditions, services, usage
from .forms import LibraryImageField
from .models import Image


class NeedsAltFilter(admin.SimpleListFilter):
    title = _("alt text")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("Needs alt text")), ("present", _("Has alt text"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.needing_alt()
        if self.value() == "present":
            return queryset.exclude(alt="")
        return queryset


class ImageAddForm(forms.ModelForm):
    upload = LibraryImageField(label=_("image file"))
    uploaded_by = None  # set by ImageAdmin.get_form

    class Meta:
        model = Image
        fields = ["upload", "alt", "caption", "credit", "source_url", "focal_x", "focal_y"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        texts = {
            name: cleaned.get(name, "") for name in ("alt", "caption", "credit", "source_url")
        }
        try:
            self.stored = LibraryImageField.store(
                cleaned["upload"], uploaded_by=self.uploaded_by, **texts
            )
        except ValidationError as error:
            self.add_error("upload", error)
        return cleaned


class ImageChangeForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["alt", "caption", "credit", "source_url", "focal_x", "focal_y"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "size", "uses", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [NeedsAltFilter, "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt", "caption", "credit", "source_url", "file"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "size", "file", "uploaded_by", "created_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ImageChangeForm if obj is not None else ImageAddForm
        form = super().get_form(request, obj, change, **kwargs)
        form.uploaded_by = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "alt", "caption", "credit", "source_url", "focal_x", "focal_y"]
        return ["preview", "alt", "caption", "credit", "source_url", "focal_x", "focal_y",
                "size", "file", "uploaded_by", "created_at"]  # fmt: skip

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("renditions")
        counts = {f"{name}_count": Count(name, distinct=True) for name in usage.RELATIONS}
        return queryset.annotate(**counts)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if {"focal_x", "focal_y"} & set(form.changed_data):
                renditions.forget_crops(obj)
            return
        stored = form.stored
        services.set_focal_point(
            stored, form.cleaned_data["focal_x"], form.cleaned_data["focal_y"]
        )
        obj.pk = stored.pk
        obj.__dict__.update(stored.__dict__)

    def get_deleted_objects(self, objs, request):
        """An image still used by articles is not deleted: the confirmation
        page lists them as protected (the hero's foreign key protects too)."""
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        listed = set(map(str, protected))
        for image in objs:
            for user in usage.users(image):
                label = format_html("{}: {}", user._meta.verbose_name.capitalize(), str(user))
                if label not in listed:
                    listed.add(label)
                    protected.append(label)
        return to_delete, model_count, perms_needed, protected

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return format_html(
            '<img src="{}" alt="" width="80" height="{}" loading="lazy">',
            renditions.thumbnail_url(image),
            max(1, round(80 * image.height / max(image.width, 1))),
        )  # fmt: skip

    @admin.display(description=_("preview"))
    def preview(self, image):
        return format_html(
            '<a href="{}"><img src="{}" alt="" width="320" height="{}"></a>',
            image.file.url,
            renditions.thumbnail_url(image),
            max(1, round(320 * image.height / max(image.width, 1))),
        )  # fmt: skip

    @admin.display(description=_("size"))
    def size(self, image):
        return f"{image.width}×{image.height}"

    @admin.display(description=_("uses"))
    def uses(self, image):
        return sum(getattr(image, f"{name}_count", 0) for name in usage.RELATIONS)

    def render_change_form(self, request, context, *args, **kwargs):
        obj = kwargs.get("obj")
        if obj is not None:
            context["image_uses"] = usage.users(obj)
        return super().render_change_form(request, context, *args, **kwargs)


def change_url(image) -> str:
    return reverse("admin:images_image_change", args=[image.pk])
