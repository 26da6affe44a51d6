"""What the admin home shows each role: counts and the first few items of
each queue, in a constant number of queries (one count query and one list
query per kind of record), whatever the archive's size."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import roles
from articles.models import Article, Category

from .models import ReviewRequest, StagedChange

SHOWN = 5  # items listed under each count
RECENT = timedelta(days=7)
SOON = timedelta(hours=24)


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list = field(default_factory=list)  # (label, url, note)
    url: str = ""


def _article_items(queryset):
    return [
        (a.title, reverse("admin:articles_article_change", args=[a.pk]), a.published_at)
        for a in queryset.only("pk", "title", "published_at")[:SHOWN]
    ]


def dashboard(user) -> list[Section]:
    if not user.is_active:
        return []
    sections = _articles(user) if user.has_perm("articles.change_article") else []
    if roles.can_moderate(user):
        sections.append(_proposals())
    return sections


def _proposals() -> Section:
    proposals = Category.objects.filter(status=Category.Status.PROPOSED)
    listed = list(proposals.select_related("proposed_by").order_by("created_at")[: SHOWN + 1])
    count = len(listed) if len(listed) <= SHOWN else proposals.count()
    return Section(
        "proposals", _("Category proposals waiting"), count,
        [
            (c.name, reverse("admin:articles_category_change", args=[c.pk]), c.proposed_by)
            for c in listed[:SHOWN]
        ],
        reverse("admin:articles_category_changelist") + "?queue=proposed",
    )  # fmt: skip


def _articles(user) -> list[Section]:
    now = timezone.now()
    editor = roles.can_publish(user)
    changelist = reverse("admin:articles_article_changelist")
    sections = []

    open_review = Q(reviews__state=ReviewRequest.State.OPEN)
    my_drafts = Q(author=user) & ~Q(status=Article.Status.PUBLISHED)
    scheduled = Q(
        status=Article.Status.PUBLISHED, published_at__gt=now, published_at__lte=now + SOON
    )
    recent = Q(listed=True, published_at__lte=now, published_at__gt=now - RECENT)
    counts = Article.objects.aggregate(
        my_drafts=Count("pk", filter=my_drafts, distinct=True),
        **(
            {
                "scheduled": Count("pk", filter=scheduled, distinct=True),
                "recent": Count("pk", filter=recent, distinct=True),
            }
            if editor
            else {}
        ),
    )
    reviews = ReviewRequest.objects.aggregate(
        waiting=Count("pk", filter=Q(state=ReviewRequest.State.OPEN)),
        mine_waiting=Count("pk", filter=Q(state=ReviewRequest.State.OPEN, requested_by=user)),
    )
    changes = StagedChange.objects.pending().aggregate(
        all=Count("pk"), mine=Count("pk", filter=Q(author=user))
    )

    sections.append(
        Section(
            "my_drafts", _("My drafts"), counts["my_drafts"],
            _article_items(Article.objects.filter(my_drafts).exclude(open_review).order_by("-updated_at")),
            f"{changelist}?state=draft&author__id__exact={user.pk}",
        )
    )  # fmt: skip
    review_list = ReviewRequest.objects.open().select_related("article", "requested_by")
    if editor:
        review_section = Section("in_review", _("Waiting for review"), reviews["waiting"])
    else:
        review_list = review_list.filter(requested_by=user)
        review_section = Section("in_review", _("My articles in review"), reviews["mine_waiting"])
    review_section.items = [
        (r.article.title, reverse("admin:articles_article_change", args=[r.article_id]),
         r.requested_by)
        for r in review_list.order_by("requested_at")[:SHOWN]
    ]  # fmt: skip
    review_section.url = f"{changelist}?state=in_review"
    sections.append(review_section)

    change_list = StagedChange.objects.pending().select_related("article", "author")
    if not editor:
        change_list = change_list.filter(author=user)
    sections.append(
        Section(
            "pending_changes",
            _("Pending changes") if editor else _("My pending changes"),
            changes["all"] if editor else changes["mine"],
            [
                (c.article.title, c.get_absolute_url(), c.author)
                for c in change_list.order_by("updated_at")[:SHOWN]
            ],
            reverse("admin:editorial_stagedchange_changelist"),
        )
    )
    if editor:
        sections.append(
            Section(
                "scheduled", _("Scheduled in the next 24 hours"), counts["scheduled"],
                _article_items(Article.objects.filter(scheduled).order_by("published_at")),
                f"{changelist}?state=scheduled",
            )
        )  # fmt: skip
        sections.append(
            Section(
                "recent", _("Published in the last 7 days"), counts["recent"],
                _article_items(Article.objects.filter(recent).order_by("-published_at")),
                f"{changelist}?state=published",
            )
        )  # fmt: skip
    return sections
