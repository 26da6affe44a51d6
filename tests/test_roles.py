"""What each role may and may not do, through the real admin views, crafted POSTs included."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, AuditEvent, Category

from .factories import article_form_data, make_article, make_category, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
CATEGORIES = reverse("admin:articles_category_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Writers",
        "Editors",
        "Category moderators",
    }
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name="Writers").permissions.filter(
        codename__in=["publish_article", "moderate_category"]
    )


# Writers


def test_writer_adds_a_draft_and_becomes_its_author(client, writer):
    response = client.post(reverse("admin:articles_article_add"), article_form_data(title="초고"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.status, article.author) == ("초고", "draft", writer)


@pytest.mark.parametrize(
    "crafted",
    [
        {"status": "published"},
        {"status": "published", "published_at_0": "2020-01-01", "published_at_1": "00:00:00"},
    ],
    ids=["status", "status-and-time"],
)
def test_writer_cannot_publish_by_crafting_the_add_form(client, writer, crafted):
    data = article_form_data(title="몰래 발행") | crafted
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.published_at is None
    assert not AuditEvent.objects.filter(action="published").exists()


def test_writer_cannot_publish_their_own_draft_by_crafting_the_change_form(client, writer):
    draft = make_article(status="draft", published_at=None, author=writer)
    response = client.get(change_url(draft))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()  # read-only for writers
    data = article_form_data(draft, title="고친 제목", status="published")
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "고친 제목"
    assert draft.status == Article.Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 200  # own preview
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_writer_cannot_unpublish_by_crafting_the_change_form(client, writer):
    live = make_article(author=writer)
    client.post(change_url(live), article_form_data(live, status="draft"))
    live.refresh_from_db()
    assert live.status == Article.Status.PUBLISHED


def test_writer_cannot_edit_someone_elses_article(client, writer):
    other = make_article(status="draft", published_at=None, author=make_user(role="writer"))
    response = client.get(change_url(other))
    assert response.status_code == 200  # view only
    assert 'name="_save"' not in response.content.decode()
    response = client.post(change_url(other), article_form_data(other, title="탈취"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.title != "탈취"


def test_writer_is_not_offered_and_is_refused_the_publish_actions(client, writer):
    draft = make_article(status="draft", published_at=None, author=writer)
    live = make_article(author=writer)
    html = client.get(CHANGELIST).content.decode()
    assert "publish_now" not in html and 'value="unpublish"' not in html
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [live.pk]})
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == "draft" and live.status == "published"


def test_writer_cannot_preview_someone_elses_draft(client, writer):
    other = make_article(status="draft", published_at=None, author=make_user(role="writer"))
    assert client.get(other.get_absolute_url()).status_code == 404


def test_writer_proposes_a_category_that_stays_proposed_whatever_is_posted(client, writer):
    response = client.post(
        reverse("admin:articles_category_add"),
        {"name": "반도체", "slug": "", "description": "", "status": "approved"},
    )
    assert response.status_code == 302
    category = Category.objects.get()
    assert category.status == Category.Status.PROPOSED
    assert category.proposed_by == writer


@pytest.mark.parametrize("role", ["writer", "editor"])
@pytest.mark.parametrize("action", ["approve", "retire"])
def test_writers_and_editors_cannot_moderate(client, role, action):
    client.force_login(make_user(role=role))
    proposal = make_category(status=Category.Status.PROPOSED)
    assert f'value="{action}"' not in client.get(CATEGORIES).content.decode()
    client.post(CATEGORIES, {"action": action, "_selected_action": [proposal.pk], "apply": "1"})
    proposal.refresh_from_db()
    assert proposal.status == Category.Status.PROPOSED
    change = reverse("admin:articles_category_change", args=[proposal.pk])
    response = client.post(change, {"name": "x", "slug": "x", "status": "approved"})
    assert response.status_code == 403


# Editors


def test_editor_edits_and_publishes_anyones_article(client, editor):
    draft = make_article(status="draft", published_at=None, author=make_user(role="writer"))
    response = client.get(change_url(draft))
    assert "사이트에서 미리보기" in response.content.decode()
    data = article_form_data(draft, status="published")
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert client.get(draft.get_absolute_url()).status_code == 200
    event = AuditEvent.objects.get(action="published")
    assert (event.actor, event.article) == (editor, draft)


def test_editor_bulk_publishes_and_unpublishes_with_an_audit_trail(client, editor):
    draft = make_article(status="draft", published_at=None)
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert list(
        AuditEvent.objects.filter(article=draft).order_by("pk").values_list("action", "actor")
    ) == [("published", editor.pk), ("unpublished", editor.pk)]
    audit = client.get(reverse("admin:articles_auditevent_changelist")).content.decode()
    assert draft.title in audit and editor.username in audit


def test_editor_previews_any_draft(client, editor):
    draft = make_article(status="draft", published_at=None, author=make_user(role="writer"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "preview-banner" in response.content.decode()


# Moderators


def test_moderator_cannot_publish_or_edit_articles(client, moderator):
    draft = make_article(status="draft", published_at=None)
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert client.post(change_url(draft), article_form_data(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_readers_and_staff_without_a_role_cannot_preview(client):
    draft = make_article(status="draft", published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_user())
    assert client.get(draft.get_absolute_url()).status_code == 404


# Giving roles


def test_assign_role_gives_and_takes_a_role(client):
    user = make_user(staff=False, username="alice")
    call_command("assign_role", "alice", "editor", stdout=open("/dev/null", "w"))
    user.refresh_from_db()
    assert user.is_staff and user.has_perm("articles.publish_article")
    call_command("assign_role", "alice", "editor", "--remove", stdout=open("/dev/null", "w"))
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm("articles.publish_article")


def test_assign_role_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user"):
        call_command("assign_role", "nobody", "writer")


def test_writer_cannot_publish_by_restoring_a_revision(client, writer):
    client.post(reverse("admin:articles_article_add"), article_form_data(title="판 1"))
    article = Article.objects.get()
    version = Version.objects.get_for_object(article).get()
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert client.get(url).status_code == 200
    data = article_form_data(article, title="판 1 복원", status="published")
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("판 1 복원", Article.Status.DRAFT)
    recover = reverse("admin:articles_article_recover", args=[version.pk])
    assert client.post(recover, data).status_code in (403, 404)
    # Nor may writers list deleted articles, or see the link to the list.
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "recoverlink" not in changelist
