"""Corrections: editors add a dated note to a published article; readers see
it at the end of the article and the article's "수정" time moves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles import services
from articles.models import Article, AuditEvent, Correction

from .factories import article_form_data, hours_ago, inline_form_data, make_article, make_user

pytestmark = pytest.mark.django_db


def test_a_correction_is_dated_audited_and_revises_the_article():
    editor = make_user(role="editor")
    article = make_article(published_at=hours_ago(5))
    correction = services.correction_add(
        article=article, text="  3면 기사의 수치를 바로잡습니다.\x07 ", actor=editor
    )
    assert correction.text == "3면 기사의 수치를 바로잡습니다."
    article.refresh_from_db()
    assert article.revised_at == correction.published_at
    event = AuditEvent.objects.get(action=AuditEvent.Action.CORRECTED)
    assert (event.actor, event.article, event.detail) == (editor, article, correction.text)


def test_only_editors_correct_and_only_published_articles():
    with pytest.raises(PermissionDenied):
        services.correction_add(article=make_article(), text="x", actor=make_user(role="writer"))
    with pytest.raises(ValidationError):
        services.correction_add(article=make_article(status=Article.Status.DRAFT), text="x")
    with pytest.raises(ValidationError):
        services.correction_add(article=make_article(), text="   ")
    assert not Correction.objects.exists()


def test_readers_see_the_correction_box_at_the_end(client):
    article = make_article(body="<p>본문 끝.</p>", published_at=hours_ago(5))
    services.correction_add(article=article, text="이름을 바로잡습니다.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("본문 끝.") < html.index('<aside class="corrections"')
    assert '<h2 id="corrections-heading">바로잡습니다</h2>' in html
    assert "이름을 바로잡습니다." in html


def test_the_admin_adds_a_correction_through_the_service(client, editor):
    article = make_article(published_at=hours_ago(5))
    data = article_form_data(article, status="published") | inline_form_data(
        article, correction="날짜를 바로잡습니다."
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    correction = Correction.objects.get()
    assert (correction.article, correction.created_by) == (article, editor)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CORRECTED).count() == 1
    # Printed corrections stay as they were: the form shows them, never edits them.
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert "날짜를 바로잡습니다." in html.decode()


def test_writers_are_not_offered_corrections(client, writer):
    article = make_article(author=writer, status=Article.Status.DRAFT)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    assert "corrections-2-TOTAL_FORMS" not in html.decode()


def test_an_overlong_correction_is_refused_with_a_message(client, editor):
    article = make_article(published_at=hours_ago(5))
    data = article_form_data(article, status="published") | inline_form_data(
        article, correction="가" * 2001
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "2000" in response.content.decode()
    assert not Correction.objects.exists()
