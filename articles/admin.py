import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from people.services import person_for_user

from . import revisions, roles, services
from .forms import ArticleAdminForm
from .models import Article, AuditEvent, Byline, Category, Correction, SlugRedirect, Tag


def apply_to_each(model_admin, request, objects, change) -> int:
    """Run `change(obj)` (a service call) for each selected object. One that the
    service refuses is reported by name and does not stop the others; returns
    how many went through."""
    count = 0
    for obj in objects:
        try:
            change(obj)
        except ValidationError as error:
            model_admin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
        else:
            count += 1
    return count


# Categories: proposals and moderation


class ModerationQueueFilter(admin.SimpleListFilter):
    """Moderators land on the queue of proposals while any wait; everyone else,
    and moderators with an empty queue, on all categories."""

    title = _("moderation")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("proposed", _("Awaiting moderation")), ("all", _("All categories"))]

    def value(self):
        if self.default is None:
            waiting = Category.objects.filter(status=Category.Status.PROPOSED).exists()
            self.default = "proposed" if waiting and roles.can_moderate(self.user) else "all"
        return super().value() or self.default

    def queryset(self, request, queryset):
        if self.value() == "proposed":
            return queryset.filter(status=Category.Status.PROPOSED)
        return queryset

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def __init__(self, request, params, model, model_admin):
        self.user, self.default = request.user, None
        super().__init__(request, params, model, model_admin)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to whoever proposed the category."),
    )


class RetireForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MergeForm(forms.Form):
    """What to merge the selected objects into: `queryset` without them."""

    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Category.objects.none())

    def __init__(self, *args, queryset, exclude=(), help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = queryset.exclude(pk__in=exclude)
        self.fields["target"].help_text = help_text


class ActionPageMixin:
    def _action_page(self, request, queryset, *, form, action, title, submit):
        """The intermediate page of an action that needs more input."""
        return TemplateResponse(
            request,
            "admin/articles/category/moderation_action.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                "queryset": queryset,
                "form": form,
                "action": action,
                "submit": submit,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Category)
class CategoryAdmin(ActionPageMixin, admin.ModelAdmin):
    list_display = [
        "name", "slug", "status", "nav_order", "proposed_by", "moderation_note", "article_count",
        "updated_at",
    ]  # fmt: skip
    list_filter = [ModerationQueueFilter, "status"]
    list_select_related = ["proposed_by"]
    ordering = ["name"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [
        "status", "proposed_by", "merged_into", "created_at", "updated_at",
    ]  # fmt: skip
    actions = ["approve", "reject", "merge", "retire"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not roles.can_moderate(request.user):
            # Moderators decide what the site header shows, too.
            fields += ["moderation_note", "nav_order"]
        return fields

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "article":
            # The article form's category picker offers only open categories.
            queryset = queryset.filter(
                status__in=[Category.Status.PROPOSED, Category.Status.APPROVED]
            )
        return queryset, may_have_duplicates

    def has_moderate_permission(self, request):
        return roles.can_moderate(request.user)

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, category):
        return category.article_total

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            # Whatever was posted, a new category starts as a proposal.
            services.category_propose(category=obj, actor=request.user)

    def _apply(self, request, queryset, service, done, *, arg="category", **kwargs):
        """Run a moderation service on each selected category; report in `done`."""
        count = apply_to_each(
            self, request, queryset,
            lambda category: service(**{arg: category}, actor=request.user, **kwargs),
        )  # fmt: skip
        if count:
            self.message_user(request, done % {"count": count, **kwargs}, messages.SUCCESS)

    @admin.action(description=_("Approve selected categories"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._apply(request, queryset, services.category_approve, gettext("%(count)d approved."))

    @admin.action(description=_("Reject selected proposals…"), permissions=["moderate"])
    def reject(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self._apply(
                request, queryset, services.category_reject, gettext("%(count)d rejected."),
                reason=reason,
            )  # fmt: skip
            return None
        return self._action_page(
            request, queryset, form=form, action="reject",
            title=gettext("Reject proposals"), submit=gettext("Reject"),
        )  # fmt: skip

    @admin.action(
        description=_("Merge selected categories into another…"), permissions=["moderate"]
    )
    def merge(self, request, queryset):
        selected = list(queryset.values_list("pk", flat=True))
        form = MergeForm(
            request.POST if "apply" in request.POST else None,
            queryset=Category.objects.approved(),
            exclude=selected,
            help_text=_("Articles move there; the old address and feed redirect to it."),
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            self._apply(
                request, queryset, services.category_merge,
                gettext("%(count)d merged into %(target)s."), arg="source", target=target,
            )  # fmt: skip
            return None
        return self._action_page(
            request, queryset, form=form, action="merge",
            title=gettext("Merge categories"), submit=gettext("Merge"),
        )  # fmt: skip

    @admin.action(description=_("Retire selected categories…"), permissions=["moderate"])
    def retire(self, request, queryset):
        form = RetireForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(
                request, queryset, services.category_retire, gettext("%(count)d retired."),
                note=form.cleaned_data["note"],
            )  # fmt: skip
            return None
        return self._action_page(
            request, queryset, form=form, action="retire",
            title=gettext("Retire categories"), submit=gettext("Retire"),
        )  # fmt: skip


# Tags


@admin.register(Tag)
class TagAdmin(ActionPageMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "article_count", "created_at"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, tag):
        return tag.article_total

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    @admin.action(description=_("Merge selected tags into another…"), permissions=["publish"])
    def merge(self, request, queryset):
        selected = list(queryset)
        form = MergeForm(
            request.POST if "apply" in request.POST else None,
            queryset=Tag.objects.all(),
            exclude=[tag.pk for tag in selected],
            help_text=_("Articles move there; the merged tags are deleted."),
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                services.tag_merge(sources=selected, target=target, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(count)d merged into %(target)s.")
                    % {"count": len(selected), "target": target},
                    messages.SUCCESS,
                )
            return None
        return self._action_page(
            request, selected, form=form, action="merge",
            title=gettext("Merge tags"), submit=gettext("Merge"),
        )  # fmt: skip


# Articles


class ArticleInlineMixin:
    """Inlines of an article follow the article's own permissions (roles.py),
    not permissions of their own model."""

    def _may_edit(self, request, obj):
        if obj is None:
            return request.user.has_perm("articles.add_article")
        return roles.can_edit_article(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article") or self._may_edit(request, obj)


class OptionalInlineFormSet(forms.BaseInlineFormSet):
    """A post that carries none of this inline's fields (its management form
    included) leaves the rows as they are, rather than failing the whole
    form: scripts, tests and other tools post articles without bylines."""

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        total = f"{prefix}-TOTAL_FORMS"
        if data is not None and total not in data:
            data = data.copy()
            data[total] = data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)


class BylineInline(ArticleInlineMixin, admin.TabularInline):
    model = Byline
    formset = OptionalInlineFormSet
    fields = ["person", "position"]
    autocomplete_fields = ["person"]
    ordering = ["position", "pk"]
    extra = 2  # most stories carry one or two names
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in print order)")

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    has_change_permission = has_delete_permission = has_add_permission


class CorrectionListInline(ArticleInlineMixin, admin.TabularInline):
    """Corrections already printed: they stay as they were published."""

    model = Correction
    formset = OptionalInlineFormSet
    fields = ["published_at", "text", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("corrections")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CorrectionFormSet(OptionalInlineFormSet):
    def clean(self):
        super().clean()
        wanted = any(form.cleaned_data.get("text") for form in self.forms if form.is_valid())
        if wanted and self.instance.status != Article.Status.PUBLISHED:
            raise ValidationError(_("Only a published article takes a correction."))


class CorrectionAddInline(ArticleInlineMixin, admin.StackedInline):
    """A new correction note; saved through services.correction_add (dated,
    audited, and moving the article's "수정" time)."""

    model = Correction
    formset = CorrectionFormSet
    fields = ["text"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("new correction")
    verbose_name_plural = _("add a correction")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and obj.status == Article.Status.PUBLISHED
            and roles.can_publish(request.user)
        )

    has_view_permission = has_add_permission

    def has_change_permission(self, request, obj=None):
        return False


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled (soonest first)")),
            ("published", _("Published")),
            ("held", _("Held: no approved category")),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.exclude(status=Article.Status.PUBLISHED)
            case "scheduled":
                return queryset.scheduled()
            case "expired":
                return queryset.expired()
            case "published":
                return queryset.published()
            case "held":
                return queryset.held()
        return queryset


# What readers read: a change of it on a public article moves its "수정" time.
REVISED_FIELDS = {"title", "excerpt", "feature_text", "body", "hero", "hero_image_url"}


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = ["title", "state_label", "published_at", "category_names", "author"]
    list_filter = [StateFilter, "categories", "published_at"]
    list_select_related = ["author"]
    search_fields = ["title", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "tags", "hero"]
    raw_id_fields = ["author"]
    inlines = [BylineInline, CorrectionListInline, CorrectionAddInline]
    readonly_fields = ["created_at", "updated_at", "images_needing_alt_text"]
    actions = ["publish_now", "unpublish"]
    # Our own template (admin/articles/article/change_list.html) shows reversion's
    # "Recover deleted" link to those who may recover, and adds "Scheduled next".
    change_list_template = None
    history_latest_first = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "excerpt", "feature_text", "body", "loaded_version"]}),
        (
            _("Hero image"),
            {
                "fields": [
                    "hero",
                    "hero_upload",
                    "hero_caption",
                    "hero_credit",
                    "hero_image_alt",
                    "hero_image_decorative",
                    "hero_image_url",
                    "images_needing_alt_text",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "expires_at",
                    "categories",
                    "tags",
                    "author",
                    "byline",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    # Only people who may publish set these; for writers they are read-only here
    # and ignored by save_model, whatever is posted.
    publishing_fields = ["status", "published_at", "expires_at", "author"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("images needing alt text"))
    def images_needing_alt_text(self, article):
        """What publishing would refuse (images/alt.py), before anyone tries."""
        missing = services.images_without_alt_text(article)
        return ", ".join(missing) or gettext("None: every image is described or decorative.")

    def get_ordering(self, request):
        if request.GET.get(StateFilter.parameter_name) == "scheduled":
            return ["published_at", "pk"]
        return super().get_ordering(request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not roles.can_publish(request.user):
            fields += self.publishing_fields
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return roles.can_edit_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or roles.can_edit_article(request.user, obj))

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def may_view_on_site(self, request, obj) -> bool:
        """Whether /admin/r/<ct>/<id>/ may send `request`'s user to `obj`'s address
        (newsroom/admin.py): public articles, or ones the user may preview."""
        return obj.is_public() or roles.can_preview(request.user, obj)

    @staticmethod
    def saved_url(obj) -> str:
        """The article's address as saved: a form shown again with errors holds
        the submitted slug, which may not even make an address."""
        saved = Article.objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        return reverse("articles:detail", kwargs={"slug": saved}) if saved else ""

    def view_on_site(self, obj):
        """Only what readers can see; unpublished articles get "Preview on site"."""
        if obj.is_public():
            return self.saved_url(obj) or None
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        # No "View on site" (not public): offer "Preview on site" to those who may.
        if obj is not None and obj.pk and not response.context_data["has_absolute_url"]:
            if roles.can_preview(request.user, obj):
                response.context_data["preview_url"] = self.saved_url(obj)
        return response

    def changelist_view(self, request, extra_context=None):
        scheduled = Article.objects.scheduled().order_by("published_at")[:5]
        context = {
            "scheduled_next": scheduled,
            "can_recover": roles.can_publish(request.user),
            **(extra_context or {}),
        }
        # Skip VersionAdmin's revision block (two savepoints per page view): it
        # only matters for list_editable, which this changelist does not use.
        return admin.ModelAdmin.changelist_view(self, request, context)

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, article):
        state = article.state
        labels = {
            "draft": gettext("Draft"),
            "scheduled": gettext("Scheduled"),
            "published": gettext("Published"),
            "held": gettext("Held: no approved category"),
            "expired": gettext("Expired"),
        }
        if state == "scheduled":
            when = localize(template_localtime(article.published_at))
            return gettext("Scheduled for %(time)s") % {"time": when}
        return labels[state]

    @admin.display(description=_("categories"))
    def category_names(self, article):
        return ", ".join(category.name for category in article.categories.all())

    def save_model(self, request, obj, form, change):
        before = (
            Article.objects.filter(pk=obj.pk).values("slug", "status", "published_at").first()
            if change
            else None
        )
        wanted_status, wanted_at = obj.status, obj.published_at
        stored_at = before and before["published_at"]
        if wanted_at and stored_at and wanted_at == stored_at.replace(microsecond=0):
            wanted_at = stored_at  # the form shows whole seconds: the time is unchanged
        # Whether readers saw it before this save: save_related audits a change of
        # that which no publication service recorded (its categories moved it).
        obj.public_before_save = change and obj.is_public()
        obj.publication_changed = before is None or (
            wanted_status != before["status"]
            or (wanted_status == Article.Status.PUBLISHED and wanted_at != before["published_at"])
        )
        renamed = before is not None and before["slug"] != obj.slug
        # Readers only ever saw the old address if the article was public.
        was_public = renamed and obj.is_public()
        if not change and obj.author_id is None:
            obj.author = request.user
        if obj.public_before_save and REVISED_FIELDS & set(form.changed_data):
            # Readers saw the story and now see it changed: "수정" moves.
            obj.revised_at = timezone.now()
        # The form saves content. Publication changes go through the services,
        # which check the permission again and record who did it.
        if before is None:
            obj.status = Article.Status.DRAFT
        else:
            obj.status = before["status"]
            if before["status"] == Article.Status.PUBLISHED:
                obj.published_at = before["published_at"]
        super().save_model(request, obj, form, change)

        if renamed:
            services.article_redirect_old_slug(
                article=obj, old_slug=before["slug"], was_public=was_public
            )
        if wanted_status == Article.Status.PUBLISHED:
            if obj.status != Article.Status.PUBLISHED or obj.published_at != wanted_at:
                # The form has checked the alt text (ArticleAdminForm.clean_alt_text).
                services.article_publish(
                    article=obj, at=wanted_at, actor=request.user, check_alt_text=False
                )
        elif obj.status == Article.Status.PUBLISHED:
            services.article_unpublish(article=obj, actor=request.user)
        if form.alt_text_still_missing:
            self.message_user(
                request,
                gettext("Saved. These images still need alt text (or a decorative mark): %s.")
                % ", ".join(form.alt_text_still_missing),
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            services.correction_add(
                article=form.instance, text=correction.text, actor=request.user
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not article.bylines.exists() and not article.byline and article.author_id:
            # Nobody credited: the byline is the profile of whoever owns the article.
            Byline.objects.create(article=article, person=person_for_user(article.author))
        if not change or getattr(article, "publication_changed", True):
            return
        public = article.is_public()
        if public != article.public_before_save:
            # The form refuses this to writers (ArticleAdminForm.clean_categories).
            services.record_audit_event(
                actor=request.user,
                action=AuditEvent.Action.PUBLISHED if public else AuditEvent.Action.UNPUBLISHED,
                article=article,
                detail=gettext("by a change of its categories"),
            )

    # Revisions: restore through the ordinary change form.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        saved_on = localize(template_localtime(version.revision.date_created))
        if request.method == "GET":
            request.restoring_version = version
        context = {
            "title": gettext("Restore the version of %(date)s") % {"date": saved_on},
            "revert": True,
            "changes": revisions.changes_since(version, article),
            **(extra_context or {}),
        }
        with self.create_revision(request):
            response = self.changeform_view(request, object_id, request.path, context)
            if request.method == "POST" and response.status_code == 302:
                reversion.set_comment(
                    gettext("Restored the version saved on %(date)s.") % {"date": saved_on}
                )
        if response.status_code == 200 and hasattr(response, "template_name"):
            response.template_name = self._reversion_get_template_list("revision_form.html")
        return response

    def recover_view(self, request, version_id, extra_context=None):
        # Recovering a deleted article brings back its publication state too, so
        # only people who may publish do it.
        if not roles.can_publish(request.user):
            raise Http404
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        # The list names deleted articles, which writers have no business with.
        if not roles.can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form = type(
            form.__name__,
            (form,),
            {"can_publish": roles.can_publish(request.user), "uploaded_by": request.user},
        )
        version = getattr(request, "restoring_version", None)
        if version is None:
            return form
        restored = revisions.restorable_values(version)

        class RestoreForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**restored, **(kwargs.get("initial") or {})}
                super().__init__(*args, **kwargs)

        return RestoreForm

    # Bulk actions: only for people who may publish (hidden from, and refused
    # to, everyone else), and through the services.

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        count = apply_to_each(
            self, request, queryset,
            lambda article: services.article_publish(article=article, actor=request.user),
        )  # fmt: skip
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = apply_to_each(
            self, request, queryset,
            lambda article: services.article_unpublish(article=article, actor=request.user),
        )  # fmt: skip
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )


# Read-only records


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr", "detail"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor"]
    search_fields = ["object_repr", "detail", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(SlugRedirect)
class SlugRedirectAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug", "article__title"]
