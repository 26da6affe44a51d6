from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import ArticleAdminForm
from .models import Article, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "article_count", "updated_at"]
    list_filter = ["status"]
    ordering = ["name"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["proposed_by", "merged_into", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, category):
        return category.article_total

    def save_model(self, request, obj, form, change):
        if not change and obj.proposed_by_id is None:
            obj.proposed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "status", "published_at", "category_names", "author"]
    list_filter = ["status", "categories", "published_at"]
    list_select_related = ["author"]
    search_fields = ["title", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories"]
    raw_id_fields = ["author"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "excerpt", "feature_text", "body"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_image_url", "hero_image_alt"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "expires_at",
                    "categories",
                    "author",
                    "byline",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("categories"))
    def category_names(self, article):
        return ", ".join(category.name for category in article.categories.all())

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles now"))
    def publish_now(self, request, queryset):
        for article in queryset:
            services.article_publish(article=article)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"))
    def unpublish(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )
