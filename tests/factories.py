"""Small builders so each test states only the fields it cares about."""

import importlib
import io
import itertools
from datetime import timedelta

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category
from articles.roles import GROUP_NAMES

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


def role_group(role: str) -> Group:
    """The role's group as the migration made it. A transactional test (browser,
    live server) flushes the database, groups included; bring them back then."""
    name = GROUP_NAMES[role]
    group = Group.objects.filter(name=name).first()
    if group is None:
        roles_migration = importlib.import_module("articles.migrations.0003_roles")
        roles_migration.sync_roles(django_apps, roles_migration.ROLES)
        bylines_migration = importlib.import_module("articles.migrations.0014_bylines_corrections")
        bylines_migration.grant_roles(django_apps, None)
        group = Group.objects.get(name=name)
    return group


def make_user(*, perms=(), role=None, staff=True, superuser=False, **overrides):
    """A staff user with `perms`, and/or in a role's group: "writer", "editor", "moderator"."""
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
    if role is not None:
        user.groups.add(role_group(role))
    return user


def image_bytes(fmt="PNG", size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def _split(value) -> dict:
    if value is None:
        return {"0": "", "1": ""}
    local = timezone.localtime(value)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def article_form_data(article=None, **overrides) -> dict:
    """What the admin's article form posts: `article`'s current values (with the
    version it was loaded at), then `overrides`. Datetimes may be given as such."""
    fields = {
        "title": "A title",
        "slug": "",
        "excerpt": "",
        "feature_text": "",
        "body": "<p>Body.</p>",
        "hero_image_url": "",
        "hero_image_alt": "",
        "status": Article.Status.DRAFT,
        "published_at": None,
        "expires_at": None,
        "categories": [],
        "tags": [],
        "author": "",
        "byline": "",
    }
    if article is not None:
        for name in fields:
            if name not in ("categories", "tags"):
                fields[name] = getattr(article, name)
        fields["author"] = article.author_id or ""
        fields["categories"] = [c.pk for c in article.categories.all()]
        fields["tags"] = [t.pk for t in article.tags.all()]
        fields["loaded_version"] = article.version
    fields.update(overrides)
    data = inline_form_data(article)
    for name, value in fields.items():
        if name in ("published_at", "expires_at"):
            data.update({f"{name}_{part}": v for part, v in _split(value).items()})
        else:
            data[name] = value
    return data


def make_image(*, size=(64, 48), fmt="JPEG", renditions=False, **texts):
    """A library image (images.services.image_from_bytes); renditions are made
    on first request unless asked for."""
    from images.services import image_from_bytes

    return image_from_bytes(
        image_bytes(fmt, size),
        filename="test.jpg",
        make_renditions=renditions,
        **texts,
    )


def inline_form_data(article=None, *, bylines=None, correction="") -> dict:
    """The article form's inlines as posted: its bylines (or `bylines`, a
    list of people, replacing them) and a new correction's text."""
    existing = list(article.bylines.all()) if article is not None and article.pk else []
    data = {
        "bylines-INITIAL_FORMS": len(existing),
        "bylines-MIN_NUM_FORMS": 0,
        "bylines-MAX_NUM_FORMS": 1000,
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
        "corrections-2-TOTAL_FORMS": 1,
        "corrections-2-INITIAL_FORMS": 0,
        "corrections-2-0-text": correction,
    }
    rows = [(b.pk, b.person_id, b.position) for b in existing]
    for index, (pk, person, position) in enumerate(rows):
        data |= {f"bylines-{index}-id": pk, f"bylines-{index}-article": article.pk}
        data |= {f"bylines-{index}-person": person, f"bylines-{index}-position": position}
        if bylines is not None:
            data[f"bylines-{index}-DELETE"] = "on"
    for position, person in enumerate(bylines or [], start=len(rows)):
        data |= {f"bylines-{position}-person": person.pk, f"bylines-{position}-position": position}
    data["bylines-TOTAL_FORMS"] = len(rows) + len(bylines or [])
    return data
