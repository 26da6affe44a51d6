"""Feeds and sitemaps, parsed the way readers and crawlers parse them."""

import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Category, Tag
from people.models import Person

from .factories import hours_ago, make_article, make_category, make_image

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@pytest.fixture
def story():
    return make_article(
        title="반도체 수출 늘어",
        slug="chips",
        excerpt="수출이 늘었다.",
        byline="홍길동",
        categories=[make_category(name="경제", slug="economy"), make_category(name="산업")],
        hero=make_image(size=(640, 360), fmt="PNG"),
        hero_image_alt="항만 사진",
    )


def test_the_rss_feed_is_rss_2_with_everything_an_item_needs(client, story):
    make_article(title="외부 이미지", hero_image_url="https://img.example.com/b.jpg")
    response = client.get(reverse("articles:feed"))
    assert response["Content-Type"].startswith("application/rss+xml")

    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    entry = next(e for e in parsed.entries if e.title == "반도체 수출 늘어")
    assert entry.link == "http://testserver/articles/chips/"
    assert entry.summary == "수출이 늘었다."
    assert entry.published_parsed
    assert {tag.term for tag in entry.tags} == {"경제", "산업"}
    # A rendition (the image is narrower than the feed's 960 px: its own width).
    assert entry.media_content[0]["url"] == "http://testserver" + story.hero_image_sized(960)[0]
    assert "/images/renditions/" in entry.media_content[0]["url"]
    assert entry.media_content[0]["width"] == "640"
    external = next(e for e in parsed.entries if e.title == "외부 이미지")
    assert external.media_content[0]["url"] == "https://img.example.com/b.jpg"

    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ["title", "link", "description"]:
        assert channel.find(name).text
    item = next(i for i in channel.findall("item") if i.findtext("title") == "반도체 수출 늘어")
    for name in ["title", "link", "description", "pubDate", "guid", "category"]:
        assert item.find(name) is not None, name
    assert item.find(f"{MEDIA}content").get("medium") == "image"
    assert item.find(f"{MEDIA}content/{MEDIA}description").text == "항만 사진"


def test_the_atom_feed_is_atom_1(client, story):
    response = client.get(reverse("articles:atom_feed"))
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    entry = parsed.entries[0]
    assert entry.title == "반도체 수출 늘어"
    assert entry.summary == "수출이 늘었다."
    assert entry.published_parsed and entry.updated_parsed
    assert {tag.term for tag in entry.tags} == {"경제", "산업"}
    assert entry.author == "홍길동"
    assert entry.media_content[0]["url"].endswith(story.hero_image_sized(960)[0])

    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ["title", "id", "updated", "link"]:
        assert root.find(f"{ATOM}{name}") is not None
    entry_el = root.find(f"{ATOM}entry")
    for name in ["title", "link", "id", "updated", "published", "summary", "category"]:
        assert entry_el.find(f"{ATOM}{name}") is not None, name


def test_the_category_feed_has_only_that_categorys_articles(client, story):
    make_article(title="다른 기사", categories=[make_category()])
    response = client.get(reverse("articles:category_feed", kwargs={"slug": "economy"}))
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert parsed.feed.title == "경제 | Newsroom"
    assert [e.title for e in parsed.entries] == ["반도체 수출 늘어"]


def test_the_sitemap_lists_public_articles_categories_tags_and_people(client, story):
    make_category(name="제안", slug="proposal", status=Category.Status.PROPOSED)
    chips, scoop = Tag.objects.create(name="반도체"), Tag.objects.create(name="단독 합병")
    reporter, newcomer = Person.objects.create(name="최민지"), Person.objects.create(name="신입")
    story.tags.add(chips)
    Byline.objects.create(article=story, person=reporter, position=0)
    draft = make_article(title="초안", status=Article.Status.DRAFT)
    draft.tags.add(chips, scoop)
    Byline.objects.create(article=draft, person=newcomer, position=0)

    index = ET.fromstring(client.get(reverse("articles:sitemap")).content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    urls = {}
    for section in index.findall(f"{SITEMAP}sitemap"):
        response = client.get(section.find(f"{SITEMAP}loc").text)
        assert response["Content-Type"].startswith("application/xml")
        root = ET.fromstring(response.content)
        assert root.tag == f"{SITEMAP}urlset"
        urls |= _sitemap_urls(root)
    assert set(urls) == {
        "http://testserver/articles/chips/",
        "http://testserver/category/economy/",
        "http://testserver" + story.categories.get(name="산업").get_absolute_url(),
        "http://testserver" + chips.get_absolute_url(),
        "http://testserver" + reporter.get_absolute_url(),
    }
    today = timezone.localdate().isoformat()
    assert urls["http://testserver/category/economy/"] == today
    # A tag page last changed when its newest article came out.
    published = timezone.localdate(story.published_at).isoformat()
    assert urls["http://testserver" + chips.get_absolute_url()] == published


def test_a_tag_only_drafts_carry_has_no_page_or_feed(client):
    scoop = Tag.objects.create(name="단독 합병")
    make_article(title="초안", status=Article.Status.DRAFT).tags.add(scoop)
    feed = reverse("articles:tag_feed", kwargs={"slug": scoop.slug})
    assert client.get(scoop.get_absolute_url()).status_code == 404
    assert client.get(feed).status_code == 404

    make_article(title="공개").tags.add(scoop)
    assert client.get(scoop.get_absolute_url()).status_code == 200
    assert client.get(feed).status_code == 200


def test_every_public_article_is_in_some_sitemap_page(client, settings, monkeypatch):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    stories = [make_article(title=f"기사 {n}") for n in range(8)]
    make_article(title="초안", status=Article.Status.DRAFT)
    index = ET.fromstring(client.get(reverse("articles:sitemap")).content)
    pages = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-articles" in loc.text]
    assert len(pages) >= 3  # ids, not rows: PostgreSQL sequences skip rolled-back ids
    urls = {}
    for page in pages:
        urls |= _sitemap_urls(ET.fromstring(client.get(page).content))
    assert set(urls) == {f"http://testserver{a.get_absolute_url()}" for a in stories}
    assert client.get(f"/sitemap-articles.xml?p={len(pages) + 1}").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def _sitemap_urls(root) -> dict:
    urls = {}
    for url in root.findall(f"{SITEMAP}url"):
        loc = url.find(f"{SITEMAP}loc").text
        lastmod = url.find(f"{SITEMAP}lastmod").text
        assert loc.startswith("http://testserver/")
        date.fromisoformat(lastmod)
        urls[loc] = lastmod
    return urls


def test_the_news_sitemap_has_the_last_two_days_only(client, story):
    make_article(title="사흘 전", slug="old", published_at=hours_ago(72))
    response = client.get(reverse("articles:news_sitemap"))
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert [u.find(f"{SITEMAP}loc").text for u in urls] == ["http://testserver/articles/chips/"]
    news = urls[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Newsroom"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "ko"
    assert news.find(f"{NEWS}title").text == "반도체 수출 늘어"
    assert news.find(f"{NEWS}publication_date").text.startswith(str(timezone.now().year)[:2])


@pytest.mark.django_db
def test_control_characters_in_titles_never_break_the_feeds(client):
    category = make_category(name="뉴스\x0b")
    make_article(
        title="Hello\x0bWorld", excerpt="bad\x1f", byline="기자\x08", categories=[category]
    )
    for name in ("articles:feed", "articles:atom_feed", "articles:news_sitemap"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        ET.fromstring(response.content)  # well-formed XML
        assert "HelloWorld" in response.content.decode()
