"""Publishing through the admin: now, scheduled, unpublished, expired; and what the admin shows."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, AuditEvent

from .factories import article_form_data, hours_ago, make_article, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def test_an_article_scheduled_a_minute_ahead_appears_by_itself(client, editor):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        response = client.post(
            reverse("admin:articles_article_add"),
            article_form_data(
                title="예약 기사", status="published", published_at=start + timedelta(minutes=1)
            ),
        )
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.state == "scheduled"
        assert AuditEvent.objects.get(article=article).action == "scheduled"
        client.logout()
        assert "예약 기사" not in client.get(reverse("articles:home")).content.decode()
        assert client.get(article.get_absolute_url()).status_code == 404

    with time_machine.travel(start + timedelta(minutes=1, seconds=1), tick=False):
        assert "예약 기사" in client.get(reverse("articles:home")).content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_publishing_without_a_time_publishes_now(client, editor):
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title="바로 발행", status="published", published_at=None),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.state == "published"
    assert article.published_at <= timezone.now()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_admin_shows_state_and_what_is_scheduled_next(client, editor):
    make_article(title="초안", status="draft", published_at=None)
    make_article(title="발행됨")
    make_article(title="나중 예약", published_at=hours_ago(-5))
    make_article(title="곧 예약", published_at=hours_ago(-1))
    make_article(title="만료됨", published_at=hours_ago(5), expires_at=hours_ago(1))
    html = client.get(CHANGELIST).content.decode()
    assert 'id="scheduled-next"' in html
    for label in ("초안", "발행", "발행 예약", "만료"):  # draft, published, scheduled, expired
        assert label in html

    response = client.get(CHANGELIST, {"state": "scheduled"})
    titles = [a.title for a in response.context["cl"].result_list]
    assert titles == ["곧 예약", "나중 예약"]
    for state, title in [("draft", "초안"), ("expired", "만료됨"), ("published", "발행됨")]:
        response = client.get(CHANGELIST, {"state": state})
        assert [a.title for a in response.context["cl"].result_list] == [title]


def test_editor_unpublishes_through_the_form(client, editor):
    live = make_article()
    data = article_form_data(live, status="draft")
    response = client.post(reverse("admin:articles_article_change", args=[live.pk]), data)
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT
    assert AuditEvent.objects.get(article=live).action == "unpublished"
    client.logout()
    assert client.get(live.get_absolute_url()).status_code == 404


def test_an_expired_article_answers_410_and_leaves_the_listing(client):
    article = make_article(title="엠바고 끝", expires_at=hours_ago(-1 / 60))
    assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 410
        assert "엠바고 끝" not in client.get(reverse("articles:home")).content.decode()


def test_scheduling_needs_a_future_time_and_the_permission():
    article = make_article(status="draft", published_at=None)
    with pytest.raises(ValidationError):
        services.article_schedule(article=article, at=hours_ago(1))
    with pytest.raises(PermissionDenied):
        services.article_schedule(
            article=article, at=hours_ago(-1), actor=make_user(role="writer")
        )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_published_article_held_back_by_its_categories_shows_as_held(client, editor):
    from articles.models import Category

    from .factories import make_category

    held = make_article(
        title="분야 대기", categories=[make_category(status=Category.Status.PROPOSED)]
    )
    live = make_article(title="공개 기사")
    assert held.state == "held" and live.state == "published"
    published_only = client.get(CHANGELIST, {"state": "published"}).content.decode()
    assert "공개 기사" in published_only and "분야 대기" not in published_only
    held_only = client.get(CHANGELIST, {"state": "held"}).content.decode()
    assert "분야 대기" in held_only and "공개 기사" not in held_only


def test_saving_a_published_article_keeps_its_time_to_the_microsecond(client, editor):
    """The form shows whole seconds: an editor's save must not read that as a
    new publication time (a second "published" in the audit log)."""
    at = (timezone.now() - timedelta(hours=1)).replace(microsecond=123456)
    article = make_article(title="기사", published_at=at)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, title="기사 (수정)", status="published"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.published_at) == ("기사 (수정)", at)
    assert not AuditEvent.objects.filter(article=article, action="published").exists()
