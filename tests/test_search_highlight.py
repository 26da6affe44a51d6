"""Search results mark the query's words in titles and excerpts; /search/ has
one labelled search landmark; full-text feeds as an option."""

import re

import feedparser
import pytest

from search.highlight import highlight

from .factories import make_article


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("AI반도체를 키운다", "반도체", "AI<mark>반도체</mark>를 키운다"),
        ("Semiconductor news", "semi", "<mark>Semi</mark>conductor news"),
        ("국회 예산 심사", "예산 국회", "<mark>국회</mark> <mark>예산</mark> 심사"),
        (
            "반도체산업협회 반도체",
            "반도체 반도체산업",
            "<mark>반도체산업</mark>협회 <mark>반도체</mark>",
        ),  # noqa: E501
        ("<b>&</b> 반도체", "반도체", "&lt;b&gt;&amp;&lt;/b&gt; <mark>반도체</mark>"),
        ("a<mark>b", "mark", "a&lt;<mark>mark</mark>&gt;b"),
        ("제목", "", "제목"),
        ("제목 !!", "!! ?", "제목 !!"),
        ("ＡＩ 시대", "ai", "ＡＩ 시대"),  # fullwidth text is not marked (known looseness)
    ],
)
def test_highlight_escapes_first_and_marks_query_words_as_typed(text, query, expected):
    assert highlight(text, query) == expected


@pytest.mark.django_db
def test_a_result_found_by_its_byline_marks_the_name(client):
    make_article(title="수출 기사", byline="최민지 기자")
    html = client.get("/search/", {"q": "최민지"}).content.decode()
    assert '<span class="card-byline"><mark>최민지</mark> 기자</span>' in html


@pytest.mark.django_db
def test_search_results_mark_terms_in_titles_and_excerpts(client):
    make_article(title="AI반도체 수출 늘어", excerpt="반도체 업계가 <웃었다>")
    html = client.get("/search/", {"q": "반도체"}).content.decode()
    assert "AI<mark>반도체</mark> 수출 늘어" in html
    assert "<mark>반도체</mark> 업계가 &lt;웃었다&gt;" in html
    html = client.get("/archive/", {"q": "반도체"}).content.decode()
    assert "AI<mark>반도체</mark> 수출 늘어" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/", "/search/?q=반도체", "/", "/archive/"])
def test_each_page_has_one_labelled_search_landmark(client, url):
    make_article(title="반도체")
    html = client.get(url).content.decode()
    landmarks = re.findall(r"<form[^>]*role=\"search\"[^>]*>", html)
    assert len(landmarks) == 1
    assert "aria-label=" in landmarks[0]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/category/economy/", "/archive/", "/search/?q=기사"])
def test_listing_pages_do_not_jump_from_h1_to_h3(client, url):
    from .factories import make_category

    make_article(title="기사 하나", categories=[make_category(name="경제", slug="economy")])
    html = client.get(url).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.django_db
def test_feeds_carry_the_excerpt_or_with_the_setting_the_sanitized_body(client, settings):
    body = (
        '<p>본문 <script>alert(1)</script></p><figure class="embed" '
        'data-embed-url="https://www.youtube.com/watch?v=abc"><a href="https://www.youtube.com/'
        'watch?v=abc">https://www.youtube.com/watch?v=abc</a></figure>'
    )
    settings.PAGE_CACHE = False
    make_article(title="피드 기사", excerpt="요약", body=body)
    entry = feedparser.parse(client.get("/feed/").content).entries[0]
    assert entry.summary == "요약"
    settings.FEEDS_FULL_TEXT = True
    for url in ["/feed/", "/feed/atom/"]:
        entry = feedparser.parse(client.get(url).content).entries[0]
        assert "본문" in entry.summary and "alert" not in entry.summary
        assert 'href="https://www.youtube.com/watch?v=abc"' in entry.summary


@pytest.mark.django_db
def test_tables_in_a_body_scroll_in_a_labelled_focusable_box(client):
    article = make_article(
        body="<table><tr><td>January</td></tr></table><p>x</p><table><tr><td>2</td></tr></table>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    boxes = re.findall(
        r'<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]+)">', html
    )
    assert len(boxes) == 2 and len(set(boxes)) == 2
    assert html.count("</table></div>") == 2


@pytest.mark.django_db
def test_favicon_icons_and_manifest(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/").content.decode()
    for path in [
        "site.webmanifest",
        "icons/icon.svg",
        "icons/apple-touch-icon.png",
        "css/print.css",
    ]:
        assert f"/static/{path}" in html
        assert finders.find(path)
