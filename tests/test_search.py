"""Korean-capable search: the term index (articles/search.py) on the real database."""

import pytest

from articles import search
from articles.models import Article, ArticleSearchTerm

from .factories import hours_ago, make_article

pytestmark = pytest.mark.django_db


def found(query):
    return list(Article.objects.published().search(query).values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("반도체", "정부가 반도체를 지원한다"),
        ("반도체", "한국반도체산업협회는 오늘"),
        ("반도체", "AI반도체 혁신센터 개소"),
        ("국회", "국회에서 예산안이 통과됐다"),
        ("정책", "경제정책을 발표했다"),
        ("경제 정책", "경제정책을 발표했다"),
        ("AI", "AI반도체 혁신센터 개소"),
        ("ai반도체", "AI반도체 혁신센터 개소"),
        ("ＡＩ", "AI반도체 혁신센터 개소"),
        ("semi", "Semiconductor exports rose"),
        ("서울", "서울시는"),
        ("2026", "2026년 예산"),
        ("東京", "東京大学と提携"),
    ],
)
def test_korean_words_are_found_inside_compounds_and_before_particles(query, text):
    make_article(title="제목", body=f"<p>{text}</p>")
    make_article(title="무관한 기사", body="<p>날씨가 맑다</p>")
    assert found(query) == ["제목"]


@pytest.mark.parametrize("field", ["title", "excerpt", "feature_text", "body"])
def test_every_text_field_is_searched(field):
    make_article(**{"title": "기사", field: "국회에서"})
    assert len(found("국회")) == 1


def test_several_words_narrow_the_results():
    make_article(title="둘 다", body="<p>국회에서 반도체 지원법</p>")
    make_article(title="하나만", body="<p>국회에서 예산 논의</p>")
    assert sorted(found("국회")) == ["둘 다", "하나만"]
    assert found("국회 반도체") == ["둘 다"]
    assert found("국회 없는말") == []


def test_title_hits_rank_first_then_newest():
    make_article(title="본문에만", body="<p>반도체</p>", published_at=hours_ago(1))
    make_article(title="반도체 제목 옛날", published_at=hours_ago(10))
    make_article(title="반도체 제목 최신", published_at=hours_ago(5))
    assert found("반도체") == ["반도체 제목 최신", "반도체 제목 옛날", "본문에만"]


def test_html_is_stripped_before_indexing():
    make_article(title="기사", body="<p><b>반도</b>체 &amp; <a href='/x'>링크</a></p>")
    assert found("반도체") == ["기사"]
    assert found("href") == []
    assert found("amp") == []


def test_the_index_follows_every_save():
    article = make_article(title="기사", body="<p>국회에서</p>")
    article.body = "<p>정부는</p>"
    article.save()
    assert found("국회") == []
    assert found("정부") == ["기사"]
    article.title = "반도체 소식"
    article.save(update_fields=["title"])
    assert found("반도체") == ["반도체 소식"]
    assert ArticleSearchTerm.objects.filter(article=article, term="반도", in_title=True).exists()


def test_saving_other_fields_leaves_the_index_alone(django_assert_num_queries):
    article = make_article(title="기사", body="<p>국회에서</p>")
    with django_assert_num_queries(1):
        article.save(update_fields=["byline"])


def test_deleting_an_article_deletes_its_terms():
    article = make_article(title="국회")
    article.delete()
    assert not ArticleSearchTerm.objects.exists()


def test_rebuild_index_indexes_bulk_created_articles():
    Article.objects.bulk_create(
        [Article(title=f"대량 {n}", slug=f"bulk-{n}", body="<p>반도체</p>") for n in range(3)]
    )
    assert Article.objects.search("반도체").count() == 0
    assert search.rebuild_index(Article.objects.all()) > 0
    assert Article.objects.search("반도체").count() == 3


@pytest.mark.parametrize("query", ["", "   ", "!!!", "a", "\x00", "가" * 10_000, "반도체 " * 3000])
def test_odd_queries_match_nothing_or_work_without_errors(query):
    make_article(title="반도체")
    assert len(found(query)) <= 1


def test_query_terms_are_bounded():
    terms = search.query_terms("가나다라마바사아자차카타파하" * 100)
    assert 0 < len(terms) <= search.QUERY_MAX_TERMS


def test_document_terms():
    assert search.document_terms("AI반도체를") == {"ai", "반도", "도체", "체를"}
    assert search.document_terms("Semi") == {"se", "sem", "semi"}
    assert search.document_terms("김 a") == {"김"}
