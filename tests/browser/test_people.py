"""Bylines, tags and corrections as an editor sets them and a reader sees
them, on a phone (390 px) and a desktop (1280 px)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from articles.models import Article, Byline, Correction, Tag
from images.services import image_from_bytes
from people.models import Person
from tests.browser.axe import assert_no_axe_violations
from tests.factories import hours_ago, make_article, make_category, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def picture(size, colour) -> bytes:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.rectangle([x, size[1] // 2 - x % 120, x + 24, size[1]], fill=(235, 238, 242))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_bylines_tags_and_a_correction_from_the_admin_to_the_reader(
    live_server, page, screenshots
):
    make_user(username="editor", superuser=True)
    section = make_category(name="산업", slug="industry")
    minji = Person.objects.create(
        name="최민지",
        title="기자",
        bio="반도체와 전자 산업을 취재합니다.",
        email="minji@example.com",
        links=["https://x.com/minji_news"],
        photo=SimpleUploadedFile("minji.png", picture((240, 240), (120, 90, 80))),
    )
    Person.objects.create(name="김도윤", title="특파원")
    chips = Tag.objects.create(name="반도체")
    exports = Tag.objects.create(name="수출")
    article = make_article(
        title="반도체 수출 석 달째 증가, 대중 수출도 반등",
        excerpt="반도체 수출이 석 달 연속 늘었다. 대중 수출도 1년 만에 반등했다.",
        body="<p>"
        + "산업통상자원부는 이달 반도체 수출이 지난해보다 늘었다고 밝혔다. " * 30
        + "</p>",
        categories=[section],
        published_at=hours_ago(5),
        hero=image_from_bytes(
            picture((1600, 900), (24, 40, 72)), filename="hero.png", credit="연합 사진부"
        ),
        hero_image_alt="반도체 웨이퍼를 검사하는 연구원",
    )
    for n in range(3):
        older = make_article(
            title=f"최민지 기자의 지난 기사 {n + 1}",
            categories=[section],
            published_at=hours_ago(30 + n),
        )
        Byline.objects.create(article=older, person=minji)
        older.tags.add(chips)

    # The editor credits two people in order, tags the story and corrects it.
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    for row, name in enumerate(["최민지", "김도윤"]):
        page.click(f"#bylines-{row} .field-person .select2-selection")
        page.fill(".select2-search__field", name[:2])
        page.click(f".select2-results__option:has-text('{name}')")
        page.fill(f"#id_bylines-{row}-position", str(row))
    page.click(".field-tags .select2-selection")
    page.fill(".field-tags .select2-search__field", "반도")
    page.click(".select2-results__option:has-text('반도체')")
    page.click(".field-tags .select2-selection")
    page.fill(".field-tags .select2-search__field", "수출")
    page.click(".select2-results__option:has-text('수출')")
    page.fill("#id_corrections-2-0-text", "수출 증가율을 12%에서 21%로 바로잡습니다.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    article.refresh_from_db()
    assert [c.name for c in article.credits] == ["최민지", "김도윤"]
    assert set(article.tags.all()) == {chips, exports}
    assert Correction.objects.get().article == article
    assert article.revised_at is not None

    # The reader's article page.
    page.context.clear_cookies()
    page.goto(live_server.url + article.get_absolute_url())
    byline = page.locator(".article-meta .byline")
    assert byline.inner_text() == "최민지 기자, 김도윤 특파원"
    assert "입력" in page.inner_text(".article-meta") and "수정" in page.inner_text(
        ".article-meta"
    )
    assert page.locator(".reading-time").inner_text().endswith("분 분량")
    assert page.locator(".corrections h2").inner_text() == "바로잡습니다"
    assert "21%로 바로잡습니다" in page.inner_text(".corrections")
    assert page.locator(".article-tags a").all_inner_texts() == ["#반도체", "#수출"]
    assert "사진=연합 사진부" in page.inner_text(".article-hero")
    assert page.locator(".share a[href*='twitter.com'], .share a[href*='x.com']").count() == 1
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert no_horizontal_scroll(page), name
        page.screenshot(path=screenshots / f"people-article-{name}.png", full_page=True)
        assert_no_axe_violations(page)

    # From the byline to the author page.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click(".article-meta .byline a:has-text('최민지')")
    page.wait_for_url("**/people/**")
    assert page.inner_text("h1").startswith("최민지")
    assert "반도체와 전자 산업을 취재합니다." in page.inner_text(".person-header")
    assert page.locator(".card").count() == 4
    assert page.locator(".person-photo").evaluate("img => img.naturalWidth") > 0
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert no_horizontal_scroll(page), name
        page.screenshot(path=screenshots / f"people-author-{name}.png", full_page=True)
        assert_no_axe_violations(page)

    # From a tag to the tag page.
    page.goto(live_server.url + article.get_absolute_url())
    page.click(".article-tags a:has-text('반도체')")
    page.wait_for_url("**/tags/**")
    assert page.inner_text("h1") == "#반도체"
    assert page.locator(".card").count() == 4
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert no_horizontal_scroll(page), name
        page.screenshot(path=screenshots / f"people-tag-{name}.png", full_page=True)
        assert_no_axe_violations(page)
    assert not page.csp_violations
    assert Article.objects.count() == 4
