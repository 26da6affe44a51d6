"""The article change form's workflow, and the review of pending changes.

articles.admin's ArticleAdmin is replaced here by a subclass (articles knows
nothing of editorial): explicit buttons by role (save draft, submit for
review, send back, publish now, schedule, stage changes), writers' saves of a
published article become pending changes, autosave, and the optimistic-lock
conflict shown side by side.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import format_lazy
from django.utils.timezone import template_localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.admin import ArticleAdmin, StateFilter
from articles.models import Article, Byline

from . import preview, services
from .diff import field_diffs, visible_text, word_diff
from .models import Autosave, ReviewRequest, StagedChange

# The submit buttons' names: what the editor asked for.
ACTIONS = ["_save_draft", "_submit", "_publish", "_schedule", "_send_back", "_stage"]
AUTOSAVE_FIELDS = [
    "title", "slug", "excerpt", "feature_text", "body", "hero_image_url", "hero_image_alt",
    "byline",
]  # fmt: skip
AUTOSAVE_MAX_CHARS = 2_000_000
# Form fields that are not the article's: nothing to show read-only.
FORM_ONLY = {"loaded_version", "hero_upload", "hero_caption", "hero_credit"}


def bylines_in_print_order(formset) -> list[int]:
    """The people the byline rows of a valid form name, by position, then as
    listed (Byline's own order: position, then id)."""
    rows = [
        (row.get("position") or 0, index, row["person"].pk)
        for index, row in enumerate(formset.cleaned_data)
        if row.get("person") and not row.get("DELETE")
    ]
    return [person for *_, person in sorted(rows)]


def workflow_action(request) -> str:
    return next((name for name in ACTIONS if name in request.POST), "")


class WorkflowStateFilter(StateFilter):
    """The article list's states, with the workflow's: a draft with a date is
    not scheduled (it appears nowhere until published)."""

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("dated_draft", _("Draft with a date (not scheduled)")),
            ("in_review", _("In review")),
            ("pending_changes", _("Pending changes")),
            *super().lookups(request, model_admin)[1:],
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "dated_draft":
                return queryset.exclude(status=Article.Status.PUBLISHED).filter(
                    published_at__isnull=False
                )
            case "in_review":
                return queryset.filter(reviews__state=ReviewRequest.State.OPEN)
            case "pending_changes":
                return queryset.filter(staged_changes__state=StagedChange.State.PENDING).distinct()
        return super().queryset(request, queryset)


class EditorialArticleAdmin(ArticleAdmin):
    change_form_template = "admin/editorial/article_change_form.html"
    list_filter = [WorkflowStateFilter, "categories", "published_at"]

    class Media:
        js = ["js/editorial.js"]
        css = {"all": ["css/editorial.css"]}

    def get_urls(self):
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                in_review=Exists(ReviewRequest.objects.open().filter(article=OuterRef("pk"))),
                has_pending_changes=Exists(
                    StagedChange.objects.pending().filter(article=OuterRef("pk"))
                ),
            )
        )

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, article):
        """The reader-facing state, and where the article stands in review: a
        draft with a date says it is not scheduled."""
        label = super().state_label(article)
        if article.state == "draft" and article.published_at is not None:
            when = localize(template_localtime(article.published_at))
            label = gettext("Draft dated %(time)s (not scheduled)") % {"time": when}
        extra = []
        if getattr(article, "in_review", False):
            extra.append(gettext("in review"))
        if getattr(article, "has_pending_changes", False):
            extra.append(gettext("pending changes"))
        return " · ".join([label, *extra])

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only (moderators): the edit guard and the upload fields are no
        # fields to show.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in FORM_ONLY]})
            for name, options in fieldsets
        ]

    # The form: what each button needs, and the writer's own pending change.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["loaded_version"].label = _("version you started from")
        action = workflow_action(request)
        staged = None
        if obj is not None and request.method == "GET":
            staged = (
                StagedChange.objects.pending().filter(article=obj, author=request.user).first()
            )
        initial = dict(staged.content) if staged else {}

        class WorkflowForm(form):
            def __init__(self, *args, **kwargs):
                if initial:
                    kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

            def clean(self):
                cleaned_data = super().clean()
                if action == "_schedule":
                    at = cleaned_data.get("published_at")
                    if at is None or at <= timezone.now():
                        self.add_error(
                            "published_at", gettext("Give a future time to schedule the article.")
                        )
                if action == "_send_back" and not request.POST.get("review_reason", "").strip():
                    raise ValidationError(gettext("Tell the writer why the article goes back."))
                return cleaned_data

        return WorkflowForm

    def stages(self, request, obj, change) -> bool:
        """Whether this save keeps the edit for review instead of changing live copy."""
        if not change:
            return False
        live_status = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if live_status != Article.Status.PUBLISHED:
            return False
        return workflow_action(request) == "_stage" or not roles.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        action = workflow_action(request)
        if self.stages(request, obj, change):
            request.staging = True  # kept by save_related, which sees the bylines too
            return
        if action == "_publish" and roles.can_publish(request.user):
            obj.status, obj.published_at = Article.Status.PUBLISHED, timezone.now()
        elif action == "_schedule" and roles.can_publish(request.user):
            obj.status = Article.Status.PUBLISHED
        elif action in ("_save_draft", "_submit", "_send_back") and change:
            # These never change the publication state, whatever the select says.
            before = Article.objects.filter(pk=obj.pk).values("status", "published_at").first()
            obj.status, obj.published_at = before["status"], before["published_at"]
        elif action in ("_save_draft", "_submit"):
            obj.status = Article.Status.DRAFT
        super().save_model(request, obj, form, change)
        Autosave.objects.filter(user=request.user, article=obj if change else None).delete()

    def save_related(self, request, form, formsets, change):
        if getattr(request, "staging", False):
            self.stage(request, form, formsets)
            return
        super().save_related(request, form, formsets, change)
        article = form.instance
        action = workflow_action(request)
        if action == "_submit":
            services.review_submit(
                article=article, actor=request.user, note=request.POST.get("review_note", "")
            )
        elif action == "_send_back":
            services.review_send_back(
                article=article, actor=request.user, reason=request.POST.get("review_reason", "")
            )
        elif action in ("_publish", "_schedule", "_save", "_continue", "_addanother"):
            if article.status == Article.Status.PUBLISHED and roles.can_publish(request.user):
                was = getattr(article, "publication_changed", False)
                if was or action in ("_publish", "_schedule"):
                    services.review_approve(article=article, actor=request.user)

    def stage(self, request, form, formsets) -> None:
        """Keep the edit of a published article, its bylines included, as a
        pending change; the live row and its links stay as they are."""
        live = Article.objects.get(pk=form.instance.pk)
        content = services.content_from_form(form.cleaned_data, live)
        pending = StagedChange.objects.pending().filter(article=live, author=request.user).first()
        for formset in formsets:
            if formset.model is Byline and not formset.has_changed():
                # The form lists the live bylines: keep those the pending change holds.
                if pending is not None and services.BYLINES in pending.content:
                    content[services.BYLINES] = pending.content[services.BYLINES]
            elif formset.model is Byline:
                content[services.BYLINES] = bylines_in_print_order(formset)
            elif formset.has_changed():
                # A correction is printed at once, by an editor's save: say so
                # rather than drop it silently.
                messages.warning(
                    request,
                    gettext(
                        "A correction is printed when an editor saves the article, not "
                        "kept in pending changes; the correction you wrote was not saved."
                    ),
                )
        request.staged_change = services.changes_stage(
            article=live,
            actor=request.user,
            content=content,
            base_version=form.cleaned_data.get("loaded_version") or live.version,
            note=request.POST.get("review_note", ""),
        )
        Autosave.objects.filter(user=request.user, article=live).delete()

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "staged_change", None) is not None:
            return []  # nothing live changed; the staged change is audited instead
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "staged_change", None) is None:
            return super().log_change(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if workflow_action(request) in ("_save_draft", "_submit"):
            self._workflow_message(request, obj)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        action = workflow_action(request)
        if not action and getattr(request, "staged_change", None) is None:
            return super().response_change(request, obj)
        self._workflow_message(request, obj)
        if action in ("_publish", "_schedule", "_send_back"):
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        return HttpResponseRedirect(request.path)

    def _workflow_message(self, request, obj) -> None:
        action = workflow_action(request)
        if getattr(request, "staged_change", None) is not None:
            text = gettext(
                "Your changes are kept for review; the published article is unchanged until "
                "an editor publishes them."
            )
        elif action == "_submit":
            text = gettext("“%(title)s” is submitted for review.")
        elif action == "_send_back":
            text = gettext("“%(title)s” went back to its writer.")
        elif action == "_publish":
            text = gettext("“%(title)s” is published.")
        elif action == "_schedule":
            text = gettext("“%(title)s” is scheduled for %(time)s (Asia/Seoul).")
        else:
            text = gettext("The draft “%(title)s” is saved.")
        when = localize(template_localtime(obj.published_at)) if obj.published_at else ""
        self.message_user(request, text % {"title": obj.title, "time": when}, messages.SUCCESS)

    # What the change form shows beside the fields.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        user = request.user
        workflow = {
            "can_publish": roles.can_publish(user),
            "is_published": obj is not None and obj.pk and obj.status == Article.Status.PUBLISHED,
            "autosave_url": reverse("admin:articles_article_autosave"),
            "article_id": obj.pk if obj is not None and obj.pk else "",
            "autosave_seconds": getattr(settings, "EDITORIAL_AUTOSAVE_SECONDS", 30),
        }
        if obj is not None and obj.pk:
            workflow["review"] = ReviewRequest.objects.filter(article=obj).first()
            pending = list(
                StagedChange.objects.pending().filter(article=obj).select_related("author")
            )
            workflow["pending_changes"] = [
                {"change": staged, "preview_url": preview.changes_url(staged)}
                for staged in pending
            ]
            saved_url = self.saved_url(obj)
            if saved_url and roles.can_preview(user, obj):
                workflow["share_url"] = preview.share_url(obj, path=saved_url)
                workflow["share_expires"] = preview.share_expires()
        autosave = (
            Autosave.objects.filter(user=user, article=obj if obj is not None and obj.pk else None)
            .only("data", "saved_at")
            .first()
        )
        if autosave is not None and request.method == "GET":
            if obj is None or not obj.pk or autosave.saved_at > obj.updated_at:
                workflow["autosave"] = autosave
        if form.has_error(NON_FIELD_ERRORS, "stale") and obj is not None and obj.pk:
            workflow["conflicts"] = self.conflicts(form, obj)
        context["workflow"] = workflow
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def conflicts(form, obj) -> dict:
        """The fields where the posted form and the saved article differ, and
        the form re-armed on the saved version: keep or take each, then save."""
        theirs = Article.objects.get(pk=obj.pk)
        rows = []
        values = {}
        for name in AUTOSAVE_FIELDS:
            mine = form[name].value() or ""
            current = getattr(theirs, name) or ""
            if str(mine).strip() == str(current).strip():
                continue
            show = visible_text if name == "body" else str
            rows.append(
                {
                    "name": name,
                    "label": Article._meta.get_field(name).verbose_name,
                    "mine": show(str(mine)),
                    "theirs": show(str(current)),
                    "diff": word_diff(show(str(current)), show(str(mine))),
                }
            )
            values[name] = current
        data = form.data.copy()
        data["loaded_version"] = str(theirs.version)
        form.data = data
        # The form's own advice (copy, reopen, re-apply) is what this panel replaces.
        form._errors[NON_FIELD_ERRORS] = form.error_class(
            [gettext("Your changes are not saved yet. Choose for each field above, then save.")]
        )
        return {"rows": rows, "values": values, "version": theirs.version}

    # Autosave (static/js/editorial.js)

    def autosave_view(self, request):
        if request.method != "POST":
            return HttpResponse(status=405)
        article = None
        article_id = request.POST.get("article", "")
        if article_id:
            pk = preview.database_id(article_id)
            article = Article.objects.filter(pk=pk).first() if pk else None
            if article is None:
                return HttpResponse(status=404)
            if not self.has_change_permission(request, article):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        if "discard" in request.POST:
            Autosave.objects.filter(user=request.user, article=article).delete()
            return HttpResponse(status=204)
        data = {name: request.POST.get(name, "") for name in AUTOSAVE_FIELDS}
        if sum(map(len, data.values())) > AUTOSAVE_MAX_CHARS or any(
            "\x00" in value for value in data.values()
        ):
            return HttpResponse(status=400)
        with transaction.atomic():
            Autosave.objects.update_or_create(
                user=request.user, article=article, defaults={"data": data}
            )
        return HttpResponse(status=204)


admin.site.unregister(Article)
admin.site.register(Article, EditorialArticleAdmin)


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django writes this warning in English only.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


User = get_user_model()
UserAdmin = type(admin.site.get_model_admin(User))
admin.site.unregister(User)
admin.site.register(
    User, type("UserAdmin", (UserAdmin,), {"change_password_form": PasswordChangeForm})
)


class DecideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the writer when you discard the changes."),
    )


