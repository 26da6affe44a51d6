"""The review workflow in a real browser (editorial/): a writer and an editor
take an article from draft to publication and through a change of the live
article; autosave brings back unsaved work; a conflicting save shows both
versions side by side."""

import pytest
from django.urls import reverse

from articles.models import Article, AuditEvent
from editorial.models import StagedChange
from tests.browser.conftest import new_page, wait_for_editor
from tests.factories import make_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "판교 AI반도체 센터 개소"
FIXED = "[기자 수정] 판교 AI반도체 센터 개소"


def log_in(page, live_server, username):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_selector("#editorial-dashboard")


def type_in_body(page, text):
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def change_url(live_server, article):
    return live_server.url + reverse("admin:articles_article_change", args=[article.pk])


def test_a_story_goes_from_draft_through_review_to_a_revised_live_article(
    live_server, page, browser, screenshots
):
    make_user(username="writer", role="writer", email="writer@example.com")
    make_user(username="editor", role="editor", email="editor@example.com")
    writer, editor, reader = page, new_page(browser), new_page(browser)
    log_in(writer, live_server, "writer")
    log_in(editor, live_server, "editor")

    # The writer writes and submits.
    writer.goto(live_server.url + reverse("admin:articles_article_add"))
    writer.fill("#id_title", TITLE)
    type_in_body(writer, "정부는 판교에 AI반도체 센터를 열었다.")
    writer.fill("#id_review_note", "오늘 오후 발행 희망")
    writer.click("input[name=_submit]")
    writer.wait_for_selector(".messagelist .success")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT

    # The editor finds it on the desk and sends it back with a reason.
    editor.goto(live_server.url + reverse("admin:index"))
    assert editor.locator("[data-section=in_review] .count").inner_text() == "1"
    editor.click(f"[data-section=in_review] a:has-text('{TITLE}')")
    assert "오늘 오후 발행 희망" in editor.locator(".editorial-review").inner_text()
    editor.screenshot(path=screenshots / "editorial-review.png", full_page=True)
    editor.fill("#id_review_reason", "센터 규모를 밝혀 주세요")
    editor.click("input[name=_send_back]")
    editor.wait_for_selector(".messagelist .success")

    # The writer reads why, fixes it and submits again.
    writer.goto(change_url(live_server, article))
    assert "센터 규모를 밝혀 주세요" in writer.locator(".editorial-reason").inner_text()
    type_in_body(writer, " 센터는 50개 기업을 지원한다.")
    writer.click("input[name=_submit]")
    writer.wait_for_selector(".messagelist .success")

    # The editor publishes it, confirming the time in Asia/Seoul.
    editor.goto(change_url(live_server, article))
    dialogs = []
    editor.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    editor.click("input[name=_publish]")
    editor.wait_for_selector(".messagelist .success")
    assert "Asia/Seoul" in dialogs[0]
    article.refresh_from_db()
    assert article.is_public() and "50개 기업" in article.body

    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.locator("h1").inner_text() == TITLE

    # The writer edits the live article: readers still see the published copy.
    writer.goto(change_url(live_server, article))
    writer.fill("#id_title", FIXED)
    writer.click("input[name=_stage]")
    writer.wait_for_selector(".messagelist .success")
    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.locator("h1").inner_text() == TITLE
    reader.goto(live_server.url + "/")
    assert FIXED not in reader.content()

    # The editor previews the pending change at the article's address, then publishes it.
    editor.goto(live_server.url + reverse("admin:index"))
    editor.click(f"[data-section=pending_changes] a:has-text('{TITLE}')")
    assert "[기자 수정]" in editor.locator(".editorial-diff ins").first.inner_text()
    editor.screenshot(path=screenshots / "editorial-pending-change.png", full_page=True)
    preview_url = editor.locator("a.editorial-preview").get_attribute("href")
    assert preview_url.startswith(article.get_absolute_url())
    editor.goto(live_server.url + preview_url)
    assert editor.locator("h1").inner_text() == FIXED
    assert editor.locator(".preview-banner").count() == 1
    assert editor.locator("meta[name=robots][content=noindex]").count() == 1
    editor.go_back()
    editor.click("input[name=_publish]")
    editor.wait_for_selector(".messagelist .success")

    reader.goto(live_server.url + article.get_absolute_url())
    assert reader.locator("h1").inner_text() == FIXED
    assert StagedChange.objects.get().state == StagedChange.State.PUBLISHED
    article.refresh_from_db()
    assert article.revised_at is not None

    trail = list(
        AuditEvent.objects.filter(article=article)
        .order_by("pk")
        .values_list("action", "actor__username")
    )
    assert trail == [
        ("submitted", "writer"),
        ("sent_back", "editor"),
        ("submitted", "writer"),
        ("published", "editor"),
        ("staged", "writer"),
        ("revised", "editor"),
    ]
    for p in (writer, editor, reader):
        assert p.csp_violations == []


