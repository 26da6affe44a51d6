"""Issue 10 in a real browser: a 20 MB hero costs a phone little, the lead
image is the right rendition, nothing shifts; an editor places a captioned,
credited library image right-aligned and embeds a YouTube video."""

import io
import os
import re

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from articles.models import Article
from images.models import Image
from tests.factories import hours_ago, make_article, make_category, make_image, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
IMAGE_BUDGET = 300 * 1024

# Layout shifts and the largest contentful paint, as the browser reports them.
OBSERVE = """
() => new Promise(resolve => {
  const result = {shift: 0, shifts: [], lcp: null};
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) { result.shift += entry.value; result.shifts.push(entry.value); }
    }
  }).observe({type: "layout-shift", buffered: true});
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    const last = entries[entries.length - 1];
    result.lcp = {url: last.url, size: last.size, element: last.element && last.element.tagName};
  }).observe({type: "largest-contentful-paint", buffered: true});
  setTimeout(() => resolve(result), 1500);
})
"""


def big_hero(path):
    """3900x2600 of noise over a gradient: about 20 MB as a JPEG, as a camera gives."""
    width, height = 3900, 2600
    noise = PILImage.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    ramp = PILImage.linear_gradient("L").resize((width, height))
    gradient = PILImage.merge("RGB", [ramp, ramp.rotate(90).resize((width, height)), ramp])
    buffer = io.BytesIO()
    PILImage.blend(noise, gradient, 0.25).save(buffer, "JPEG", quality=94, subsampling=0)
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page, live_server):
    make_user(username="editor", superuser=True)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")


def publish_now(page):
    page.select_option("#id_status", "published")
    page.click(".field-published_at .datetimeshortcuts >> nth=0 >> a >> nth=0")
    page.click(".field-published_at .datetimeshortcuts >> nth=1 >> a >> nth=0")
    page.click("input[name=_save]")
    # Saving makes the image's renditions (seconds for a 20 MB photo on a busy machine).
    page.wait_for_selector(".messagelist .success", timeout=120_000)


def image_bytes_on(page, url) -> tuple[int, list]:
    """Load `url`, scroll to the bottom (lazy images load too) and return the
    bytes of every image response."""
    seen = []

    def record(response):
        if response.request.resource_type == "image" and response.status == 200:
            seen.append((response.url, len(response.body())))

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(500)
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    return sum(size for _, size in seen), seen


def test_a_20_mb_hero_costs_a_phone_little_and_nothing_shifts(
    live_server, page, screenshots, tmp_path
):
    section = make_category(name="사회", slug="society")
    for n in range(6):
        make_article(
            title=f"다른 기사 {n}",
            excerpt="요약입니다.",
            categories=[section],
            published_at=hours_ago(2 + n),
            hero=make_image(size=(1600 + n, 900), alt=f"사진 {n}", renditions=True),
        )
    hero_file = big_hero(tmp_path / "DSC_0001.JPG")
    assert hero_file.stat().st_size > 19_000_000

    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_title", "광화문에 모인 시민들")
    page.fill("#id_excerpt", "주말 광화문 광장에 시민들이 모였다.")
    page.frame_locator("iframe.cke_wysiwyg_frame").locator("body").click()
    page.keyboard.type("시민들이 광장을 가득 메웠다.")
    help_text = page.locator(".field-hero_upload .help").inner_text()
    assert "25.0" in help_text and "40" in help_text  # the limits, in words
    page.set_input_files("#id_hero_upload", str(hero_file))
    page.fill("#id_hero_caption", "광화문 광장")
    page.fill("#id_hero_credit", "김사진")
    page.fill("#id_hero_image_alt", "광장을 메운 시민들")
    page.click(".field-categories .select2-selection")
    page.fill(".select2-search__field", "사회")
    page.click(".select2-results__option:has-text('사회')")
    publish_now(page)
    article = Article.objects.select_related("hero").get(title="광화문에 모인 시민들")
    assert (article.hero.width, article.hero.height) == (3900, 2600)

    page.context.clear_cookies()  # a reader from here on
    page.set_viewport_size(PHONE)
    total, seen = image_bytes_on(page, live_server.url + "/")
    print(f"home at 390 px: {total} image bytes in {len(seen)} images: {seen}")
    assert total <= IMAGE_BUDGET, seen
    assert not any("/images/originals/" in url for url, _ in seen)
    metrics = page.evaluate(OBSERVE)
    assert metrics["shift"] == 0, metrics
    page.screenshot(path=screenshots / "media-home-390.png", full_page=True)

    for viewport, width in [(PHONE, 640), (DESKTOP, 960)]:
        page.set_viewport_size(viewport)
        page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
        metrics = page.evaluate(OBSERVE)
        print(f"article at {viewport['width']} px: {metrics}")
        lcp = metrics["lcp"]
        assert lcp["element"] == "IMG", metrics
        # The hero's slot is 100vw on a phone (390 px: the 640 px rendition)
        # and 672 px on a desktop (the 960 px one).
        assert re.search(rf"/images/renditions/.*-w{width}\.(avif|webp|jpg)$", lcp["url"]), lcp
        assert metrics["shift"] == 0, metrics
        caption = page.locator(".article-hero figcaption").inner_text()
        assert "광화문 광장" in caption and "김사진" in caption
        page.screenshot(
            path=screenshots / f"media-article-{viewport['width']}.png", full_page=True
        )
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/", wait_until="networkidle")
    assert page.evaluate(OBSERVE)["shift"] == 0
    page.screenshot(path=screenshots / "media-home-1280.png", full_page=True)
    assert page.csp_violations == []


