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
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.http import Http404
from django.urls import path

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


class GuardedModelAdminMixin:
    """Changelists whose queries are checked before they run."""

    def get_changelist(self, request, **kwargs):
        return _guarded(super().get_changelist(request, **kwargs))


class GuardedAutocompleteJsonView(AutocompleteJsonView):
    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.none() if unrunnable(queryset) else queryset


class NewsroomAdminSite(admin.AdminSite):
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