def test_unsaved_work_is_offered_back_after_the_page_is_closed(
    live_server, page, browser, settings, screenshots
):
    settings.EDITORIAL_AUTOSAVE_SECONDS = 1
    make_user(username="writer", role="writer")
    log_in(page, live_server, "writer")
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_title", "저장하지 않은 기사")
    type_in_body(page, "닫기 전에 쓴 문장입니다.")

    # Leaving warns first...
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.wait_for_selector("#editorial-status")  # the autosave answered
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    page.context.close()

    # ...and the work comes back on reopening.
    again = new_page(browser)
    log_in(again, live_server, "writer")
    again.goto(live_server.url + reverse("admin:articles_article_add"))
    again.wait_for_selector(".editorial-autosave")
    again.screenshot(path=screenshots / "editorial-autosave-offer.png", full_page=True)
    wait_for_editor(again)
    again.click("#editorial-restore")
    assert again.input_value("#id_title") == "저장하지 않은 기사"
    body = again.evaluate("CKEDITOR.instances.id_body.getData()")
    assert "닫기 전에 쓴 문장입니다." in body
    again.click("input[name=_save_draft]")
    again.wait_for_selector(".messagelist .success")
    assert "닫기 전에 쓴 문장입니다." in Article.objects.get(title="저장하지 않은 기사").body


def test_a_conflicting_save_shows_both_versions_side_by_side(
    live_server, page, browser, screenshots
):
    make_user(username="first", role="editor")
    make_user(username="second", role="editor")
    article = make_article(title="처음 제목", status=Article.Status.DRAFT, body="<p>본문</p>")
    first, second = page, new_page(browser)
    log_in(first, live_server, "first")
    log_in(second, live_server, "second")
    first.goto(change_url(live_server, article))
    second.goto(change_url(live_server, article))

    second.fill("#id_title", "두 번째 편집자의 제목")
    second.click("input[name=_save_draft]")
    second.wait_for_selector(".messagelist .success")

    first.fill("#id_excerpt", "첫 번째 편집자의 요약")
    first.fill("#id_title", "첫 번째 편집자의 제목")
    first.click("input[name=_save_draft]")
    first.wait_for_selector(".editorial-conflict")
    first.screenshot(path=screenshots / "editorial-conflict.png", full_page=True)
    row = first.locator(".conflict-row[data-field=title]")
    assert "첫 번째 편집자의 제목" in row.locator(".conflict-mine").inner_text()
    assert "두 번째 편집자의 제목" in row.locator(".conflict-theirs").inner_text()
    row.locator(".conflict-theirs-button").click()
    first.locator(".conflict-row[data-field=excerpt] .conflict-mine-button").click()
    assert first.input_value("#id_title") == "두 번째 편집자의 제목"
    first.click("input[name=_save_draft]")
    first.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.title == "두 번째 편집자의 제목"
    assert article.excerpt == "첫 번째 편집자의 요약"