def test_an_editor_places_a_credited_image_right_aligned_and_embeds_a_video(
    live_server, page, screenshots, tmp_path
):
    log_in(page, live_server)
    # Into the library, with caption and credit.
    photo = tmp_path / "stage.jpg"
    PILImage.new("RGB", (1200, 800), (180, 60, 40)).save(photo, "JPEG")
    page.goto(live_server.url + reverse("admin:images_image_add"))
    page.set_input_files("#id_upload", str(photo))
    page.fill("#id_alt", "무대 위의 배우들")
    page.fill("#id_caption", "개막 공연")
    page.fill("#id_credit", "박기자")
    page.click("input[name=_save]")
    # Saving makes the image's renditions (seconds for a 20 MB photo on a busy machine).
    page.wait_for_selector(".messagelist .success", timeout=120_000)
    image = Image.objects.get()

    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_title", "연극제 개막")
    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    page.keyboard.type("연극제가 오늘 막을 올렸다.")
    page.keyboard.press("Enter")
    page.keyboard.type(YOUTUBE)  # a provider's URL alone on a line: an embed
    page.keyboard.press("Enter")
    page.keyboard.type("공연은 일주일 동안 이어진다.")

    # Insert the library image with CKEditor's image dialog and its browser.
    page.click("a.cke_button__image")
    dialog = page.locator(".cke_dialog")
    dialog.wait_for()
    with page.expect_popup() as popup_info:
        dialog.locator(".cke_dialog_contents_body a.cke_dialog_ui_button").first.click()
    library = popup_info.value
    choice = library.locator(f"button[data-image-id='{image.pk}']")
    choice.wait_for()
    assert "무대 위의 배우들" in choice.inner_text()  # names, alt text, credits
    choice.click()
    dialog.locator("input[type=radio][value=right]").check()
    dialog.locator("input[type=checkbox]").first.check()  # captioned
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    caption = body.locator("figcaption")
    caption.wait_for()
    caption.fill("개막 공연 장면")  # the caption is a nested editable of its own

    # A hostile embed and an iframe, typed in the source view, do not survive.
    page.click("a.cke_button__source")
    source = page.locator("textarea.cke_source")
    source.fill(
        source.input_value() + '<figure class="embed" data-embed-url="javascript:alert(1)">'
        '<a href="javascript:alert(1)">x</a></figure>'
        '<figure class="embed" data-embed-url="https://evil.example/watch?v=dQw4w9WgXcQ">'
        '<a href="https://evil.example/">y</a></figure>'
        '<iframe src="https://evil.example/"></iframe>'
    )
    page.click("a.cke_button__source")
    publish_now(page)
    assert page.csp_violations == []

    article = Article.objects.get(title="연극제 개막")
    assert article.status == Article.Status.PUBLISHED
    assert f'data-image-id="{image.pk}"' in article.body
    assert "evil.example/watch" not in article.body and "javascript:" not in article.body

    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
    figure = page.locator(".article-body figure.image.align-right")
    assert figure.count() == 1
    text = figure.locator("figcaption").inner_text()
    assert "개막 공연 장면" in text and "박기자" in text
    assert figure.evaluate("f => getComputedStyle(f).float") == "right"
    picture = figure.locator("img")
    assert picture.get_attribute("alt") == "무대 위의 배우들"
    assert "/images/renditions/" in picture.evaluate("img => img.currentSrc")
    frames = page.locator(".article-body iframe")
    assert frames.count() == 1
    assert frames.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert frames.get_attribute("sandbox")
    assert page.locator(".article-body a[href='javascript:alert(1)']").count() == 0
    page.screenshot(path=screenshots / "media-figure-embed-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=screenshots / "media-figure-embed-390.png", full_page=True)
    assert page.csp_violations == []
