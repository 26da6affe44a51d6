"""Revisions through the admin: every save keeps one; history shows what changed; restore works."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article

from .factories import article_form_data, make_category, make_user

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def save(client, article, **edits):
    article.refresh_from_db()
    response = client.post(change_url(article), article_form_data(article, **edits))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()


def test_every_admin_save_keeps_a_revision_listed_in_the_history(client, editor):
    client.post(reverse("admin:articles_article_add"), article_form_data(title="첫 판"))
    article = Article.objects.get()
    save(client, article, title="둘째 판", body="<p>새 본문</p>")
    versions = Version.objects.get_for_object(article).order_by("-pk")
    assert len(versions) == 2
    assert versions.first().revision.user == editor
    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = history.content.decode()
    assert history.status_code == 200
    assert html.count("/history/") >= 2
    # Which fields each save changed, in Korean: "제목 그리고 본문이(가) 변경되었습니다."
    comment = versions.first().revision.get_comment()
    assert "제목" in comment and "본문" in comment
    assert comment in html


def test_restore_brings_back_an_earlier_text_and_categories(client, editor):
    first_category, second_category = make_category(name="처음"), make_category(name="나중")
    client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title="원본", body="<p>원래 문장</p>", categories=[first_category.pk]),
    )
    article = Article.objects.get()
    original = Version.objects.get_for_object(article).get()
    save(
        client, article, title="고친 본", body="<p>바뀐 문장</p>", categories=[second_category.pk]
    )
    save(client, article, status="published")

    url = reverse("admin:articles_article_revision", args=[article.pk, original.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="revision-changes"' in html
    assert "원래 문장" in html and "바뀐 문장" in html  # what changed
    form = page.context["adminform"].form
    assert form["title"].value() == "원본"
    article.refresh_from_db()
    assert article.title == "고친 본"  # viewing changes nothing

    data = article_form_data(
        article, title=form["title"].value(), body=form["body"].value(),
        categories=form["categories"].value(),
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("원본", "<p>원래 문장</p>")
    assert list(article.categories.all()) == [first_category]
    assert article.status == Article.Status.PUBLISHED  # publication state is not restored
    latest = Version.objects.get_for_object(article).first()
    assert "버전을 복원했습니다" in latest.revision.comment  # "Restored the version ..."


def test_a_writer_cannot_restore_someone_elses_article(client):
    owner = make_user(role="writer")
    client.force_login(owner)
    client.post(reverse("admin:articles_article_add"), article_form_data(title="내 글"))
    article = Article.objects.get()
    version = Version.objects.get_for_object(article).get()
    client.force_login(make_user(role="writer"))
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert client.post(url, article_form_data(article, title="남의 손")).status_code == 403
    article.refresh_from_db()
    assert article.title == "내 글"


def test_editors_see_the_recover_link(client):
    from .factories import make_user

    client.force_login(make_user(role="editor"))
    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "recoverlink" in changelist
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == 200
