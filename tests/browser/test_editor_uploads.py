"""The body editor's image upload in a real browser: CKEditor sends the file by
XHR with Django's CSRF token (static/js/ckeditor-csrf.js) to our upload view."""

import base64

import pytest
from django.urls import reverse

from tests.browser.conftest import wait_for_editor
from tests.factories import image_bytes, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in the admin page: hands a file to CKEditor's own upload machinery (the
# same loader its image dialog and paste/drop use) and reports how it ended.
UPLOAD_WITH_CKEDITOR = """async ([base64Data, name]) => {
  const editor = Object.values(CKEDITOR.instances)[0];
  const bytes = Uint8Array.from(atob(base64Data), (c) => c.charCodeAt(0));
  const loader = editor.uploadRepository.create(new Blob([bytes]), name);
  return await new Promise((resolve) => {
    loader.on("uploaded", () => resolve({ status: "uploaded", url: loader.url }));
    loader.on("error", () => resolve({ status: "error", message: loader.message }));
    loader.upload(editor.config.filebrowserUploadUrl);
  });
}"""


def open_editor(page, live_server):
    make_user(username="writer", role="writer")
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "writer")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    wait_for_editor(page)


def test_ckeditor_uploads_an_image_with_the_csrf_token(live_server, page, settings):
    open_editor(page, live_server)
    data = base64.b64encode(image_bytes("PNG", size=(40, 30))).decode()
    result = page.evaluate(UPLOAD_WITH_CKEDITOR, [data, "사진.png"])
    assert result["status"] == "uploaded", result
    assert result["url"].startswith(settings.MEDIA_URL + "images/originals/")
    stored = settings.MEDIA_ROOT / result["url"].removeprefix(settings.MEDIA_URL)
    assert stored.read_bytes() == image_bytes("PNG", size=(40, 30))
    assert page.csp_violations == []


def test_ckeditor_shows_the_servers_refusal_of_a_non_image(live_server, page, settings):
    """The refusal's reason reaches the editor, not CKEditor's bare "HTTP error 400"."""
    open_editor(page, live_server)
    data = base64.b64encode(b"<html><script>alert(1)</script></html>").decode()
    result = page.evaluate(UPLOAD_WITH_CKEDITOR, [data, "photo.jpg"])
    assert result["status"] == "error"
    assert "JPEG, PNG, GIF" in result["message"]
    assert not (settings.MEDIA_ROOT / "uploads").exists()
