"""Who may change what is live (issue 9): categories of a published article,
the admin's "view on site" shortcut, and slugs that look alike."""

import unicodedata

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article, AuditEvent

from .factories import article_form_data, hours_ago, make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def change(client, article, **overrides):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, **overrides),
    )


# Categories decide whether a published article is public


def test_a_writer_cannot_move_their_published_article_off_the_site(client, writer):
    approved, proposed = make_category(), make_category(status="proposed")
    live = make_article(author=writer, categories=[approved])
    response = change(client, live, categories=[proposed.pk])
    assert response.status_code == 200
    assert "게시 권한이 있는 편집자만" in response.content.decode()  # Korean by default
    assert list(live.categories.all()) == [approved] and live.is_public()


def test_a_writer_cannot_bring_a_held_article_onto_the_site(client, writer):
    proposed, approved = make_category(status="proposed"), make_category()
    held = make_article(author=writer, categories=[proposed])
    assert not held.is_public()
    assert change(client, held, categories=[approved.pk]).status_code == 200
    assert not held.is_public()


def test_a_writer_still_changes_the_categories_of_their_drafts(client, writer):
    draft = make_article(author=writer, status="draft", published_at=None)
    category = make_category()
    assert change(client, draft, categories=[category.pk]).status_code == 302
    assert list(draft.categories.all()) == [category]


def test_an_editor_moving_an_article_off_the_site_is_audited(client, editor):
    approved, proposed = make_category(), make_category(status="proposed")
    # Whole seconds: the form posts no microseconds (a different time re-publishes).
    live = make_article(categories=[approved], published_at=hours_ago(1).replace(microsecond=0))
    assert change(client, live, categories=[proposed.pk]).status_code == 302
    assert not live.is_public()
    event = AuditEvent.objects.get(article=live)
    assert (event.action, event.actor) == (AuditEvent.Action.UNPUBLISHED, editor)

    assert change(client, Article.objects.get(), categories=[approved.pk]).status_code == 302
    assert live.is_public()
    assert AuditEvent.objects.filter(article=live, action="published", actor=editor).exists()


# /admin/r/<content type>/<id>/


def shortcut(article):
    content_type = ContentType.objects.get_for_model(Article)
    return reverse("admin:view_on_site", args=[content_type.pk, article.pk])


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": "draft", "published_at": None},
        {"published_at": "future"},
        {"expires_at": "past"},
    ],
)
def test_view_on_site_does_not_reveal_unpublished_addresses_to_staff_who_may_not_preview(
    client, hidden
):
    fields = {k: hours_ago(-1 if v == "future" else 1) if v in ("future", "past") else v
              for k, v in hidden.items()}  # fmt: skip
    article = make_article(author=make_user(role="writer"), **fields)
    client.force_login(make_user(perms=["articles.view_article"]))
    response = client.get(shortcut(article))
    assert response.status_code == 404
    assert article.slug not in response.content.decode()


def test_view_on_site_still_works_for_public_articles_and_previewers(client, editor):
    live = make_article()
    draft = make_article(status="draft", published_at=None)
    assert client.get(shortcut(live)).status_code == 302
    assert client.get(shortcut(draft))["Location"].endswith(draft.get_absolute_url())
    client.force_login(make_user(perms=["articles.view_article"]))
    assert client.get(shortcut(live)).status_code == 302


# Slugs


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (unicodedata.normalize("NFD", "café"), "café"),
        ("ＡＩ-반도체", "ai-반도체"),
        ("Café", "café"),
    ],
)
def test_slugs_are_made_canonical(client, editor, typed, stored):
    response = client.post(
        reverse("admin:articles_article_add"), article_form_data(title="t", slug=typed)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get().slug == unicodedata.normalize("NFC", stored)


@pytest.mark.parametrize("twin", [unicodedata.normalize("NFD", "café"), "ｃａｆé", "CAFÉ"])
def test_a_slug_cannot_twin_an_existing_one(client, editor, twin):
    make_article(slug="café")
    response = client.post(
        reverse("admin:articles_article_add"), article_form_data(title="t", slug=twin)
    )
    assert response.status_code == 200
    assert Article.objects.count() == 1


def test_mixed_script_confusables_are_refused(client, editor):
    cyrillic_a = "\u0430"
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title="t", slug=f"{cyrillic_a}i-chips"),
    )
    assert response.status_code == 200
    assert "Cyrillic" in response.content.decode() or "키릴" in response.content.decode()
    assert not Article.objects.exists()


def test_single_script_slugs_in_other_alphabets_are_fine(client, editor):
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title="t", slug="новости-ai반도체"),
    )
    # Cyrillic with Latin is refused; Cyrillic alone, or Hangul with Latin, is not.
    assert response.status_code == 200
    for slug in ["новости", "ai반도체"]:
        response = client.post(
            reverse("admin:articles_article_add"), article_form_data(title=slug, slug=slug)
        )
        assert response.status_code == 302
