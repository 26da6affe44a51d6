from django.contrib import admin

from articles.admin import ReadOnlyAdmin

from .models import LegacyAddress


@admin.register(LegacyAddress)
class LegacyAddressAdmin(ReadOnlyAdmin):
    """The imported posts' old addresses (written by imports only)."""

    list_display = ["path", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["path", "article__title"]
