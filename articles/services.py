"""Changes of state. Views, admin actions and commands call these."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def article_publish(*, article: Article, at: datetime | None = None) -> Article:
    """Publish now, or schedule for `at`. Keeps an existing publication time."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean(exclude=["slug"], validate_unique=False)
    article.save(update_fields=["status", "published_at"])
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take an article off the public site; it becomes a draft again."""
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status"])
    return article
