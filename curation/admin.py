from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import roles

from . import services
from .models import Placement


class WindowFilter(admin.SimpleListFilter):
    title = _("time window")
    parameter_name = "window"

    def lookups(self, request, model_admin):
        return [("open", _("Showing now")), ("ahead", _("Starting later")), ("past", _("Ended"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "open":
            return queryset.open_at(now)
        if self.value() == "ahead":
            return queryset.filter(starts_at__gt=now)
        if self.value() == "past":
            return queryset.filter(ends_at__lte=now)
        return queryset


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    """편집 > 1면 배치: the pinned lead and the editor's picks, each with a time
    window. Editors (who may publish) manage it. Only a public article shows,
    whatever is placed: a draft waits until it is published."""

    list_display = ["article", "slot", "position", "starts_at", "ends_at"]
    list_display_links = ["article"]
    list_editable = ["position"]
    list_filter = ["slot", WindowFilter]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    fields = ["slot", "article", "position", "starts_at", "ends_at"]
    search_fields = ["article__title"]

    def has_view_permission(self, request, obj=None):
        return roles.can_publish(request.user)

    def has_module_permission(self, request):
        return roles.can_publish(request.user)

    def has_add_permission(self, request):
        return roles.can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        services.placement_save(placement=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.placements_remove(placements=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        services.placements_remove(
            placements=queryset.select_related("article"), actor=request.user
        )
