"""The public site: every page, what it shows, what it never shows, and how
many queries it costs."""

import json
import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import Article, Category
from articles.sitemaps import ArticleSitemap

from .factories import hours_ago, make_article, make_category, make_image, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    return make_category(name="경제", slug="economy", description="경제 뉴스와 분석")


@pytest.fixture
def visible(section):
    return make_article(title="공개 반도체 기사", slug="visible-story", categories=[section])


# Each public surface as (name, url builder). The builders get the approved
# category and the visible article so listings have something to show.
SURFACES = {
    "home": lambda c, a: reverse("articles:home"),
    "category": lambda c, a: reverse("articles:category", kwargs={"slug": c.slug}),
    "archive": lambda c, a: reverse("articles:archive"),
    "archive-query": lambda c, a: reverse("articles:archive") + "?q=반도체",
    "search": lambda c, a: reverse("articles:search") + "?q=반도체",
    "related": lambda c, a: a.get_absolute_url(),
    "rss": lambda c, a: reverse("articles:feed"),
    "atom": lambda c, a: reverse("articles:atom_feed"),
    "category-feed": lambda c, a: reverse("articles:category_feed", kwargs={"slug": c.slug}),
    # The page of id ranges that holds the article (ids keep growing on PostgreSQL).
    "sitemap": lambda c, a: (
        reverse("articles:sitemap_section", args=["articles"])
        + f"?p={(a.pk - 1) // ArticleSitemap.limit + 1}"
    ),
    "news-sitemap": lambda c, a: reverse("articles:news_sitemap"),
}

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT},
    "scheduled": {"published_at": hours_ago(-2)},
    "expired": {"expires_at": hours_ago(0.5)},
    "unapproved-category-only": {},
}


@pytest.mark.parametrize("kind", HIDDEN)
@pytest.mark.parametrize("surface", SURFACES)
def test_what_is_not_public_appears_on_no_surface(client, section, visible, surface, kind):
    hidden_categories = (
        [make_category(status=Category.Status.PROPOSED)]
        if kind == "unapproved-category-only"
        else [section]
    )
    hidden = make_article(
        title="비공개 반도체 기사",
        slug="hidden-story",
        categories=hidden_categories,
        **HIDDEN[kind],
    )
    response = client.get(SURFACES[surface](section, visible))
    assert response.status_code == 200
    content = response.content.decode()
    if surface != "related":
        assert "visible-story" in content
    assert "hidden-story" not in content
    assert "비공개" not in content
    # An embargo that has ended is gone on purpose (410); the rest never existed (404).
    expected_status = 410 if kind == "expired" else 404
    assert client.get(hidden.get_absolute_url()).status_code == expected_status


def test_related_articles_share_a_category_and_stop_at_four(client, section, visible):
    for n in range(6):
        make_article(title=f"관련 {n}", categories=[section], published_at=hours_ago(2 + n))
    make_article(title="다른 분야", categories=[make_category()])
    response = client.get(visible.get_absolute_url())
    related = response.context["related_articles"]
    assert [a.title for a in related] == ["관련 0", "관련 1", "관련 2", "관련 3"]
    assert "다른 분야" not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "expected"), [("proposed", 404), ("rejected", 404), ("retired", 410)]
)
@pytest.mark.parametrize("url_name", ["articles:category", "articles:category_feed"])
def test_categories_that_are_not_approved_are_not_public(client, status, expected, url_name):
    category = make_category(status=status)
    make_article(categories=[category, make_category()])
    assert client.get(reverse(url_name, kwargs={"slug": category.slug})).status_code == expected


