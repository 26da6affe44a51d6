import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from search.tokenizer import QUERY_MAX_CHARS

from .models import Article, Category


class ArchiveForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned_data


class ArchiveFilter(django_filters.FilterSet):
    """The archive's filters. Invalid values become form errors, not 500s."""

    q = django_filters.CharFilter(
        label=_("Words"),
        method="filter_words",
        max_length=QUERY_MAX_CHARS,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    categories = django_filters.ModelMultipleChoiceFilter(
        label=_("Categories"),
        queryset=Category.objects.approved(),
        field_name="categories__slug",
        # By slug: readable addresses (?categories=반도체), and a huge number
        # is just an unknown choice (by id it overflowed SQLite's integers).
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Article
        form = ArchiveForm
        # Filters apply in this order, words last: search takes the newest
        # matches among the rows it is given, so categories and dates must
        # narrow those rows first. (The template places the fields itself.)
        fields = ["categories", "date_from", "date_to", "q"]

    def filter_words(self, queryset, name, value):
        # The archive keeps its date order; /search/ ranks by title hits.
        return queryset.search(value, rank=False) if value.strip() else queryset
