"""Small builders so each test states only the fields it cares about."""

import io
import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category

_counter = itertools.count(1)


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def make_category(**overrides) -> Category:
    fields = {"name": f"Category {next(_counter)}", "status": Category.Status.APPROVED}
    fields.update(overrides)
    return Category.objects.create(**fields)


def make_article(*, categories=(), **overrides) -> Article:
    fields = {
        "title": f"Article {next(_counter)}",
        "excerpt": "An excerpt.",
        "body": "<p>Body.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": hours_ago(1),
    }
    fields.update(overrides)
    article = Article.objects.create(**fields)
    if categories:
        article.categories.set(categories)
    return article


def make_user(*, perms=(), staff=True, superuser=False, **overrides):
    n = next(_counter)
    fields = {"username": f"user{n}", "email": f"user{n}@example.com"}
    fields.update(overrides)
    user = get_user_model().objects.create_user(
        password="correct horse battery", is_staff=staff, is_superuser=superuser, **fields
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def image_bytes(fmt="PNG", size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, format=fmt)
    return buffer.getvalue()
