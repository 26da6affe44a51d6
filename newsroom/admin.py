"""The admin site: Django's, with a guard on what query strings send to the database.

A changelist turns its query string into lookups (`?status__exact=`,
`?id__in=`, list filters, the date hierarchy) and the autocomplete turns
`term` into a search. Django catches values that a field refuses, but not
values that only the database refuses when the query runs: a NUL byte
(PostgreSQL refuses it in any text parameter), an integer past 64 bits
(SQLite cannot bind it), a year past 9999 (no such date). Those were 500s.

Here every query built from a query string is compiled before it runs, and
one that cannot run is refused: a changelist answers as Django does for any
bad lookup (a redirect to `?e=1`, the unfiltered list), the autocomplete
finds nothing. The guard is mixed into every ModelAdmin registered on this
site (ours, contrib.auth's, django-axes'), so a new admin is covered without
doing anything.
"""

import functools

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteMixin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet, ValidationError
from django.forms import ModelChoiceField
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def refused_value(value) -> bool:
    """Whether a database here refuses this query parameter: text holding a NUL
    byte (JSON included), an integer past 64 bits."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not INT64_MIN <= value <= INT64_MAX
    if isinstance(value, list | tuple):
        return any(map(refused_value, value))
    if isinstance(value, dict):
        return any(map(refused_value, [*value, *value.values()]))
    if hasattr(value, "obj"):  # psycopg's Json and Jsonb wrap the value a JSONField sends
        return refused_value(value.obj)
    return False


def unrunnable(queryset) -> Exception | None:
    """Why the database could not run `queryset`, or None if it can.

    Compiling catches values no query can express (a date in year 10000); the
    parameters show the rest (`refused_value`).
    """
    try:
        _, params = queryset.query.get_compiler(queryset.db).as_sql()
    except (EmptyResultSet, FullResultSet):
        return None  # the lookups were resolved without the database
    except (ValueError, OverflowError) as error:
        return error
    if any(map(refused_value, params)):
        return ValueError("A lookup value the database cannot take.")
    return None


class GuardedChangeListMixin:
    def get_queryset(self, request, exclude_parameters=None):
        try:
            queryset = super().get_queryset(request, exclude_parameters)
        except (OverflowError, ValueError) as error:
            # The date hierarchy's datetime(10**20, 1, 1), and its end of year
            # 9999 (year 10000), which Django computes for the drill-down.
            raise IncorrectLookupParameters(error) from error
        if error := unrunnable(queryset):
            raise IncorrectLookupParameters(error) from error
        return queryset


@functools.cache
def _guarded(changelist_class):
    return type(
        f"Guarded{changelist_class.__name__}", (GuardedChangeListMixin, changelist_class), {}
    )


def can_look_up(model, field_name: str, value) -> bool:
    """Whether a query can look `value` up in `model.field_name` (a "pk" too)."""
    opts = model._meta
    target = opts.pk if field_name == "pk" else opts.get_field(field_name)
    try:
        prepared = target.get_prep_value(target.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return not refused_value(prepared)


class GuardedModelChoiceMixin:
    """A ModelChoiceField or ModelMultipleChoiceField that refuses, as an
    invalid choice, a submitted value no query can take. Django's catches values
    the field refuses, not an integer past 64 bits, which SQLite cannot bind
    (`categories=99999999999999999999` was a 500)."""

    def to_python(self, value):
        if not isinstance(value, list | tuple) and value not in self.empty_values:
            if not can_look_up(self.queryset.model, self.to_field_name or "pk", value):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": value},
                )
        return super().to_python(value)

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        for pk in value:
            if pk not in self.empty_values and not can_look_up(self.queryset.model, key, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


@functools.cache
def _guarded_field(field_class):
    return type(f"Guarded{field_class.__name__}", (GuardedModelChoiceMixin, field_class), {})


class GuardedAutocompleteMixin:
    """An autocomplete widget that shows only the submitted choices a query can
    look up. Django's reads every submitted value from the database to show a
    form again after an error, so `categories=1e309` (not an integer), a NUL
    byte or an integer past 64 bits was a 500 instead of the form's own error."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self._can_look_up(v)], attr)

    def _can_look_up(self, value) -> bool:
        remote = self.field.remote_field
        return can_look_up(remote.model, getattr(remote, "field_name", None) or "pk", value)


@functools.cache
def _guarded_widget(widget_class):
    return type(f"Guarded{widget_class.__name__}", (GuardedAutocompleteMixin, widget_class), {})


# What an admin search reads of its query: enough for any real search.
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 10


class GuardedModelAdminMixin:
    """Changelists whose queries are checked before they run, and autocomplete
    widgets that look up only values a query can take."""

    def get_changelist(self, request, **kwargs):
        return _guarded(super().get_changelist(request, **kwargs))

    def get_search_results(self, request, queryset, search_term):
        # Each word becomes an OR over the search fields, ANDed together: a
        # thousand words is an expression tree SQLite refuses (a 500).
        words = search_term[:SEARCH_MAX_CHARS].split()[:SEARCH_MAX_WORDS]
        return super().get_search_results(request, queryset, " ".join(words))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, ModelChoiceField) and not isinstance(
            formfield, GuardedModelChoiceMixin
        ):
            formfield.__class__ = _guarded_field(type(formfield))
        # The admin may wrap the widget (the "+" to add a related object).
        widget = getattr(formfield, "widget", None)
        widget = getattr(widget, "widget", widget)
        if isinstance(widget, AutocompleteMixin) and not isinstance(
            widget, GuardedAutocompleteMixin
        ):
            widget.__class__ = _guarded_widget(type(widget))
        return formfield


class GuardedAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.none() if unrunnable(queryset) else queryset


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom administration")
    site_title = _("Newsroom administration")
    index_title = _("Newsroom desk")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, GuardedModelAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (GuardedModelAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def autocomplete_view(self, request):
        return GuardedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        # Django's "view on site" shortcut (/admin/r/<content type>/<id>/) tells
        # any staff account where any object lives; ours asks the object's
        # ModelAdmin first (`may_view_on_site`), so unpublished articles'
        # addresses stay with those who may preview them.
        urls = super().get_urls()
        view = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [view if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        check = getattr(model_admin, "may_view_on_site", None)
        if check is not None:
            try:
                obj = model._default_manager.get(pk=object_id)
            except (model.DoesNotExist, ValueError, TypeError):
                raise Http404 from None
            if not check(request, obj):
                raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
