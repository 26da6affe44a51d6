"""The scale tooling: `build_archive` and the page benchmark it feeds."""

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Category
from articles.sanitize import sanitize_html
from benchmarks import pages, table
from benchtools import archive
from benchtools.korean import COMMON_WORD

from .factories import make_article

pytestmark = pytest.mark.django_db

HANGUL = re.compile("[가-힣]")


def build(count=None, **options) -> str:
    out = io.StringIO()
    counted = [] if count is None else [count]
    call_command("build_archive", *counted, yes=True, stdout=out, **options)
    return out.getvalue()


def test_builds_the_number_asked_with_unique_numbered_slugs():
    output = build(200)

    slugs = list(Article.objects.order_by("slug").values_list("slug", flat=True))
    assert slugs == [f"article-{n:07d}" for n in range(1, 201)]
    assert "Wrote 200 articles" in output


def test_articles_read_like_korean_news_in_one_or_two_sections():
    build(300)

    articles = Article.objects.annotate(sections=Count("categories"))
    assert {article.sections for article in articles} <= {1, 2}
    for article in articles:
        assert HANGUL.search(article.title) and HANGUL.search(article.excerpt)
        assert 150 < len(article.body) < 2_500
        # Written past save(): the body must already be what the sanitizer keeps.
        assert sanitize_html(article.body) == article.body
    with_common_word = sum(COMMON_WORD in article.body for article in articles)
    assert 0.1 < with_common_word / len(articles) < 0.5
    with_hero = sum(bool(article.hero_image_url) for article in articles)
    assert 0.04 < with_hero / len(articles) < 0.2


def test_one_section_is_the_largest_and_dates_span_years():
    build(2_000)

    approved = Category.objects.approved().annotate(size=Count("articles")).order_by("-size")
    assert [c.name for c in approved][:1] == ["정치"]
    assert len(approved) == 8
    assert 0.15 < approved[0].size / 2_000 < 0.3
    dates = Article.objects.filter(published_at__lte=timezone.now()).values_list(
        "published_at", flat=True
    )
    assert max(dates) - min(dates) > timedelta(days=365 * 5)


def test_every_kind_of_visibility_is_there_and_published_agrees():
    build(2_000)

    articles = list(Article.objects.prefetch_related("categories"))
    states = Counter(article.state for article in articles)
    assert set(states) == {"published", "draft", "scheduled", "expired", "held"}
    assert states["published"] > 1_900
    public = {article.pk for article in articles if article.state == "published"}
    assert set(Article.objects.published().values_list("pk", flat=True)) == public
    assert Article.objects.filter(expires_at__gt=timezone.now(), pk__in=public).exists()


def test_the_same_seed_builds_the_same_archive():
    build(50, seed=7)
    first = list(Article.objects.order_by("slug").values_list("slug", "title", "body"))
    Article.objects.all().delete()

    build(50, seed=7)

    assert list(Article.objects.order_by("slug").values_list("slug", "title", "body")) == first


def test_articles_saved_afterwards_get_fresh_ids():
    build(30)

    article = make_article(title="After the archive")

    assert article.pk > 30


def test_refuses_a_database_that_already_has_articles():
    make_article()

    with pytest.raises(CommandError, match="already holds 1 articles"):
        build(10)
    assert Article.objects.count() == 1


def test_append_continues_the_numbering_and_reuses_the_categories():
    build(50)
    categories = Category.objects.count()

    build(30, append=True, seed=2)

    assert Article.objects.count() == 80
    assert Article.objects.filter(slug="article-0000080").exists()
    assert Category.objects.count() == categories


def test_refuses_to_run_with_debug_off_unless_told(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("build_archive", 10, stdout=io.StringIO())
    assert not Article.objects.exists()


def test_custom_categories(settings):
    settings.DEBUG = True
    build(100, categories=["Politics", "Tech"])

    names = set(Category.objects.approved().values_list("name", flat=True))
    assert names == {"Politics", "Tech"}


def test_runs_the_rebuild_commands_that_exist_and_names_those_that_do_not(monkeypatch):
    called = []
    monkeypatch.setattr(
        archive, "get_commands", lambda: {"rebuild_listings": "articles", "migrate": "django"}
    )
    monkeypatch.setattr(archive, "call_command", lambda name, **kwargs: called.append(name))

    output = build(20)

    assert called == ["rebuild_listings"]
    assert "rebuild_listings:" in output
    assert "no `rebuild_search_index` command" in output
    assert "ANALYZE" in output


def test_rebuild_only_adds_nothing():
    build(20)

    output = build(rebuild_only=True)

    assert Article.objects.count() == 20
    assert "ANALYZE" in output


def test_the_page_benchmark_measures_every_public_page():
    build(200)

    results = pages.measure(repeat=1, with_plans=True)

    measured = {result.name: result for result in results}
    assert set(pages.PAGES) - set(measured) <= {"home_older"}
    assert "home_older" in measured or Article.objects.published().count() <= 20
    for result in results:
        assert result.status == 200, result
        assert result.queries >= 1 and result.plans, result
        assert result.median_ms > 0
    assert measured["article"].path.startswith("/articles/article-0000")
    assert "| home | `/` | 200 |" in pages.markdown_table(results)


def test_the_table_sets_runs_side_by_side_with_ratios():
    def run(label, ms):
        page = {"name": "home", "title": "home", "status": 200, "queries": 3, "median_ms": ms}
        return {"label": label, "pages": [page]}

    text = table.table([run("10k", 10.0), run("1m", 12.0), run("1m-slow", 20.0)])

    assert "| home | 10.0 ms | 12.0 ms (1.20×) | 20.0 ms (**2.00×**) | 3 / 3 / 3 |" in text