@admin.register(StagedChange)
class StagedChangeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "article", "author", "state", "updated_at"]
    list_filter = ["state"]
    list_select_related = ["article", "author"]
    search_fields = ["article__title"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm("articles.change_article")

    def has_view_permission(self, request, obj=None):
        if not self.has_module_permission(request):
            return False
        return obj is None or roles.can_publish(request.user) or obj.author_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("article", "author")
        if roles.can_publish(request.user):
            return queryset
        return queryset.filter(author=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        staged = self.get_object(request, unquote(object_id))
        if staged is None:
            raise Http404
        if not self.has_view_permission(request, staged):
            raise PermissionDenied
        form = DecideForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if "_publish" in request.POST:
                    services.changes_publish(staged=staged, actor=request.user)
                    done = gettext("The changes are published.")
                else:
                    services.changes_discard(
                        staged=staged, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                    done = gettext("The changes are discarded.")
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:editorial_stagedchange_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Changes to “%(title)s”") % {"title": staged.article.title},
            "staged": staged,
            "diffs": field_diffs(staged),
            "form": form,
            "can_publish": roles.can_publish(request.user),
            "pending": staged.state == StagedChange.State.PENDING,
            "preview_url": preview.changes_url(staged),
            "share_url": preview.share_url(staged.article, staged),
            "share_expires": preview.share_expires(),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/editorial/staged_change.html", context)


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["article", "state", "requested_by", "requested_at", "decided_by", "reason"]
    list_filter = ["state"]
    list_select_related = ["article", "requested_by", "decided_by"]
    search_fields = ["article__title"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm("articles.change_article")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
