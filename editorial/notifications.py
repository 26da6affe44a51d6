"""E-mail about the workflow, sent when the transaction commits (Django's
mailers: the console in development, EMAIL_URL in production). A mail that
cannot be sent is logged and never undoes the change."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles.models import AuditEvent

from .links import site_link

logger = logging.getLogger(__name__)


def on_commit(notify, *args) -> None:
    transaction.on_commit(lambda: _send(notify, *args))


def _send(notify, *args) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        try:
            notify(*args)
        except Exception:  # a mail server's trouble is not the editor's
            logger.exception("Could not send a workflow notification")


def _admin_url(name: str, *args) -> str:
    return site_link(reverse(name, args=args))


def _mail(recipients, subject: str, body: str) -> None:
    addresses = sorted({user.email for user in recipients if user and user.email})
    if addresses:
        send_mail(subject, body, None, addresses)


def editors():
    """Active users who may publish (editors and superusers)."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="publish_article")
            | Q(user_permissions__codename="publish_article")
        )
        .distinct()
    )


def submitted(review) -> None:
    article = review.article
    _mail(
        editors().exclude(pk=review.requested_by_id),
        _("Review requested: %(title)s") % {"title": article.title},
        _("%(who)s submitted “%(title)s” for review.\n\n%(note)s\n\n%(url)s")
        % {
            "who": review.requested_by,
            "title": article.title,
            "note": review.note,
            "url": _admin_url("admin:articles_article_change", article.pk),
        },
    )


def sent_back(review) -> None:
    article = review.article
    _mail(
        [review.requested_by, article.author],
        _("Sent back: %(title)s") % {"title": article.title},
        _("%(who)s sent “%(title)s” back to you.\n\nReason: %(reason)s\n\n%(url)s")
        % {
            "who": review.decided_by,
            "title": article.title,
            "reason": review.reason,
            "url": _admin_url("admin:articles_article_change", article.pk),
        },
    )


def approved(review) -> None:
    article = review.article
    _mail(
        [review.requested_by, article.author],
        _("Approved: %(title)s") % {"title": article.title},
        _("%(who)s approved “%(title)s”; it is published or scheduled.\n\n%(url)s")
        % {
            "who": review.decided_by,
            "title": article.title,
            "url": _admin_url("admin:articles_article_change", article.pk),
        },
    )


def published(article, actor) -> None:
    if article.author_id and article.author_id != getattr(actor, "pk", None):
        _mail(
            [article.author],
            _("Published: %(title)s") % {"title": article.title},
            _("%(who)s published “%(title)s”.\n\n%(url)s")
            % {
                "who": actor,
                "title": article.title,
                "url": _admin_url("admin:articles_article_change", article.pk),
            },
        )


def staged(change) -> None:
    _mail(
        editors().exclude(pk=change.author_id),
        _("Changes to review: %(title)s") % {"title": change.article.title},
        _("%(who)s changed the published article “%(title)s”. Review the changes:\n\n%(url)s")
        % {
            "who": change.author,
            "title": change.article.title,
            "url": _admin_url("admin:editorial_stagedchange_change", change.pk),
        },
    )


def changes_decided(change) -> None:
    if change.author_id == change.decided_by_id:
        return
    published = change.state == change.State.PUBLISHED
    subject = _("Changes published: %(title)s") if published else _("Changes discarded: %(title)s")
    _mail(
        [change.author],
        subject % {"title": change.article.title},
        _("%(who)s decided on your changes to “%(title)s”.\n\n%(reason)s")
        % {"who": change.decided_by, "title": change.article.title, "reason": change.reason},
    )


def category_decided(sender, category, actor, action, **kwargs) -> None:
    """articles.services.category_decided: tell the proposer."""
    proposer = category.proposed_by
    if proposer is None or proposer == actor:
        return
    label = AuditEvent.Action(action).label

    def notify():
        _mail(
            [proposer],
            _("Category %(name)s: %(decision)s") % {"name": category.name, "decision": label},
            _("%(who)s decided on the category “%(name)s”: %(decision)s.\n\n%(note)s")
            % {
                "who": actor,
                "name": category.name,
                "decision": label,
                "note": category.moderation_note,
            },
        )

    on_commit(notify)
