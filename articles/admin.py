from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import ArticleAdminForm, PostImportForm
from .imports import ImportOptions, PostImporter
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

    # Importing front-matter posts (articles/imports.py) -------------------------

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_posts_view),
                name="articles_article_import",
            ),
            *super().get_urls(),
        ]

    def import_posts_view(self, request):
        """Upload post files or .zip archives, import them, show the per-file report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = None
        form = PostImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            options = ImportOptions(
                base_url=form.cleaned_data["base_url"] or None,
                categories_status=form.cleaned_data["categories_status"],
                can_publish=request.user.has_perm("articles.publish_article"),
                can_update=self.has_change_permission(request),
            )
            report = PostImporter(options).run(form.cleaned_data["files"])
            level = messages.WARNING if report.failed else messages.SUCCESS
            self.message_user(request, report.summary(), level)
        changed = report.changed_ids if report else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import posts"),
            "form": form,
            "report": report,
            "can_publish": request.user.has_perm("articles.publish_article"),
            "changed_url": (
                reverse("admin:articles_article_changelist")
                + "?id__in="
                + ",".join(map(str, changed))
            )
            if changed
            else "",
        }
        return TemplateResponse(request, "admin/articles/article/import_posts.html", context)
