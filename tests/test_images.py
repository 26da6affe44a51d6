"""One image policy for every image that enters (images/policy.py): the hero
upload, the editor upload and imported images. Real formats only, bounded bytes
and pixels (checked before decoding), metadata stripped with orientation and
colour profile kept, names chosen by the site."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageCms, ImageFile

from articles.models import Article
from images import policy
from images.services import image_from_bytes

from .factories import article_form_data, image_bytes, make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


GPS, ARTIST, ORIENTATION = 0x8825, 0x013B, 0x0112
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def photo(fmt="JPEG", size=(30, 10)) -> bytes:
    """A camera-like photo: GPS position, the photographer's name, rotated 90°
    by its EXIF orientation, and an ICC profile."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ARTIST] = "Kim Photographer"
    exif[GPS] = {1: "N", 2: (37.0, 33.0, 0.0), 3: "E", 4: (126.0, 58.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, fmt, exif=exif.tobytes(), icc_profile=SRGB)
    return buffer.getvalue()


def bomb() -> bytes:
    """A 17 KB PNG declaring 12000x12000 pixels (144 megapixels)."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_metadata_is_stripped_orientation_applied_and_colour_profile_kept(fmt):
    clean = policy.clean_image(photo(fmt))
    assert b"Kim Photographer" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert not image.getexif()
        assert image.size == (10, 30)  # turned upright
        assert image.info.get("icc_profile") == SRGB


def test_a_pixel_bomb_is_refused_without_decoding_it(monkeypatch):
    data = bomb()
    assert len(data) < 20_000
    monkeypatch.setattr(
        ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded a refused image")
    )
    with pytest.raises(policy.ImageRefused) as refused:
        policy.clean_image(data)
    assert refused.value.code == "too_many_pixels"
    assert "40 megapixels" in refused.value.messages[0]


def test_the_pixel_limit_names_the_size(settings):
    settings.IMAGE_MAX_PIXELS = 100
    with pytest.raises(policy.ImageRefused, match="20×10 pixels; at most 0.0001 megapixels"):
        policy.clean_image(image_bytes(size=(20, 10)))


def test_animations_keep_their_frames_without_comments():
    frames = [Image.new("RGB", (20, 20), (i * 80, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], comment=b"Kim")
    clean = policy.clean_image(buffer.getvalue())
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.n_frames == 3 and "comment" not in image.info


# The hero image in the admin


@pytest.fixture
def editor(client):
    user = make_user(
        perms=["articles.add_article", "articles.change_article", "articles.view_article"]
    )
    client.force_login(user)
    return user


def post_hero(client, name, content):
    data = article_form_data(title="Hero")
    data["hero_upload"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("admin:articles_article_add"), data)


def test_a_gif_named_like_a_pdf_is_stored_as_a_gif_under_a_name_the_site_chose(client, editor):
    response = post_hero(client, "report.pdf", image_bytes("GIF", (12, 6)))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.hero.file.name.startswith("images/originals/")
    assert article.hero.file.name.endswith(".gif") and "report" not in article.hero.file.name
    assert (article.hero.width, article.hero.height) == (12, 6)


def test_hero_photos_lose_their_metadata(client, editor):
    assert post_hero(client, "IMG_0001.JPG", photo()).status_code == 302
    article = Article.objects.get()
    stored = article.hero.file.read()
    assert b"Kim Photographer" not in stored
    assert (article.hero.width, article.hero.height) == (10, 30)


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "EPS", "PPM"])
def test_other_formats_are_refused_as_hero_images(client, editor, fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, fmt)
    response = post_hero(client, f"x.{fmt.lower()}", buffer.getvalue())
    assert response.status_code == 200
    assert "JPEG, PNG, GIF or WebP" in response.content.decode()
    assert not Article.objects.exists()


def test_a_pixel_bomb_is_refused_as_a_hero_image_in_words(client, editor):
    response = post_hero(client, "bomb.png", bomb())
    assert response.status_code == 200
    assert "megapixels" in response.content.decode()
    assert not Article.objects.exists()


def test_the_limits_are_shown_to_the_editor_in_their_language(client, editor):
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "at most 25.0\xa0MB and 40 megapixels" in html
    html = client.get(
        reverse("admin:articles_article_add"), HTTP_ACCEPT_LANGUAGE="ko"
    ).content.decode()
    assert "40메가픽셀" in html


def test_a_hero_stored_outside_the_admin_passes_the_policy_too():
    image = image_from_bytes(photo(), filename="leak.jpeg.pdf", make_renditions=False)
    article = make_article(hero=image)
    assert article.hero.file.name.endswith(".jpg") and "leak" not in article.hero.file.name
    assert b"Kim Photographer" not in article.hero.file.read()


# The body editor's upload


def test_the_editor_upload_refuses_a_pixel_bomb_in_words(client, editor):
    response = client.post(
        reverse("ckeditor_upload"), {"upload": SimpleUploadedFile("b.png", bomb())}
    )
    assert response.status_code == 400
    assert "megapixels" in response.json()["error"]["message"]


def test_the_editor_upload_strips_metadata(client, editor, settings):
    response = client.post(
        reverse("ckeditor_upload"), {"upload": SimpleUploadedFile("p.jpg", photo())}
    )
    stored = settings.MEDIA_ROOT / response.json()["url"].removeprefix(settings.MEDIA_URL)
    assert b"Kim Photographer" not in stored.read_bytes()
