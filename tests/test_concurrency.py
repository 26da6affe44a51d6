"""Two people edit the same article: the second save is refused and keeps what they typed."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from articles.forms import ArticleAdminForm
from articles.models import Article

from .factories import article_form_data, make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def loaded_form_data(client, article, **edits):
    """Open the change form like a browser and return what it would post after `edits`."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["loaded_version"].value() == article.version
    return article_form_data(article, loaded_version=form["loaded_version"].value(), **edits)


@pytest.fixture
def two_editors():
    first, second = Client(), Client()
    first.force_login(make_user(role="editor"))
    second.force_login(make_user(role="editor"))
    return first, second


def test_the_second_save_is_refused_and_the_typed_text_kept(two_editors):
    alice, bob = two_editors
    article = make_article(title="원래 제목", body="<p>원래 본문</p>")
    alice_data = loaded_form_data(alice, article, body="<p>앨리스가 쓴 긴 문단</p>")
    bob_data = loaded_form_data(bob, article, title="밥의 제목")

    assert bob.post(change_url(article), bob_data).status_code == 302
    response = alice.post(change_url(article), alice_data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "편집하는 동안 다른 사람이 이 기사를 저장했습니다" in html  # the Korean UI
    assert "앨리스가 쓴 긴 문단" in html  # still in the form, not lost
    article.refresh_from_db()
    assert article.title == "밥의 제목"
    assert article.body == "<p>원래 본문</p>"


def test_after_reloading_the_second_editor_can_save(two_editors):
    alice, bob = two_editors
    article = make_article()
    stale = loaded_form_data(alice, article)
    bob.post(change_url(article), loaded_form_data(bob, article, title="먼저"))
    assert alice.post(change_url(article), stale).status_code == 200
    article.refresh_from_db()
    fresh = loaded_form_data(alice, article, title="나중")
    assert alice.post(change_url(article), fresh).status_code == 302
    article.refresh_from_db()
    assert article.title == "나중"


def test_a_crafted_post_without_the_version_is_refused(two_editors):
    alice, _ = two_editors
    article = make_article(title="보호됨")
    data = article_form_data(article, title="덮어쓰기")
    del data["loaded_version"]
    assert alice.post(change_url(article), data).status_code == 200
    article.refresh_from_db()
    assert article.title == "보호됨"


def test_a_bulk_publish_meanwhile_also_refuses_the_stale_form(two_editors):
    alice, bob = two_editors
    draft = make_article(status="draft", published_at=None)
    stale = loaded_form_data(alice, draft, title="수정")
    bob.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert alice.post(change_url(draft), stale).status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.title != "수정"


def test_a_category_merge_meanwhile_refuses_the_stale_form(client, two_editors):
    alice, _ = two_editors
    source, target = make_category(), make_category()
    article = make_article(categories=[source])
    stale = loaded_form_data(alice, article)  # still lists `source`
    moderator = Client()
    moderator.force_login(make_user(role="moderator"))
    moderator.post(
        reverse("admin:articles_category_changelist") + "?queue=all",
        {"action": "merge", "_selected_action": [source.pk], "apply": "1", "target": target.pk},
    )
    assert alice.post(change_url(article), stale).status_code == 200
    assert list(article.categories.all()) == [target]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_version_check_holds_the_row_until_the_save(two_editors):
    """A real race on PostgreSQL: while one save is between its check and its commit,
    a second save from the same version waits for it and is then refused. (A plain
    read for the check would let both through.)"""
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (PostgreSQL)")
    alice, bob = two_editors
    article = make_article(title="경합")
    alice_data = loaded_form_data(alice, article, title="앨리스")
    bob_data = loaded_form_data(bob, article, title="밥")
    responses = {}

    with transaction.atomic():
        # Bob's save, stopped right before its commit: the form's check has run.
        form = ArticleAdminForm(bob_data, instance=Article.objects.get(pk=article.pk))
        assert form.is_valid(), form.errors
        form.save()

        def alice_posts():
            try:
                responses["alice"] = alice.post(change_url(article), alice_data)
            finally:
                connection.close()  # this thread's own connection

        alice_saves = threading.Thread(target=alice_posts)
        alice_saves.start()
        with _other_connection() as watcher:
            _wait_until_a_query_waits_for_a_lock(watcher)
    alice_saves.join(timeout=30)

    assert responses["alice"].status_code == 200
    assert (
        "편집하는 동안 다른 사람이 이 기사를 저장했습니다" in responses["alice"].content.decode()
    )
    article.refresh_from_db()
    assert article.title == "밥"


@contextmanager
def _other_connection():
    watcher = connections.create_connection("default")
    try:
        yield watcher
    finally:
        watcher.close()


def _wait_until_a_query_waits_for_a_lock(watcher, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)  # polling for the other request to block, not waiting for time
    raise AssertionError("the second save never waited for the first")
