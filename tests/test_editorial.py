"""The review workflow (editorial/): states, staged changes of live articles,
previews, notifications and autosave, through the admin as editors use it."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEvent, Tag
from editorial import preview, services
from editorial.models import Autosave, ReviewRequest, StagedChange
from people.models import Person
from tests.factories import (
    article_form_data,
    inline_form_data,
    make_article,
    make_category,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=False)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_form(client, article, expect=302, **overrides):
    url = (
        reverse("admin:articles_article_change", args=[article.pk])
        if article is not None
        else reverse("admin:articles_article_add")
    )
    if article is not None:
        article.refresh_from_db()
    response = client.post(url, article_form_data(article, **overrides))
    if expect == 302:
        assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def actions(article) -> list[str]:
    return list(
        AuditEvent.objects.filter(article=article).order_by("pk").values_list("action", flat=True)
    )


@pytest.fixture
def people():
    writer = make_user(role="writer", email="writer@example.com")
    editor = make_user(role="editor", email="editor@example.com")
    return writer, editor


def test_a_draft_goes_through_review_to_publication(people, django_capture_on_commit_callbacks):
    writer, editor = people
    w, e = login(writer), login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        post_form(w, None, title="초안 기사", _save_draft="1")
    article = Article.objects.get(title="초안 기사")
    assert article.status == Article.Status.DRAFT and article.author == writer

    with django_capture_on_commit_callbacks(execute=True):
        post_form(w, article, _submit="1", review_note="검토 부탁드립니다")
    review = ReviewRequest.objects.get(article=article)
    assert review.state == ReviewRequest.State.OPEN and review.note == "검토 부탁드립니다"
    assert [m.to for m in mail.outbox] == [["editor@example.com"]]

    # Sending back needs a reason; then the writer hears why.
    response = post_form(e, article, expect=200, _send_back="1", review_reason=" ")
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        post_form(e, article, _send_back="1", review_reason="출처를 밝혀 주세요")
    review.refresh_from_db()
    assert review.state == ReviewRequest.State.SENT_BACK and review.reason == "출처를 밝혀 주세요"
    assert mail.outbox[-1].to == ["writer@example.com"]
    assert "출처를 밝혀 주세요" in mail.outbox[-1].body

    post_form(w, article, body="<p>출처: 정부 발표</p>", _submit="1")
    with django_capture_on_commit_callbacks(execute=True):
        post_form(e, article, _publish="1")
    article.refresh_from_db()
    assert article.is_public()
    assert ReviewRequest.objects.get(article=article, state="approved").decided_by == editor
    assert mail.outbox[-1].to == ["writer@example.com"]
    assert actions(article) == ["submitted", "sent_back", "submitted", "published"]


def test_writers_never_change_live_copy(people, client, django_capture_on_commit_callbacks):
    writer, editor = people
    section = make_category(name="정치")
    article = make_article(title="원래 제목", author=writer, categories=[section])
    version = article.version
    with django_capture_on_commit_callbacks(execute=True):
        post_form(login(writer), article, title="[기자 수정] 원래 제목", body="<p>새 본문</p>")
    article.refresh_from_db()
    assert article.title == "원래 제목" and article.version == version
    staged = StagedChange.objects.get(article=article)
    assert staged.content["title"] == "[기자 수정] 원래 제목"
    assert "원래 제목" in client.get(article.get_absolute_url()).content.decode()
    assert "[기자 수정]" not in client.get(reverse("articles:home")).content.decode()

    # The editor previews the change at the article's address; readers cannot.
    url = preview.changes_url(staged)
    shown = login(editor).get(url)
    assert "[기자 수정] 원래 제목" in shown.content.decode()
    assert shown["X-Robots-Tag"] == "noindex" and "no-store" in shown["Cache-Control"]
    assert "[기자 수정]" not in client.get(url).content.decode()

    # The review page shows the visible text, not HTML.
    page = login(editor).get(staged.get_absolute_url()).content.decode()
    assert "<ins>새 본문</ins>" in page and "&lt;p&gt;" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = login(editor).post(staged.get_absolute_url(), {"_publish": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "[기자 수정] 원래 제목" and article.body == "<p>새 본문</p>"
    assert article.revised_at is not None and article.version == version + 1
    assert "[기자 수정] 원래 제목" in client.get(article.get_absolute_url()).content.decode()
    assert actions(article) == ["staged", "revised"]
    assert mail.outbox[-1].to == ["writer@example.com"]


def test_a_writers_change_of_tags_waits_for_review_like_the_text(people, client):
    writer, editor = people
    article = make_article(title="발행 기사", author=writer)
    old, new = Tag.objects.create(name="반도체"), Tag.objects.create(name="수출")
    article.tags.add(old)
    post_form(login(writer), article, tags=[old.pk, new.pk])
    assert list(article.tags.all()) == [old]
    assert "#수출" not in client.get(article.get_absolute_url()).content.decode()
    staged = StagedChange.objects.get(article=article)
    assert staged.content["tags"] == sorted([old.pk, new.pk])

    review = login(editor).get(staged.get_absolute_url()).content.decode()
    assert "<td>반도체 · 수출</td>" in review and "<ins> · 수출</ins>" in review
    preview_page = login(editor).get(preview.changes_url(staged)).content.decode()
    assert "#수출" in preview_page
    services.changes_publish(staged=staged, actor=editor)
    assert set(article.tags.all()) == {old, new}


def test_a_writers_bylines_wait_for_review_and_survive_a_second_save(people, client):
    writer, editor = people
    article = make_article(title="발행 기사", author=writer)
    person = Person.objects.create(name="김도윤", title="기자", slug="kim-doyun")
    url = reverse("admin:articles_article_change", args=[article.pk])
    as_writer = login(writer)
    data = article_form_data(article, title="고친 제목") | inline_form_data(
        article, bylines=[person]
    )
    assert as_writer.post(url, data).status_code == 302
    assert not article.bylines.exists()
    staged = StagedChange.objects.get(article=article)
    assert staged.content["bylines"] == [person.pk]

    # The form lists the live bylines; saving again keeps the pending ones.
    article.refresh_from_db()
    data = article_form_data(article, title="다시 고친 제목") | inline_form_data(article)
    assert as_writer.post(url, data).status_code == 302
    staged.refresh_from_db()
    assert (staged.content["title"], staged.content["bylines"]) == ("다시 고친 제목", [person.pk])

    assert "<ins>김도윤</ins>" in login(editor).get(staged.get_absolute_url()).content.decode()
    assert "김도윤" in login(editor).get(preview.changes_url(staged)).content.decode()
    assert "김도윤" not in client.get(article.get_absolute_url()).content.decode()
    services.changes_publish(staged=staged, actor=editor)
    assert [byline.person for byline in article.bylines.all()] == [person]
    assert "김도윤" in client.get(article.get_absolute_url()).content.decode()


def test_a_correction_in_a_draft_of_changes_is_not_kept_and_the_editor_is_told(people):
    _, editor = people
    article = make_article(title="발행 기사")
    data = article_form_data(article, title="고친 제목") | inline_form_data(
        article, correction="날짜를 바로잡습니다."
    )
    data["_stage"] = "1"
    response = login(editor).post(
        reverse("admin:articles_article_change", args=[article.pk]), data, follow=True
    )
    assert StagedChange.objects.get(article=article).content["title"] == "고친 제목"
    assert not article.corrections.exists()
    warnings = [str(m) for m in response.context["messages"]]
    assert any("정정" in text for text in warnings), warnings


def test_staged_changes_that_clash_with_a_later_edit_are_refused(people):
    writer, editor = people
    article = make_article(title="기사", author=writer)
    staged = services.changes_stage(
        article=article, actor=writer, content={"title": "작성자 제목"}, base_version=1
    )
    Article.objects.filter(pk=article.pk).update(title="편집자 제목")
    with pytest.raises(Exception, match="제목|title"):
        services.changes_publish(staged=staged, actor=editor)
    assert StagedChange.objects.get(pk=staged.pk).state == "pending"


def test_a_renamed_slug_redirects_after_staged_changes_publish(people, client):
    writer, editor = people
    article = make_article(title="기사", slug="old-slug", author=writer)
    staged = services.changes_stage(
        article=article, actor=writer, content={"slug": "new-slug"}, base_version=1
    )
    services.changes_publish(staged=staged, actor=editor)
    assert client.get("/articles/old-slug/").status_code == 301


def test_writers_cannot_publish_or_discard_others_changes(people):
    writer, editor = people
    other = make_user(role="writer")
    article = make_article(author=writer)
    staged = services.changes_stage(article=article, actor=writer, content={}, base_version=1)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.changes_publish(staged=staged, actor=writer)
    with pytest.raises(PermissionDenied):
        services.changes_discard(staged=staged, actor=other)
    services.changes_discard(staged=staged, actor=writer)


def test_a_shared_preview_link_works_without_login_until_it_expires(people, client):
    writer, _ = people
    draft = make_article(title="비공개 초안", status=Article.Status.DRAFT, author=writer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    url = preview.share_url(draft)
    path = url.split("8000", 1)[-1] if "8000" in url else url
    response = client.get(path)
    assert response.status_code == 200 and "비공개 초안" in response.content.decode()
    assert 'name="robots" content="noindex"' in response.content.decode()
    again = client.get(path)  # never kept by the page cache
    assert again.get("X-Page-Cache") != "hit" and "no-store" in again["Cache-Control"]
    assert client.get(path[:-3] + "xyz").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(path).status_code == 404


def test_schedule_needs_a_future_time(people):
    _, editor = people
    article = make_article(status=Article.Status.DRAFT)
    response = post_form(login(editor), article, expect=200, _schedule="1", published_at=None)
    assert "published_at" in response.context["adminform"].form.errors
    later = timezone.now() + timedelta(hours=3)
    post_form(
        login(editor),
        article,
        _schedule="1",
        published_at_0=timezone.localtime(later).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(later).strftime("%H:%M:%S"),
    )
    article.refresh_from_db()
    assert article.state == "scheduled"


def test_autosave_is_kept_per_user_and_offered_back(people):
    writer, editor = people
    article = make_article(status=Article.Status.DRAFT, author=writer)
    client = login(writer)
    url = reverse("admin:articles_article_autosave")
    assert client.post(url, {"article": article.pk, "title": "저장 안 한 제목"}).status_code == 204
    assert client.post(url, {"article": "", "title": "새 기사"}).status_code == 204
    assert Autosave.objects.filter(user=writer).count() == 2
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.context["workflow"]["autosave"].data["title"] == "저장 안 한 제목"
    assert 'id="editorial-autosave-data"' in page.content.decode()
    # Another writer may not autosave into someone else's article.
    assert login(make_user(role="writer")).post(url, {"article": article.pk}).status_code == 403
    assert client.post(url, {"article": "x"}).status_code == 404
    assert client.post(url, {"article": article.pk, "discard": "1"}).status_code == 204
    assert not Autosave.objects.filter(user=writer, article=article).exists()


def test_a_conflicting_save_shows_both_versions(people):
    _, editor = people
    article = make_article(title="처음 제목", status=Article.Status.DRAFT)
    stale = article_form_data(article, title="내 제목")
    Article.objects.get(pk=article.pk).save()  # someone else saves
    Article.objects.filter(pk=article.pk).update(title="그들의 제목")
    client = login(editor)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "내 제목" in page and "그들의 제목" in page and "conflict-row" in page
    # The form is re-armed on their version: saving again now goes through.
    form = response.context["adminform"].form
    assert form["loaded_version"].value() == str(Article.objects.get(pk=article.pk).version)


def test_proposers_hear_of_category_decisions(people, django_capture_on_commit_callbacks):
    from articles import services as article_services
    from articles.models import Category

    writer, _ = people
    moderator = make_user(role="moderator")
    proposal = Category.objects.create(
        name="새 분야", status=Category.Status.PROPOSED, proposed_by=writer
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_services.category_reject(category=proposal, reason="중복입니다", actor=moderator)
    assert mail.outbox[-1].to == ["writer@example.com"]
    assert "중복입니다" in mail.outbox[-1].body and "새 분야" in mail.outbox[-1].subject


def test_a_failing_mail_server_does_not_undo_the_change(
    people, settings, django_capture_on_commit_callbacks, caplog
):
    writer, _ = people
    settings.MAILERS = {"default": {"BACKEND": "tests.test_editorial.BrokenBackend"}}
    article = make_article(status=Article.Status.DRAFT, author=writer)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(article=article, actor=writer, note="")
    assert ReviewRequest.objects.filter(article=article).exists()
    assert "Could not send" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_writers_see_and_withdraw_only_their_own_changes(people):
    writer, editor = people
    other = make_user(role="writer")
    article = make_article(author=writer)
    staged = services.changes_stage(article=article, actor=writer, content={}, base_version=1)
    assert login(other).get(staged.get_absolute_url()).status_code == 404
    page = login(writer).get(staged.get_absolute_url())
    assert page.status_code == 200 and 'name="_publish"' not in page.content.decode()
    response = login(writer).post(staged.get_absolute_url(), {"_discard": "1"})
    assert response.status_code == 302
    staged.refresh_from_db()
    assert staged.state == StagedChange.State.DISCARDED


def test_the_desks_links_open_filtered_lists(people):
    writer, editor = people
    make_article(status=Article.Status.DRAFT, author=writer, title="내 초안")
    client = login(writer)
    from editorial.dashboard import dashboard

    for section in dashboard(writer):
        response = client.get(section.url)
        assert response.status_code == 200, section.url
        assert "?e=1" not in response.get("Location", "")
    page = client.get(dashboard(writer)[0].url).content.decode()
    assert "내 초안" in page


def test_the_article_list_tells_review_states_and_dated_drafts_apart(people):
    writer, editor = people
    soon = timezone.now() + timedelta(hours=5)
    dated = make_article(title="날짜만 있는 초안", status=Article.Status.DRAFT, published_at=soon)
    scheduled = make_article(title="예약된 기사", published_at=soon)
    waiting = make_article(
        title="검토 중인 초안", status=Article.Status.DRAFT, published_at=None, author=writer
    )
    services.review_submit(article=waiting, actor=writer, note="")
    live = make_article(title="수정 대기 기사", author=writer)
    services.changes_stage(article=live, actor=writer, content={"title": "새"}, base_version=1)
    client = login(editor)
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "예약 아님" in page and "검토 중" in page and "검토 대기 중인 수정" in page

    def titles(query):
        response = client.get(reverse("admin:articles_article_changelist") + query)
        return {article.title for article in response.context["cl"].result_list}

    assert titles("?state=dated_draft") == {dated.title}
    assert titles("?state=scheduled") == {scheduled.title}
    assert titles("?state=in_review") == {waiting.title}
    assert titles("?state=pending_changes") == {live.title}


@pytest.mark.parametrize("value", ["abc", "-1", "0", "10" * 20, "１", "\x00"])
def test_bad_ids_never_give_a_500(people, client, value):
    writer, editor = people
    article = make_article(author=writer)
    assert client.get(f"{article.get_absolute_url()}?changes={value}").status_code == 200
    assert client.get(f"{article.get_absolute_url()}?preview={value}").status_code == 200
    as_editor = login(editor)
    assert as_editor.get(f"{article.get_absolute_url()}?changes={value}").status_code == 200
    url = reverse("admin:articles_article_autosave")
    assert as_editor.post(url, {"article": value}).status_code in (400, 404)
    staged_url = reverse("admin:editorial_stagedchange_change", args=["abc"])
    assert as_editor.get(staged_url).status_code in (302, 404)


def test_a_new_hero_waits_for_review_and_needs_its_alt_text(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import image_bytes

    writer, editor = people
    article = make_article(author=writer)
    article.refresh_from_db()
    data = article_form_data(article, title="새 제목")
    data["hero_upload"] = SimpleUploadedFile("hero.png", image_bytes(), content_type="image/png")
    data["hero_caption"] = "새 사진"
    response = login(writer).post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.hero is None
    staged = StagedChange.objects.get(article=article)
    assert staged.content["hero"] is not None
    assert "새 사진" in login(editor).get(staged.get_absolute_url()).content.decode()

    with pytest.raises(Exception, match="새 사진"):  # no alt text: refused, like any publication
        services.changes_publish(staged=staged, actor=editor)
    staged.content["hero_image_alt"] = "새 청사 전경"
    staged.save()
    services.changes_publish(staged=staged, actor=editor)
    article.refresh_from_db()
    assert (article.hero.caption, article.hero_image_alt) == ("새 사진", "새 청사 전경")


def test_a_body_the_editor_only_reflowed_is_not_a_change(people):
    writer, _ = people
    article = make_article(author=writer, body="<p>첫 문단</p><p>둘째 문단</p>")
    staged = services.changes_stage(
        article=article, actor=writer, base_version=article.version,
        content={"title": "새 제목", "body": "<p>첫 문단</p>\n\n<p>둘째 문단</p>\n"},
    )  # fmt: skip
    assert services.changed_fields(staged) == ["title"]
    staged = services.changes_stage(
        article=article, actor=writer, base_version=article.version,
        content={"body": "<p>첫 문단</p>\n\n<p>둘째 문단을 고쳤다</p>"},
    )  # fmt: skip
    assert services.changed_fields(staged) == ["body"]
