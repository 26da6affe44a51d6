"""The demo newsroom (demo/): Korean stories in Korean sections, local
generated images, a curated front page, readership; offline and idempotent;
the README's search examples find something in it."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Category, Tag
from curation.models import Placement
from curation.selectors import front_page
from readership.selectors import most_read

DEMO_POSTS = Path(settings.BASE_DIR) / "demo" / "posts"
SECTIONS = ["정치", "경제", "사회", "국제", "문화", "IT·과학", "스포츠", "오피니언"]
HANGUL = re.compile(r"[가-힣]")


@pytest.fixture
def demo(db, monkeypatch, settings):
    settings.READERSHIP_REDIS_URL = ""
    from readership import counters

    counters.counter.cache_clear()

    # No network: any attempt to open a socket fails the test.
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the demo must load offline")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = StringIO()
    call_command("demo_content", stdout=out)
    return out.getvalue()


def test_the_demo_loads_korean_stories_in_korean_sections(demo):
    files = sorted(DEMO_POSTS.glob("*.md"))
    assert 30 <= len(files) <= 50
    assert f"{len(files)} created" in demo
    assert Article.objects.published().count() == len(files)
    assert sorted(Category.objects.values_list("name", flat=True)) == sorted(SECTIONS)
    assert list(Category.objects.order_by("nav_order").values_list("name", flat=True)) == SECTIONS
    for article in Article.objects.all():
        assert HANGUL.search(article.title), article.title
        assert 3 <= article.body.count("<p>") <= 10, article.slug
    assert Article.objects.filter(body__contains="<table>").count() >= 5
    assert Article.objects.filter(body__contains="<blockquote>").count() >= 5
    assert Article.objects.filter(body__contains="<ul>").exists()
    assert len(set(Article.objects.values_list("byline", flat=True))) >= 6
    assert Tag.objects.count() >= 30 and all(a.tags.exists() for a in Article.objects.all())


def test_every_image_is_local_and_generated(demo):
    for article in Article.objects.all():
        assert article.hero and not article.hero_image_url
        assert Path(article.hero.file.path).is_file()
        assert (article.hero.width, article.hero.height) == (1200, 675)
        assert article.hero_image_alt
        assert "http://" not in article.body and "https://" not in article.body.replace(
            'href="https://', ""
        )
    html = Client().get(Article.objects.first().get_absolute_url()).content.decode()
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert sources and all(src.startswith("/media/") for src in sources)


def test_the_front_page_has_a_pinned_lead_picks_and_readership(demo):
    lead, picks = front_page()
    assert Article.objects.get(pk=lead).slug == "semiconductor-exports-record"
    assert len(picks) == 4
    assert Placement.objects.count() == 5
    lists = most_read()
    assert len(lists["today"]) == 5 and len(lists["week"]) == 5
    newest = Article.objects.published().first()
    html = Client().get("/").content.decode()
    lead_html = html.split('class="lead-story"', 1)[1].split("</section>", 1)[0]
    assert "AI반도체" in lead_html and newest.title not in lead_html or newest.pk == lead


def test_running_it_again_changes_nothing(demo):
    counts = (Article.objects.count(), Tag.objects.count(), Placement.objects.count())
    out = StringIO()
    call_command("demo_content", stdout=out)
    assert "skipped" in out.getvalue()
    assert counts == (Article.objects.count(), Tag.objects.count(), Placement.objects.count())


# The README's search examples (section "Search"), as readers type them.
README_QUERIES = ["반도체", "반도체를", "반도체산업협회", "AI반도체", "semi", "국회 예산",
                  "인공지능 스타트업 투자", "판교테크노밸리"]  # fmt: skip


def test_the_readmes_search_examples_find_demo_stories(demo):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for query in README_QUERIES:
        assert f"`{query}`" in readme
        response = Client().get("/search/", {"q": query})
        assert response.context["paginator"].count >= 1, query
        assert 'class="result-count"' in response.content.decode()


def test_a_few_bodies_carry_a_captioned_credited_local_figure(demo):
    figures = Article.objects.filter(body__contains="<figcaption>")
    assert figures.count() == 3
    for article in figures:
        src = re.search(r'<figure[^>]*><img src="([^"]+)"', article.body).group(1)
        assert src.startswith("/media/images/originals/")
        assert (Path(settings.MEDIA_ROOT) / src.removeprefix("/media/")).is_file()
        assert re.search(r"<figcaption>[^<]+ (그래픽|일러스트)=뉴스룸", article.body)
