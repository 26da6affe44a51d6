"""The image library, renditions, body figures, embeds and alt text at
publication (issue 10), on the real database and real files."""

import io
import re
from io import StringIO

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage

from articles import services
from articles.models import Article
from articles.sanitize import sanitize_html
from embeds.providers import FRAME_ORIGINS, embed_placeholder
from images import renditions
from images.models import Image, Rendition
from images.services import image_from_bytes

from .factories import article_form_data, image_bytes, make_article, make_category, make_image

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def photo(size=(1600, 1000), color=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# The library


def test_an_image_used_by_two_articles_is_stored_once():
    first = image_from_bytes(photo(), filename="a.jpg", make_renditions=False)
    again = image_from_bytes(photo(), filename="b.jpg", credit="연합뉴스", make_renditions=False)
    assert first.pk == again.pk and Image.objects.count() == 1
    assert Image.objects.get().credit == "연합뉴스"  # what it lacked is filled
    one, two = make_article(hero=first), make_article(hero=again)
    assert one.hero_id == two.hero_id
    originals = default_storage.listdir(f"images/originals/{first.content_hash[:2]}")[1]
    assert originals == [f"{first.content_hash}.jpg"]


def test_deleting_an_article_keeps_its_image():
    image = make_image()
    make_article(hero=image).delete()
    assert Image.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_deleting_a_used_image_is_refused_naming_the_articles(client, editor):
    image = make_image(alt="사진")
    make_article(title="히어로로 쓴 기사", hero=image)
    body_user = make_article(
        title="본문에 쓴 기사", body=f'<p><img src="{image.file.url}" alt="사진"></p>'
    )
    assert list(body_user.body_images.all()) == [image]  # found by its address
    assert f'data-image-id="{image.pk}"' in body_user.body
    with pytest.raises(ProtectedError):
        image.delete()
    url = reverse("admin:images_image_delete", args=[image.pk])
    html = client.get(url).content.decode()
    assert "히어로로 쓴 기사" in html and "본문에 쓴 기사" in html
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the page again, not a redirect
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_admin_lists_searches_and_filters_images_missing_alt_text(client, editor):
    make_image(size=(40, 30), alt="서울시청 앞 광장", credit="홍길동")
    make_image(size=(41, 30), caption="설명 없는 사진")
    url = reverse("admin:images_image_changelist")
    html = client.get(url, {"alt": "missing"}).content.decode()
    assert "설명 없는 사진" in html and "서울시청" not in html
    html = client.get(url, {"q": "홍길동"}).content.decode()
    assert "서울시청 앞 광장" in html and "설명 없는 사진" not in html


def test_an_editor_adds_an_image_with_caption_and_credit_in_the_admin(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:images_image_add"),
        {
            "upload": SimpleUploadedFile("x.jpg", photo(), content_type="image/jpeg"),
            "alt": "광장",
            "caption": "시민들이 모였다",
            "credit": "김기자",
            "source_url": "",
            "focal_x": 30,
            "focal_y": 60,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert (image.caption, image.credit, image.focal_point) == (
        "시민들이 모였다",
        "김기자",
        (30, 60),
    )
    assert image.uploaded_by == editor
    # The common renditions were made on upload.
    assert image.renditions.filter(format="avif").exists()


# Renditions


def test_renditions_are_never_upscaled_and_come_in_three_formats():
    image = image_from_bytes(photo((1000, 600)), filename="a.jpg")
    made = {(r.spec, r.format): r for r in image.renditions.all()}
    assert {spec for spec, _ in made} == {
        "w320",
        "w640",
        "w960",
        "16x9-w320",
        "16x9-w640",
        "16x9-w960",
    }
    assert {fmt for _, fmt in made} == {"avif", "webp", "jpeg"}
    wide = made[("16x9-w960", "webp")]
    assert (wide.width, wide.height) == (960, 540)
    assert (
        wide.file.name
        == f"images/renditions/{image.content_hash[:2]}/{image.content_hash}-f50x50-16x9-w960.webp"
    )
    with PILImage.open(default_storage.open(wide.file.name)) as stored:
        assert (stored.format, stored.size) == ("WEBP", (960, 540))


def test_a_crop_keeps_the_focal_point():
    assert renditions.crop_box(2000, 1000, "1x1", (10, 50)) == (0, 0, 1000, 1000)
    assert renditions.crop_box(2000, 1000, "1x1", (90, 50)) == (1000, 0, 2000, 1000)
    assert renditions.crop_box(2000, 1000, "1x1", (50, 50)) == (500, 0, 1500, 1000)
    assert renditions.crop_box(1000, 2000, "16x9", (50, 0)) == (0, 0, 1000, 562)


def test_a_missing_rendition_is_made_on_first_request_then_served_from_storage(client):
    image = make_image(size=(700, 400))
    assert not image.renditions.exists()
    url = renditions.url(image, "w640", "webp")
    response = client.get(url)
    assert response.status_code == 302
    rendition = Rendition.objects.get(image=image, spec="w640", format="webp")
    assert response["Location"] == rendition.file.url
    assert client.get(url)["Location"] == rendition.file.url
    assert Rendition.objects.filter(image=image).count() == 1
    image = Image.objects.with_renditions().get(pk=image.pk)
    assert renditions.url(image, "w640", "webp") == rendition.file.url  # no view any more


@pytest.mark.parametrize("spec", ["w641", "w99999", "7x3-w640", "x", "w640.webp"])
def test_renditions_the_site_does_not_make_are_not_found(client, spec):
    image = make_image()
    url = f"/images/renditions/{image.content_hash}/{spec}.webp"
    assert client.get(url).status_code == 404
    assert client.get(f"/images/renditions/{image.content_hash}/w320.bmp").status_code == 404
    assert client.get(f"/images/renditions/{image.content_hash}/w320.jpg").status_code == 302
    # Not by id: images of unpublished articles cannot be found by counting.
    assert client.get(f"/images/renditions/{image.pk}/w320.jpg").status_code == 404


def test_the_picture_tag_gives_srcset_sizes_dimensions_and_loading():
    from django.template import Context, Template

    image = image_from_bytes(photo((1920, 1280)), filename="a.jpg", alt="광장")
    image = Image.objects.with_renditions().get(pk=image.pk)
    html = Template(
        '{% load images %}{% picture image "card" %}|{% picture image "hero" priority=True %}'
    ).render(Context({"image": image}))
    card, hero = html.split("|")
    assert card.count("<source") == 2 and 'type="image/avif"' in card
    assert " 1280w" in card and 'loading="lazy"' in card and "fetchpriority" not in card
    assert 'width="1920" height="1080"' in card  # 16:9
    assert 'alt="광장"' in card
    assert 'fetchpriority="high"' in hero and 'loading="lazy"' not in hero
    assert 'width="1920" height="1280"' in hero
    assert "/images/renditions/" not in re.sub(
        r"/media/images/renditions/", "", hero
    )  # all stored


# Pages stay within their queries


@pytest.fixture
def illustrated():
    section = make_category(name="경제", slug="economy")
    articles = []
    for n in range(22):
        articles.append(
            make_article(
                title=f"기사 {n}",
                categories=[section],
                hero=make_image(size=(640 + n, 360), alt=f"사진 {n}"),
            )
        )
    return section, articles


def test_pages_with_library_images_run_at_most_six_queries(
    client, illustrated, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE = False
    section, articles = illustrated
    body_image = make_image(size=(900, 600), alt="본문 사진", credit="이사진")
    article = articles[-1]
    article.body = (
        f'<figure class="image align-right"><img src="{body_image.file.url}" alt="" '
        f'width="450" height="300"><figcaption>캡션</figcaption></figure>'
        f"<p>{YOUTUBE}</p>"
    )
    article.save()
    for url in [
        "/",
        section.get_absolute_url(),
        article.get_absolute_url(),
        "/feed/",
        "/archive/",
        "/search/?q=기사",
    ]:
        with django_assert_max_num_queries(6, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("<picture") >= 2  # hero, body image (related cards too)
    assert '<figure class="image align-right"><picture>' in html
    assert '<figcaption>캡션 <span class="credit">' in html and "이사진" in html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html


# Body markup: figures, alignment, embeds, links


@pytest.mark.parametrize(
    "dirty",
    [
        '<figure class="image align-right" style="float:right;width:1200px"><img src="/a.jpg" '
        'alt="a" width="640" height="427" class="x"><figcaption>사진 설명</figcaption></figure>',
        '<img class="align-left" src="/a.jpg" alt="" data-decorative="">',
        embed_placeholder(YOUTUBE),
        '<p><a href="https://example.com" target="_blank">새 창</a></p>',
        f"<p>{YOUTUBE}</p>",
        '<figure class="embed" data-embed-url="javascript:alert(1)">'
        '<a href="javascript:alert(1)">x</a></figure>',
    ],
)
def test_sanitizing_keeps_layout_and_is_idempotent(dirty):
    clean = sanitize_html(dirty)
    assert sanitize_html(clean) == clean
    assert "style=" not in clean and "javascript:" not in clean and 'class="x"' not in clean


def test_the_sanitizer_keeps_exactly_what_the_editor_produces():
    clean = sanitize_html(
        '<figure class="image align-right evil"><img src="/a.jpg" alt="a" width="640" '
        'height="427" data-image-id="7" onerror="x()"><figcaption>설명</figcaption></figure>'
        '<p><a href="https://example.com" target="_blank">새 창</a>'
        '<a href="https://example.com" target="_top">x</a></p>'
    )
    assert clean == (
        '<figure class="image align-right"><img src="/a.jpg" alt="a" width="640" height="427" '
        'data-image-id="7"><figcaption>설명</figcaption></figure>'
        '<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">새 창</a>'
        '<a href="https://example.com">x</a></p>'
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onload",
    ],
)
def test_hostile_embeds_are_removed(url):
    assert embed_placeholder(url) is None
    body = f'<figure class="embed" data-embed-url="{url}"><a href="{url}">link</a></figure>'
    article = make_article(body=body)
    assert "data-embed-url" not in article.body and 'class="embed"' not in article.body
    assert "<iframe" not in Client().get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("url", "frame"),
    [
        (YOUTUBE, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://x.com/jack/status/20", "https://platform.twitter.com/embed/Tweet.html?id=20"),
        ("https://www.instagram.com/p/C0deAbc12/", "https://www.instagram.com/p/C0deAbc12/embed"),
        (
            "https://www.facebook.com/page/videos/123456/",
            "https://www.facebook.com/plugins/video.php?href=",
        ),
        ("https://tv.naver.com/v/12345678", "https://tv.naver.com/embed/12345678"),
        (
            "https://tv.kakao.com/v/412345678",
            "https://play-tv.kakao.com/embed/player/cliplink/412345678",
        ),
        (
            "https://www.google.com/maps/place/Seoul",
            "https://maps.google.com/maps?q=Seoul&amp;output=embed",
        ),
        (
            "https://map.naver.com/p/entry/place/11591563",
            "https://map.naver.com/p/entry/place/11591563",
        ),
        ("https://place.map.kakao.com/8130356", "https://map.kakao.com/?itemId=8130356"),
    ],
)
def test_each_provider_renders_a_sandboxed_frame_and_keeps_the_link(client, url, frame):
    article = make_article(body=f"<p>{url}</p>")
    assert article.body == embed_placeholder(url)
    html = client.get(article.get_absolute_url()).content.decode()
    iframe = re.search(r"<iframe [^>]*>", html)[0]
    assert f'src="{frame}' in iframe
    assert 'sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"' in iframe
    assert (
        'loading="lazy"' in iframe and 'referrerpolicy="strict-origin-when-cross-origin"' in iframe
    )
    assert re.search(r'<figcaption class="embed-link"><a href="[^"]+">', html)
    # The CSP allows exactly the providers' frames.
    csp = client.get(article.get_absolute_url())["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]*)", csp)[1].split()
    assert set(frame_src) == set(FRAME_ORIGINS)
    assert any(frame.startswith(origin) for origin in frame_src)


def test_feeds_keep_an_embed_as_its_link():
    placeholder = embed_placeholder(YOUTUBE)
    assert f'<a href="{YOUTUBE}">{YOUTUBE}</a>' in placeholder


# Alt text at publication


def test_publishing_refuses_images_without_alt_text_unless_decorative(editor):
    image = make_image(size=(50, 40))
    article = make_article(status=Article.Status.DRAFT, published_at=None, hero=image)
    with pytest.raises(ValidationError, match="alt text|대체 텍스트"):
        services.article_publish(article=article, actor=editor)
    article.hero_image_decorative = True
    article.body = '<p><img src="https://example.com/x.jpg"></p>'
    article.save()
    with pytest.raises(ValidationError, match="x.jpg"):
        services.article_publish(article=article, actor=editor)
    article.body = '<p><img src="https://example.com/x.jpg" data-decorative></p>'
    article.save()
    services.article_publish(article=article, actor=editor)
    assert article.status == Article.Status.PUBLISHED


def test_a_library_images_alt_text_counts_for_its_uses(editor):
    image = make_image(size=(50, 40), alt="광화문")
    article = make_article(
        status=Article.Status.DRAFT, published_at=None, hero=image,
        body=f'<p><img src="{image.file.url}" alt=""></p>',
    )  # fmt: skip
    services.article_publish(article=article, actor=editor)


def test_the_admin_names_the_images_that_need_alt_text(client, editor):
    image = make_image(size=(50, 40), caption="무대 위의 배우")
    data = article_form_data(title="공연", status="published", hero=image.pk)
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "무대 위의 배우" in html and not Article.objects.exists()


def test_a_published_article_saves_with_the_undescribed_images_it_already_had(client, editor):
    """An imported story's photos lack alt text: fixing a typo must not wait for
    them (the admin warns), but an image the save adds still needs it."""
    old = '<p><img src="https://example.com/old.jpg"></p>'
    article = make_article(title="옛 기사", body=old)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form_data(article, title="옛 기사 (오타 수정)", status="published")
    response = client.post(url, data, follow=True)
    article.refresh_from_db()
    assert article.title == "옛 기사 (오타 수정)" and article.status == "published"
    (warning,) = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert "old.jpg" in str(warning)

    added = old + '<p><img src="https://example.com/new.jpg"></p>'
    response = client.post(url, article_form_data(article, body=added, status="published"))
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors()
    assert "new.jpg" in error and "old.jpg" not in error
    article.refresh_from_db()
    assert "new.jpg" not in article.body


def test_a_draft_with_undescribed_images_is_not_published_by_the_form(client, editor):
    article = make_article(
        status=Article.Status.DRAFT, published_at=None,
        body='<p><img src="https://example.com/old.jpg"></p>',
    )  # fmt: skip
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, status="published"))
    assert response.status_code == 200 and "old.jpg" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_hero_uploaded_in_the_article_form_lands_in_the_library(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = article_form_data(title="히어로", status="draft")
    data |= {
        "hero_upload": SimpleUploadedFile(
            "big.jpg", photo((2000, 1200)), content_type="image/jpeg"
        ),
        "hero_caption": "행사장",
        "hero_credit": "박사진",
        "hero_image_alt": "행사장 모습",
    }
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    hero = Article.objects.get().hero
    assert (hero.caption, hero.credit, hero.alt, hero.width) == (
        "행사장",
        "박사진",
        "행사장 모습",
        2000,
    )
    assert hero.renditions.filter(spec="w1920", format="avif").exists()


# Export and import


def test_export_then_import_keeps_caption_credit_alt_and_focal_point(tmp_path):
    image = make_image(size=(800, 500), caption="개막식", credit="연합뉴스")
    image.focal_x, image.focal_y = 30, 70
    image.save()
    article = make_article(title="개막", slug="opening", hero=image, hero_image_alt="개막식 무대")
    call_command("export_posts", str(tmp_path), stdout=StringIO())
    (post,) = tmp_path.glob("*.html")
    front = yaml.safe_load(post.read_text().split("---")[1])
    assert front["image"].endswith(image.file.url)
    assert front["image_alt"] == "개막식 무대"
    assert (front["image_caption"], front["image_credit"]) == ("개막식", "연합뉴스")
    assert front["image_focal_point"] == "30,70"

    article.delete()
    Image.objects.filter(pk=image.pk).update(caption="", credit="", focal_x=50, focal_y=50)
    call_command("import_posts", str(tmp_path), stdout=StringIO())
    article = Article.objects.get(slug="opening")
    assert article.hero_id == image.pk  # the same library image, not a copy
    assert article.hero_image_alt == "개막식 무대"
    image.refresh_from_db()
    assert (image.caption, image.credit, image.focal_point) == ("개막식", "연합뉴스", (30, 70))

    out = tmp_path / "again"
    call_command("export_posts", str(out), stdout=StringIO())
    (again,) = out.glob("*.html")
    assert again.read_text() == post.read_text()


def test_a_body_image_from_the_editor_upload_is_a_library_image(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("ckeditor_upload"),
        {
            "upload": SimpleUploadedFile(
                "a.png", image_bytes("PNG", (30, 20)), content_type="image/png"
            )
        },
    )
    url = response.json()["url"]
    image = Image.objects.get()
    assert url == image.file.url and response.json()["imageId"] == image.pk
    html = client.get(reverse("ckeditor_browse"), {"q": ""}).content.decode()
    assert url in html and "Needs alt text" in html or "대체 텍스트" in html


def test_a_new_focal_point_makes_new_crops(client, editor):
    image = image_from_bytes(photo((1600, 900)), filename="a.jpg", alt="광장")
    old = image.renditions.get(spec="16x9-w640", format="webp").file.name
    whole = image.renditions.get(spec="w640", format="webp").file.name
    data = {
        "alt": "광장",
        "caption": "",
        "credit": "",
        "source_url": "",
        "focal_x": 10,
        "focal_y": 50,
    }
    response = client.post(reverse("admin:images_image_change", args=[image.pk]), data)
    assert response.status_code == 302
    assert not image.renditions.filter(spec="16x9-w640").exists()
    assert not default_storage.exists(old) and default_storage.exists(whole)
    image.refresh_from_db()
    assert "-f10x50-16x9-w640.webp" in renditions.storage_name(image, "16x9-w640", "webp")


def test_the_article_form_lists_the_images_needing_alt_text(client, editor):
    image = make_image(size=(50, 40), caption="객석")
    article = make_article(
        status=Article.Status.DRAFT, published_at=None, hero=image,
        body='<p><img src="https://example.com/y.png"></p>',
    )  # fmt: skip
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "객석" in html and "y.png" in html


def test_make_renditions_fills_in_what_images_lack():
    image = make_image(size=(700, 400))
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "1 images" in out.getvalue()
    assert image.renditions.count() == len(renditions.common_specs(image))
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "0 images" in out.getvalue()