def test_the_article_page_shows_everything_a_reader_needs(client, section):
    article = make_article(
        title="AI반도체 혁신센터 문 열어",
        slug="ai-center",
        excerpt="정부가 AI반도체 혁신센터를 열었다.",
        feature_text="리드 문단입니다.",
        body="<p>본문 <b>굵게</b></p><script>alert(1)</script>",
        byline="홍길동, 김철수 기자",
        categories=[section, make_category(name="기술", slug="tech")],
        hero=make_image(size=(1200, 675), fmt="PNG"),
        hero_image_alt="개소식 사진",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h1>AI반도체 혁신센터 문 열어</h1>" in html
    assert "홍길동·김철수 기자" in html  # one title after names sharing it
    local = timezone.localtime(article.published_at)
    assert f'<time datetime="{local.isoformat()}">' in html
    assert local.strftime("%Y.%m.%d %H:%M") in html
    assert f'href="{section.get_absolute_url()}"' in html
    assert 'href="/category/tech/"' in html
    assert 'alt="개소식 사진" width="960" height="540" fetchpriority="high"' in html
    assert 'type="image/avif" srcset="' in html and " 960w" in html
    assert '<p class="article-lead">리드 문단입니다.</p>' in html
    assert "<p>본문 <b>굵게</b></p>" in html
    assert "alert(1)" not in html


def test_an_external_hero_image_is_shown_with_its_description(client):
    article = make_article(hero_image_url="https://img.example.com/a.jpg", hero_image_alt="사진")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'src="https://img.example.com/a.jpg" alt="사진"' in html
    assert '<meta property="og:image" content="https://img.example.com/a.jpg">' in html


def test_head_metadata_and_json_ld_on_the_article_page(client, settings, section):
    settings.SITE_URL = "https://news.example.com"
    article = make_article(
        title="제목 </script><b>",
        slug="meta-story",
        excerpt="요약문",
        byline="홍길동 · 김철수",
        categories=[section],
        hero_image_url="https://img.example.com/a.jpg",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<title>제목 &lt;/script&gt;&lt;b&gt; | Newsroom</title>" in html
    assert '<meta name="description" content="요약문">' in html
    assert '<link rel="canonical" href="https://news.example.com/articles/meta-story/">' in html
    for prop, value in [
        ("og:type", "article"),
        ("og:title", "제목 &lt;/script&gt;&lt;b&gt;"),
        ("og:description", "요약문"),
        ("og:url", "https://news.example.com/articles/meta-story/"),
        ("og:image", "https://img.example.com/a.jpg"),
        ("article:published_time", timezone.localtime(article.published_at).isoformat()),
        ("article:section", "경제"),
    ]:
        assert f'<meta property="{prop}" content="{value}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "</script" not in blocks[0].lower()
    data = json.loads(blocks[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "제목 </script><b>"
    assert data["author"] == [
        {"@type": "Person", "name": "홍길동"},
        {"@type": "Person", "name": "김철수"},
    ]
    assert data["articleSection"] == ["경제"]
    assert data["inLanguage"] == "ko"
    assert data["datePublished"].startswith(article.published_at.date().isoformat()[:4])
    assert data["dateModified"]
    assert data["image"] == [{"@type": "ImageObject", "url": "https://img.example.com/a.jpg"}]


def test_json_ld_credits_the_publisher_without_a_byline(client):
    """The owner's admin account is not a byline: an article nobody is
    credited on names the publisher, never an empty author list."""
    author = make_user(first_name="길동", last_name="홍")
    article = make_article(author=author)
    html = client.get(article.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["author"] == [data["publisher"]]
    assert data["publisher"]["@type"] == "Organization"


@pytest.mark.parametrize(
    "url",
    ["/", "/category/economy/", "/archive/", "/search/?q=반도체", "/articles/visible-story/"],
)
def test_every_page_has_head_metadata_and_no_inline_script_or_style(client, visible, url):
    response = client.get(url)
    html = response.content.decode()
    assert re.search(r"<title>[^<]+</title>", html)
    for needle in [
        '<meta name="description" content="',
        '<link rel="canonical" href="http',
        '<meta property="og:title" content="',
        '<meta property="og:description" content="',
        '<meta name="twitter:card" content="',
        '<a class="skip-link" href="#main">',
        '<main id="main"',
        '<nav class="category-nav"',
    ]:
        assert needle in html
    scripts = re.findall(r"<script\b([^>]*)>", html)
    # Data blocks, or the site's own files (static/js): never inline code.
    assert all(
        'type="application/ld+json"' in attrs or ' src="/static/' in attrs for attrs in scripts
    )
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy


def test_the_admin_gets_the_relaxed_policy_ckeditor_needs(client):
    client.force_login(make_user(superuser=True))
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]


def test_the_header_lists_approved_categories_only(client, section):
    proposed = make_category(name="제안된 분야", status=Category.Status.PROPOSED)
    make_article(categories=[section, proposed])
    html = client.get("/").content.decode()
    assert 'href="/category/economy/">경제</a>' in html
    assert "제안된 분야" not in html


def test_the_home_page_leads_with_the_newest_story_and_its_image(client):
    make_article(
        title="예전 기사", published_at=hours_ago(3), hero_image_url="https://e.com/1.jpg"
    )
    make_article(
        title="최신 기사", published_at=hours_ago(1), hero_image_url="https://e.com/2.jpg"
    )
    response = client.get("/")
    html = response.content.decode()
    lead = html.split('class="lead-story"')[1].split("</section>")[0]
    assert "최신 기사" in lead
    assert 'src="https://e.com/2.jpg"' in lead
    assert 'fetchpriority="high"' in lead
    assert 'loading="lazy"' not in lead
    rest = html.split('class="lead-story"')[1].split("</section>", 1)[1]
    assert "예전 기사" in rest
    assert 'src="https://e.com/1.jpg" alt="" loading="lazy"' in rest


def test_the_category_page_shows_its_description_newest_first(client, section):
    make_article(title="옛 기사", categories=[section], published_at=hours_ago(5))
    make_article(title="새 기사", categories=[section], published_at=hours_ago(1))
    make_article(title="다른 분야 기사")
    response = client.get(section.get_absolute_url())
    assert [a.title for a in response.context["article_list"]] == ["새 기사", "옛 기사"]
    assert "경제 뉴스와 분석" in response.content.decode()


def test_the_archive_filters_by_categories_dates_and_words(client, section):
    other = make_category(name="사회", slug="society")
    third = make_category(name="문화", slug="culture")
    make_article(title="경제 반도체", categories=[section], published_at=hours_ago(24 * 10))
    make_article(title="사회 국회", categories=[other], published_at=hours_ago(1))
    make_article(title="문화 공연", categories=[third], published_at=hours_ago(1))

    def titles(query):
        response = client.get("/archive/?" + query)
        assert response.status_code == 200
        return sorted(a.title for a in response.context["article_list"])

    assert titles(f"categories={section.slug}&categories={other.slug}") == [
        "경제 반도체",
        "사회 국회",
    ]
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert titles(f"date_from={since}") == ["문화 공연", "사회 국회"]
    assert titles(f"date_to={since}") == ["경제 반도체"]
    assert titles("q=국회") == ["사회 국회"]
    assert titles(f"q=국회&categories={section.slug}") == []


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2026-02-30",
        "date_from=abc",
        "date_to=99999-01-01",
        "categories=abc",
        "categories=999999",
        "categories=99999999999999999999999",
        "date_from=2026-05-02&date_to=2026-05-01",
        "q=%00",
        "q=" + "가" * 10_000,
    ],
)
def test_invalid_archive_filters_show_form_errors(client, visible, query):
    response = client.get("/archive/?" + query)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert list(response.context["article_list"]) == []


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "1.5", "%00", "last"])
@pytest.mark.parametrize(
    "path", ["/", "/category/economy/", "/archive/", "/search/?q=반도체", "/search/"]
)
def test_garbage_page_numbers_never_give_a_500(client, visible, path, page):
    separator = "&" if "?" in path else "?"
    assert client.get(f"{path}{separator}page={page}").status_code in {200, 404}


