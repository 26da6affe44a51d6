"""The body editor's image upload: staff with article permissions, real images only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from .factories import image_bytes, make_user

pytestmark = pytest.mark.django_db

UPLOAD = "ckeditor_upload"


def upload(client, name, content, content_type="image/png"):
    return client.post(
        reverse(UPLOAD), {"upload": SimpleUploadedFile(name, content, content_type=content_type)}
    )


@pytest.fixture
def writer(client):
    client.force_login(make_user(perms=["articles.add_article"]))
    return client


def test_anonymous_users_cannot_upload(client):
    response = upload(client, "a.png", image_bytes())
    assert response.status_code == 403
    assert response.json()["uploaded"] == 0


def test_staff_without_article_permissions_cannot_upload(client):
    client.force_login(make_user())
    assert upload(client, "a.png", image_bytes()).status_code == 403


def test_non_staff_users_with_permissions_cannot_upload(client):
    client.force_login(make_user(staff=False, perms=["articles.add_article"]))
    assert upload(client, "a.png", image_bytes()).status_code == 403


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_staff_with_permission_upload_an_image(writer, settings, fmt):
    response = upload(writer, "사진 한장.jpeg", image_bytes(fmt))
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == 1
    assert data["url"].startswith(settings.MEDIA_URL + "images/originals/")  # the library
    extension = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}[fmt]
    assert data["url"].endswith("." + extension)
    stored = settings.MEDIA_ROOT / data["url"].removeprefix(settings.MEDIA_URL)
    with Image.open(stored) as image:  # re-encoded without metadata (images/policy.py)
        assert (image.format, image.size) == (fmt, (8, 8))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "image/svg+xml",
        ),
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        ("empty.png", b"", "image/png"),
        ("truncated.png", image_bytes()[:40], "image/png"),
        ("icon.ico", image_bytes("ICO"), "image/x-icon"),
    ],
)
def test_non_images_are_refused(writer, settings, name, content, content_type):
    response = upload(writer, name, content, content_type)
    assert response.status_code == 400
    assert response.json()["uploaded"] == 0
    assert "error" in response.json()
    assert not (settings.MEDIA_ROOT / "images").exists()


def test_oversized_images_are_refused(writer, settings):
    settings.EDITOR_IMAGE_MAX_BYTES = 100
    response = upload(writer, "big.png", image_bytes(size=(200, 200)))
    assert response.status_code == 400


def test_the_answer_never_echoes_a_callback_into_a_script(writer):
    response = writer.post(
        reverse(UPLOAD) + "?CKEditorFuncNum=1);alert(document.domain);//",
        {"upload": SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")},
    )
    assert response["Content-Type"] == "application/json"
    assert b"alert" not in response.content and b"<script" not in response.content


def test_cross_site_uploads_are_refused_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(perms=["articles.add_article"]))
    assert upload(client, "a.png", image_bytes()).status_code == 403


def test_get_is_not_allowed(writer):
    assert writer.get(reverse(UPLOAD)).status_code == 405


def test_browse_lists_uploaded_images_for_staff_only(writer, client):
    url = upload(writer, "a.png", image_bytes()).json()["url"]
    response = writer.get(reverse("ckeditor_browse"))
    assert response.status_code == 200
    assert url in response.content.decode()
    writer.logout()
    assert writer.get(reverse("ckeditor_browse")).status_code == 403
