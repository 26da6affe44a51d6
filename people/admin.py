from django import forms
from django.contrib import admin
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import photos
from .models import MAX_LINKS, Person


class LinksField(forms.CharField):
    """The links as one address per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _links_help() -> str:
    return gettext("One http(s) address a line, at most %(count)d.") % {"count": MAX_LINKS}


class PersonAdminForm(forms.ModelForm):
    photo = photos.photo_form_field(label=_("photo"), widget=forms.ClearableFileInput)
    links = LinksField(
        label=_("links"),
        required=False,
        help_text=lazy(_links_help, str)(),
    )

    class Meta:
        model = Person
        fields = [
            "name", "sort_name", "kind", "title", "slug", "photo", "bio", "email", "links",
            "user", "is_active",
        ]  # fmt: skip


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "title", "kind", "user", "is_active", "updated_at"]
    list_filter = ["kind", "is_active", "title"]
    list_select_related = ["user"]
    search_fields = ["name", "sort_name", "title", "email", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
    ordering = ["name"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "byline":
            # The article's byline picker offers people who still write.
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates
