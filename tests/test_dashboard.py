"""The admin home's desk (editorial/dashboard.py): each role's counts, in a
constant number of queries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from editorial import services
from tests.factories import hours_ago, make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def desk(user, django_assert_max_num_queries=None, limit=None) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    counts = {}
    for chunk in page.split('data-section="')[1:]:
        key = chunk.split('"', 1)[0]
        counts[key] = int(chunk.split('data-count="', 1)[1].split('"', 1)[0])
    return counts


@pytest.fixture
def newsroom():
    writer = make_user(role="writer")
    other = make_user(role="writer")
    editor = make_user(role="editor")
    moderator = make_user(role="moderator")
    soon = timezone.now() + timedelta(hours=3)
    make_article(status=Article.Status.DRAFT, author=writer)
    make_article(status=Article.Status.DRAFT, author=writer, published_at=soon)  # dated draft
    submitted = make_article(status=Article.Status.DRAFT, author=writer)
    services.review_submit(article=submitted, actor=writer, note="")
    theirs = make_article(status=Article.Status.DRAFT, author=other)
    services.review_submit(article=theirs, actor=other, note="")
    make_article(published_at=soon, author=other)  # scheduled within 24 h
    make_article(published_at=timezone.now() + timedelta(days=3))  # scheduled later
    live = make_article(author=writer, published_at=hours_ago(2))
    make_article(published_at=hours_ago(24 * 30))  # published long ago
    services.changes_stage(
        article=live, actor=writer, content={"title": "고친 제목"}, base_version=1
    )
    Category.objects.create(name="제안 분야", status=Category.Status.PROPOSED, proposed_by=writer)
    make_category(name="승인 분야")
    return {"writer": writer, "other": other, "editor": editor, "moderator": moderator}


def test_a_writer_sees_their_own_work(newsroom):
    assert desk(newsroom["writer"]) == {"my_drafts": 3, "in_review": 1, "pending_changes": 1}
    assert desk(newsroom["other"]) == {"my_drafts": 1, "in_review": 1, "pending_changes": 0}


def test_an_editor_sees_the_desk(newsroom):
    assert desk(newsroom["editor"]) == {
        "my_drafts": 0,
        "in_review": 2,
        "pending_changes": 1,
        "scheduled": 1,
        "recent": 1,
    }


def test_a_moderator_sees_the_proposals(newsroom):
    counts = desk(newsroom["moderator"])
    assert counts["proposals"] == 1
    assert "scheduled" not in counts


def test_a_superuser_sees_everything(newsroom):
    counts = desk(make_user(superuser=True))
    assert counts["proposals"] == 1 and counts["in_review"] == 2 and counts["scheduled"] == 1


def test_the_desk_costs_the_same_with_more_work(newsroom, django_assert_max_num_queries):
    from editorial.dashboard import dashboard

    superuser = make_user(superuser=True)
    with django_assert_max_num_queries(12):
        dashboard(superuser)
    for n in range(10):
        article = make_article(status=Article.Status.DRAFT, author=superuser)
        services.review_submit(article=article, actor=superuser, note=str(n))
        Category.objects.create(name=f"분야 {n}", status=Category.Status.PROPOSED)
    with django_assert_max_num_queries(12):
        sections = dashboard(superuser)
    assert {s.key: s.count for s in sections}["in_review"] == 12
    assert {s.key: s.count for s in sections}["proposals"] == 11
