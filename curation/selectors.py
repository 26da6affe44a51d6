"""Reads for the home page: the live placements and when they next change."""

from datetime import datetime

from django.utils import timezone

from articles.models import Article

from .models import Placement

# The most editor's picks the home page shows.
PICKS = 4


def live_placements(now: datetime | None = None) -> list[Placement]:
    """The placements readers see now, lead first, then picks in order: the
    window is open and the article is public (`published()`, so never a draft,
    a scheduled, an expired or a held article). One query; `article_id` only."""
    now = now or timezone.now()
    return list(
        Placement.objects.open_at(now)
        .filter(article__in=Article.objects.published())
        .only("slot", "article_id", "position")
        .order_by("slot", "position", "-starts_at", "-pk")
    )


def front_page(now: datetime | None = None) -> tuple[int | None, list[int]]:
    """The pinned lead's article id (None: the newest article leads) and the
    picks' article ids in order (no duplicates, not the lead), one query."""
    lead, picks = None, []
    for placement in live_placements(now):
        if placement.slot == Placement.Slot.LEAD:
            lead = lead or placement.article_id
        elif placement.article_id not in picks:
            picks.append(placement.article_id)
    return lead, [pk for pk in picks if pk != lead][:PICKS]


def next_placement_start(after: datetime):
    """The next placement start after `after`, as a one-value queryset (an index
    seek), for `articles.selectors.next_visibility_change`'s query."""
    later = Placement.objects.filter(starts_at__gt=after).order_by("starts_at")
    return later.values("starts_at")[:1]


def next_placement_end(after: datetime):
    later = Placement.objects.filter(ends_at__gt=after).order_by("ends_at")
    return later.values("ends_at")[:1]


def next_placement_change(after: datetime) -> datetime | None:
    """The first moment after `after` at which a placement opens or closes."""
    moments = [next_placement_start(after).first(), next_placement_end(after).first()]
    return min((m[key] for m in moments if m for key in m), default=None)
