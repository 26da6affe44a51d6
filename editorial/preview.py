"""Previews of what readers cannot see yet, at the article's real address.

- `?changes=<pk>`: a pending change applied to the article, for staff who may
  edit it (and its author).
- `?preview=<token>`: a signed link (django.core.signing) to share with people
  without a login; it expires after EDITORIAL_PREVIEW_LINK_SECONDS and shows
  the article as saved (or with the pending change it names).

articles.views asks through articles.signals.preview_requested; the page is
then marked never-cache and noindex, so the page cache never keeps it and
nothing lists it (listings, feeds, sitemaps and search read published()).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import roles
from articles.models import Article

from .links import site_link
from .models import StagedChange
from .services import with_content

SALT = "editorial.preview"


def link_seconds() -> int:
    return getattr(settings, "EDITORIAL_PREVIEW_LINK_SECONDS", 7 * 24 * 3600)


def share_url(article: Article, staged: StagedChange | None = None, *, path: str = "") -> str:
    """A link anyone can open until it expires; `path` is the article's saved address."""
    token = signing.dumps({"a": article.pk, "c": staged.pk if staged else None}, salt=SALT)
    path = path or reverse("articles:detail", kwargs={"slug": article.slug})
    return site_link(f"{path}?preview={token}")


def share_expires():
    return timezone.now() + timedelta(seconds=link_seconds())


def changes_url(staged: StagedChange) -> str:
    path = reverse("articles:detail", kwargs={"slug": staged.article.slug})
    return f"{path}?changes={staged.pk}"


def database_id(value) -> int | None:
    """A database id from a query string, or None (never a 500 for "abc" or 10**30)."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number < 2**63 else None


def _staged(article, pk) -> StagedChange | None:
    pk = database_id(pk)
    if pk is None:
        return None
    return StagedChange.objects.pending().filter(pk=pk, article=article).first()


def article_for_preview(sender, request, slug, **kwargs):
    """articles.signals.preview_requested: the article to show, or None."""
    token = request.GET.get("preview")
    if token:
        try:
            data = signing.loads(token, salt=SALT, max_age=link_seconds())
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("a"), int):
            return None
        article = Article.objects.with_relations().filter(pk=data["a"], slug=slug).first()
        if article is None:
            return None
        article.preview_label = _("Preview shared by the newsroom: not public.")
        if data.get("c") is not None:
            staged = _staged(article, data["c"])
            if staged is None:
                return None
            return with_content(article, staged.content)
        return article
    changes = request.GET.get("changes")
    user = request.user
    if changes and user.is_authenticated and user.is_staff:
        article = Article.objects.with_relations().filter(slug=slug).first()
        if article is None:
            return None
        staged = _staged(article, changes)
        if staged is None:
            return None
        if not (roles.can_preview(user, article) or staged.author_id == user.pk):
            return None
        article.preview_label = _("Preview of changes not yet published.")
        return with_content(article, staged.content)
    return None