@pytest.mark.parametrize("path", ["/search/", "/archive/", "/"])
def test_a_ten_thousand_character_query_is_fine(client, visible, path):
    assert client.get(path, {"q": "반도체" * 3334}).status_code == 200


def test_search_page_finds_korean_words_and_keeps_the_query(client, visible):
    response = client.get("/search/", {"q": "반도체"})
    assert [a.title for a in response.context["article_list"]] == ["공개 반도체 기사"]
    assert 'value="반도체"' in response.content.decode()
    assert not client.get("/search/", {"q": "없는단어"}).context["article_list"]


def _many_articles(section, count=25, categories_each=5):
    categories = [section] + [make_category() for _ in range(categories_each - 1)]
    for n in range(count):
        make_article(
            title=f"반도체 기사 {n}",
            categories=categories,
            author=make_user(),
            hero_image_url="https://img.example.com/x.jpg",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?page=2",
        "/category/economy/",
        "/archive/",
        "/archive/?q=반도체&categories=1",
        "/search/?q=반도체 기사",
        "/feed/",
        "/feed/atom/",
        "/sitemap.xml",
    ],
)
def test_pages_run_a_small_constant_number_of_queries(
    client, section, url, django_assert_max_num_queries
):
    _many_articles(section)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_the_article_page_runs_a_constant_number_of_queries_with_related(
    client, section, django_assert_max_num_queries
):
    _many_articles(section)
    article = Article.objects.first()
    with django_assert_max_num_queries(6):
        response = client.get(article.get_absolute_url())
    assert len(response.context["related_articles"]) == 4


def test_staff_see_no_banner_on_public_articles(client, visible):
    client.force_login(make_user(perms=["articles.change_article"]))
    response = client.get(visible.get_absolute_url())
    assert "preview-banner" not in response.content.decode()


def test_the_ui_is_korean_by_default_and_english_on_request(client, visible):
    assert "최신 뉴스" in client.get("/").content.decode()
    english = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert 'lang="en"' in english
    assert "Latest news" in english


def test_unknown_pages_get_the_sites_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "404" in html


def test_the_500_page_renders_without_a_database_or_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "500" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_robots_txt_points_to_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/sitemap-news.xml" in body


def test_the_query_is_escaped_wherever_it_is_shown(client):
    html = client.get("/search/", {"q": "<b>x</b>반도체"}).content.decode()
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;반도체" in html
