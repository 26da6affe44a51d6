"""Placing articles on the front page. Each placement, change and removal is
audited like a publication: a lead story is an editorial decision."""

from django.db import transaction
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from articles.models import AuditEvent
from articles.services import record_audit_event

from .models import Placement


def _window(placement: Placement) -> str:
    """What the audit log says of a placement: its slot and time window."""
    values = {
        "slot": placement.get_slot_display(),
        "start": localize(template_localtime(placement.starts_at)),
    }
    if placement.ends_at is None:
        return _("%(slot)s, from %(start)s") % values
    values["end"] = localize(template_localtime(placement.ends_at))
    return _("%(slot)s, from %(start)s until %(end)s") % values


@transaction.atomic
def placement_save(*, placement: Placement, actor) -> Placement:
    if placement.pk is None:
        placement.created_by = actor
    placement.save()
    record_audit_event(
        actor=actor,
        action=AuditEvent.Action.PLACED,
        article=placement.article,
        detail=_window(placement),
    )
    return placement


@transaction.atomic
def placements_remove(*, placements, actor) -> None:
    for placement in placements:
        record_audit_event(
            actor=actor,
            action=AuditEvent.Action.UNPLACED,
            article=placement.article,
            detail=_window(placement),
        )
        placement.delete()
