"""An editor writes a Korean article in CKEditor and a reader finds it."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from articles.models import Article, Category
from tests.factories import hours_ago, make_article, make_category, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "AI반도체 혁신센터, 판교에서 문 열어"
BODY = "정부는 오늘 판교에서 인공지능 반도체 혁신센터의 문을 열었다고 밝혔다."


def hero_png(path):
    """A 1600x900 picture, so screenshots show a real hero image."""
    image = Image.new("RGB", (1600, 900), (24, 40, 72))
    draw = ImageDraw.Draw(image)
    for y in range(900):
        draw.line([(0, y), (1600, y)], fill=(24 + y // 12, 40 + y // 10, 72 + y // 8))
    for x in range(0, 1600, 80):
        draw.rectangle([x + 10, 520 - (x % 400) // 2, x + 60, 900], fill=(230, 235, 240))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_an_editor_publishes_in_ckeditor_and_readers_find_it(
    live_server, page, screenshots, tmp_path
):
    make_user(username="editor", superuser=True)
    section = make_category(name="산업", slug="industry", description="산업과 기술 소식")
    make_category(name="정치", slug="politics")
    make_category(name="제안된 분야", status=Category.Status.PROPOSED)
    others = ["반도체 수출 석 달째 증가", "국회, 예산안 처리 합의", "판교 테크노밸리 2단계 착공"]
    for n, title in enumerate(others):
        make_article(
            title=title,
            excerpt="관련 기사 요약입니다. 자세한 내용은 본문에서 확인하세요.",
            categories=[section],
            published_at=hours_ago(3 + n),
        )

    # The editor logs in and writes the article.
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_title", TITLE)
    page.fill("#id_excerpt", "판교에 AI반도체 혁신센터가 문을 열었다. 설계부터 검증까지 지원한다.")
    page.fill("#id_feature_text", "정부와 업계가 함께 만든 센터는 스타트업의 칩 설계를 돕는다.")

    editor = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    editor.click()
    page.keyboard.type(BODY)
    page.keyboard.press("Enter")
    page.keyboard.type("센터는 내년까지 ")
    page.click("a.cke_button__bold")  # the toolbar works too, not only typing
    page.keyboard.type("50개 기업")
    page.click("a.cke_button__bold")
    page.keyboard.type("을 지원할 계획이다.")
    page.set_input_files("#id_hero_upload", str(hero_png(tmp_path / "hero.png")))
    page.fill("#id_hero_image_alt", "판교 혁신센터 전경")

    # Categories use the admin's autocomplete (select2).
    page.click(".field-categories .select2-selection")
    page.fill(".select2-search__field", "산업")
    page.click(".select2-results__option:has-text('산업')")
    page.select_option("#id_status", "published")
    # "Today" and "Now": the admin's date and time shortcuts.
    page.click(".field-published_at .datetimeshortcuts >> nth=0 >> a >> nth=0")
    page.click(".field-published_at .datetimeshortcuts >> nth=1 >> a >> nth=0")
    page.fill("#id_byline", "홍길동 기자")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert page.csp_violations == [], "CKEditor or the admin broke the CSP"

    article = Article.objects.get(title=TITLE)
    assert BODY in article.body
    assert "<strong>50개 기업</strong>" in article.body
    assert list(article.categories.all()) == [section]
    assert article in Article.objects.published()

    # A reader opens it.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == TITLE
    assert BODY in page.locator(".article-body").inner_text()
    # A rendition for its 672 px slot, not the 1600 px original.
    source = page.locator(".article-hero img").evaluate("img => img.currentSrc")
    assert re.search(r"-w960\.(avif|webp|jpg)$", source), source
    page.screenshot(path=screenshots / "article-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshots / "article-phone.png", full_page=True)

    # ...follows its category link...
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click(".article-sections a:has-text('산업')")
    assert page.url.endswith("/category/industry/")
    assert page.locator(f".card-title:has-text('{TITLE}')").count() == 1
    page.screenshot(path=screenshots / "category-desktop.png", full_page=True)

    # ...and finds it by a word inside a compound ("반도체" in "AI반도체").
    page.fill("#header-q", "반도체 혁신")
    page.press("#header-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator(".card-title").first.inner_text() == TITLE
    page.goto(live_server.url + reverse("articles:archive") + "?date_from=2026-02-30")
    assert page.locator(".errorlist").count() == 1
    page.screenshot(path=screenshots / "archive-desktop.png", full_page=True)

    page.goto(live_server.url + "/")
    page.screenshot(path=screenshots / "home-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=screenshots / "home-phone.png", full_page=True)
    assert page.csp_violations == [], "the public site broke the CSP"
