"""A reader on the demo newsroom, on a phone (390 px) and a desktop (1280 px):
the curated front page, an article with share links, search with highlights,
and axe-core reporting no violation anywhere. Screenshots in test-artifacts/."""

import re
from urllib.parse import quote

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, Category
from readership import counters
from readership.models import DailyViews
from tests.browser.axe import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [390, 1280]
# A reader's browser: headless Chrome says "HeadlessChrome", which the counter ignores.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
LEAD_SLUG = "semiconductor-exports-record"


@pytest.fixture
def newsroom(db, settings):
    settings.READERSHIP_REDIS_URL = ""
    counters.counter.cache_clear()
    call_command("demo_content", verbosity=0)
    yield
    counters.counter.cache_clear()


@pytest.fixture
def reader(browser, settings):
    """Pages opened as a reader's browser would, at a given width."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    contexts = []

    def open_page(width, *, color_scheme="light"):
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            locale="ko-KR",
            timezone_id="Asia/Seoul",
            user_agent=READER_AGENT,
            color_scheme=color_scheme,
        )
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_front_page_shows_the_pinned_lead_picks_and_most_read(
    live_server, newsroom, reader, screenshots, width
):
    page = reader(width)
    newest = Article.objects.published().exclude(slug=LEAD_SLUG).first()
    page.goto(live_server.url + "/")
    lead = page.locator(".lead-story")
    assert "반도체 수출 11월 역대 최대" in lead.inner_text()
    assert newest.title not in lead.inner_text()
    picks = page.locator(".picks .card")
    assert picks.count() == 4
    assert page.locator("#picks-heading").inner_text() == "편집자 추천"
    most_read = page.locator(".most-read")
    most_read.locator("li").first.wait_for()
    assert most_read.is_visible() and "많이 본 뉴스" in most_read.inner_text()
    assert most_read.locator("ol[data-period=today] li").count() == 5
    # Navigation: the sections in their set order, nothing else.
    nav = page.locator(".category-nav li a").all_inner_texts()
    assert nav[1:-1] == ["정치", "경제", "사회", "국제", "문화", "IT·과학", "스포츠", "오피니언"]
    page.screenshot(path=screenshots / f"reader-home-{width}.png", full_page=True)
    assert_no_axe_violations(page)
    assert not page.errors


@pytest.mark.parametrize("width", WIDTHS)
def test_an_article_with_share_links_a_table_and_a_counted_view(
    live_server, newsroom, reader, screenshots, width
):
    page = reader(width)
    article = Article.objects.get(slug=LEAD_SLUG)
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    # Canonical and social addresses carry the port the site runs on.
    assert page.locator("link[rel=canonical]").get_attribute("href") == url
    assert page.locator("meta[property='og:url']").get_attribute("content") == url
    share = page.locator(".share")
    encoded = quote(url, safe="")
    hrefs = share.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert any(h.startswith("https://x.com/intent/post?url=" + encoded) for h in hrefs)
    assert any(h == "https://www.facebook.com/sharer/sharer.php?u=" + encoded for h in hrefs)
    assert any(h.startswith("https://band.us/plugin/share?") and encoded in h for h in hrefs)
    for link in share.locator("a").all():
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("aria-label")
    share.get_by_role("button", name="링크 복사").click()
    expect(share.locator(".share-status")).not_to_be_empty()
    assert page.evaluate("navigator.clipboard.readText()") == url
    # KakaoTalk has no SDK-free share address: the system sheet, else a copy.
    share.get_by_role("button", name="카카오톡으로 공유").click()
    expect(share.locator(".share-status")).to_contain_text("카카오톡")
    # A wide table scrolls in its own labelled box instead of breaking words.
    box = page.locator(".article-body .table-scroll").first
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    cells = box.locator("td, th")
    for n in range(cells.count()):
        cell = cells.nth(n)
        assert cell.evaluate("c => c.scrollWidth <= c.clientWidth + 1"), cell.inner_text()
    wrapping = cells.first.evaluate(
        "c => [getComputedStyle(c).overflowWrap, getComputedStyle(c).wordBreak]"
    )
    assert wrapping == ["normal", "keep-all"]  # breaks between words only
    margin = box.evaluate("b => parseFloat(getComputedStyle(b).marginBottom)")
    assert margin > 0
    # The beacon counted this view once (no cookie was set for it).
    for _ in range(50):
        if DailyViews.objects.filter(article=article).exists():
            break
        page.wait_for_timeout(100)
    assert DailyViews.objects.get(article=article).views == 1
    assert not [c for c in page.context.cookies() if c["name"] != "csrftoken"]
    page.locator(".most-read li").first.wait_for()
    assert page.locator(".most-read ol[data-period=week] li").count() == 5  # filled once
    page.screenshot(path=screenshots / f"reader-article-{width}.png", full_page=True)
    assert_no_axe_violations(page)
    assert not page.errors


@pytest.mark.parametrize("width", WIDTHS)
def test_search_marks_the_query_and_every_listing_page_passes_axe(
    live_server, newsroom, reader, screenshots, width
):
    page = reader(width)
    page.goto(live_server.url + "/search/?q=" + quote("반도체"))
    marks = page.locator(".card mark")
    assert marks.count() >= 3
    assert set(marks.all_inner_texts()) == {"반도체"}
    assert page.locator("[role=search]").count() == 1
    page.screenshot(path=screenshots / f"reader-search-{width}.png", full_page=True)
    assert_no_axe_violations(page)
    category = Category.objects.get(name="경제")
    for path in [category.get_absolute_url(), "/archive/", "/search/", "/archive/?q=반도체"]:
        page.goto(live_server.url + path)
        levels = [
            int(h[1])
            for h in page.locator("h1, h2, h3, h4").evaluate_all("hs => hs.map(h => h.tagName)")
        ]
        assert levels[0] == 1 and all(
            b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)
        ), path
        assert_no_axe_violations(page)
    assert not page.errors


@pytest.mark.parametrize("width", WIDTHS)
def test_dark_mode_follows_the_system_and_passes_axe(
    live_server, newsroom, reader, screenshots, width
):
    page = reader(width, color_scheme="dark")
    for name, path in [("home", "/"), ("article", f"/articles/{LEAD_SLUG}/")]:
        page.goto(live_server.url + path)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (
            re.match(r"rgb\((\d+), \1, \1\)", background)
            and int(background[4:].split(",")[0]) < 40
        )
        if name == "home":
            page.locator(".most-read li").first.wait_for()
        page.screenshot(path=screenshots / f"reader-{name}-dark-{width}.png", full_page=True)
        assert_no_axe_violations(page)


def test_the_axe_helper_reports_violations(page):
    page.set_content('<html><body><img src="data:,"><a href="#"></a></body></html>')
    from tests.browser.axe import axe_violations

    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "html-has-lang", "link-name"} <= found
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_axe_violations(page)
