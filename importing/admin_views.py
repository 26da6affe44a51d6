"""The admin's import page: upload post files or .zip archives, import them,
show the per-file report. Wired in newsroom/urls.py (under the admin's
address, before `admin.site.urls`), so `articles` knows nothing of it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.models import Article, Category

from .forms import PostImportForm
from .importer import ImportOptions, PostImporter


def import_posts_view(request):
    model_admin = admin.site.get_model_admin(Article)
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    report = None
    can_publish = roles.can_publish(request.user)
    form = PostImportForm(request.POST or None, request.FILES or None, can_publish=can_publish)
    if request.method == "POST" and form.is_valid():
        options = ImportOptions(
            base_url=form.cleaned_data["base_url"] or None,
            # Only moderators may bring in approved categories.
            categories_status=form.cleaned_data["categories_status"]
            if roles.can_moderate(request.user)
            else Category.Status.PROPOSED,
            can_publish=can_publish,
            # Drafts for everyone unless a publisher asks for the files' states.
            as_drafts=not form.cleaned_data.get("publish"),
            can_update=lambda article: model_admin.has_change_permission(request, article),
            default_author_id=request.user.pk,
            actor=request.user,
        )
        report = PostImporter(options).run(form.cleaned_data["files"])
        level = messages.WARNING if report.failed else messages.SUCCESS
        messages.add_message(request, level, report.localized_summary())
    changed = report.changed_ids if report else []
    context = {
        **admin.site.each_context(request),
        "opts": Article._meta,
        "title": _("Import posts"),
        "form": form,
        "report": report,
        "can_publish": can_publish,
        "changed_url": (
            reverse("admin:articles_article_changelist") + "?id__in=" + ",".join(map(str, changed))
        )
        if changed
        else "",
    }
    return TemplateResponse(request, "admin/importing/import_posts.html", context)
