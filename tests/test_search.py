"""Korean-capable search (search/): the tokenizer, and the engine of the
database under test (FTS5 on SQLite, tsvector/GIN on PostgreSQL). Every test
runs on both, so passing on both means both find the same articles."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles import services, visibility
from articles.models import Article, Byline, Tag
from articles.search_index import documents
from people.models import Person
from search import indexing, querysets, tokenizer
from search.backends import PostgreSQLBackend
from search.models import SearchDocument

from .factories import hours_ago, make_article, make_category

pytestmark = pytest.mark.django_db


def found(query, **kwargs):
    results = Article.objects.published().search(query, **kwargs)
    return list(results.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("반도체", "정부가 반도체를 지원한다"),
        ("반도체", "한국반도체산업협회는 오늘"),
        ("반도체", "AI반도체 혁신센터 개소"),
        ("반도체산업협회", "한국반도체산업협회는 오늘"),
        ("국회", "국회에서 예산안이 통과됐다"),
        ("정책", "경제정책을 발표했다"),
        ("경제 정책", "경제정책을 발표했다"),
        ("정책 경제", "경제정책을 발표했다"),
        ("AI", "AI반도체 혁신센터 개소"),
        ("ai반도체", "AI반도체 혁신센터 개소"),
        ("ＡＩ", "AI반도체 혁신센터 개소"),
        ("AI반도체", "ＡＩ반도체 혁신센터 개소"),
        ("semi", "Semiconductor exports rose"),
        ("SEMICONDUCTOR", "semiconductor exports rose"),
        ("서울", "서울시는"),
        ("2026", "2026년 예산"),
        ("2026년", "2026년 예산"),
        ("東京", "東京大学と提携"),
        ("반도체를", "정부가 반도체를 지원한다"),
        ("김", "김 위원장은"),
    ],
)
def test_korean_words_are_found_inside_compounds_and_before_particles(query, text):
    make_article(title="제목", body=f"<p>{text}</p>")
    make_article(title="무관한 기사", body="<p>날씨가 맑다</p>")
    assert found(query) == ["제목"]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        # The bigrams of 반도체 are there, but not next to each other.
        ("반도체", "반도의 전도체 연구"),
        ("반도체", "도체와 반도"),
        # A query word is the beginning of a word, not any part of it.
        ("conductor", "Semiconductor exports rose"),
        # A syllable alone is found as a word of one syllable (as before).
        ("김", "김치가 맛있다"),
        ("국회 없는말", "국회에서"),
    ],
)
def test_terms_must_stand_together(query, text):
    make_article(title="제목", body=f"<p>{text}</p>")
    assert found(query) == []


@pytest.mark.parametrize("field", ["title", "excerpt", "feature_text", "body"])
def test_every_text_field_is_searched(field):
    make_article(**{"title": "기사", field: "국회에서"})
    assert len(found("국회")) == 1


def test_a_phrase_does_not_run_from_the_title_into_the_body():
    make_article(title="뉴스 반도", excerpt="", body="<p>체육 대회</p>")
    assert found("반도체") == []


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


def test_more_title_terms_rank_above_fewer():
    make_article(title="국회", body="<p>반도체</p>", published_at=hours_ago(1))
    make_article(title="국회 반도체 법안", published_at=hours_ago(9))
    assert found("국회 반도체") == ["국회 반도체 법안", "국회"]


def test_among_body_hits_more_mentions_rank_first_up_to_three():
    make_article(title="한 번", body="<p>반도체 소식</p>", published_at=hours_ago(1))
    make_article(title="세 번", body="<p>반도체, 반도체, 반도체</p>", published_at=hours_ago(5))
    make_article(title="다섯 번", body="<p>" + "반도체 " * 5 + "</p>", published_at=hours_ago(9))
    # Three and five mentions are equal (capped), so the newer comes first.
    assert found("반도체") == ["세 번", "다섯 번", "한 번"]


def test_unranked_search_keeps_the_querysets_order():
    make_article(title="반도체 제목", published_at=hours_ago(9))
    make_article(title="본문", body="<p>반도체</p>", published_at=hours_ago(1))
    assert found("반도체", rank=False) == ["본문", "반도체 제목"]


def test_only_the_newest_window_of_matches_is_ranked(monkeypatch):
    monkeypatch.setattr(querysets, "WINDOW", 3)
    make_article(title="반도체 제목 오래됨", published_at=hours_ago(100))
    for n in range(4):
        make_article(title=f"본문 {n}", body="<p>반도체</p>", published_at=hours_ago(n + 1))
    assert found("반도체") == ["본문 0", "본문 1", "본문 2"]
    assert Article.objects.published().search("반도체").count() == 3


def test_hidden_articles_neither_match_nor_crowd_the_window(monkeypatch):
    monkeypatch.setattr(querysets, "WINDOW", 2)
    make_article(title="공개 1", body="<p>반도체</p>", published_at=hours_ago(30))
    make_article(title="공개 2", body="<p>반도체</p>", published_at=hours_ago(20))
    # Newer than both, and all hidden from readers.
    make_article(title="초안", body="<p>반도체</p>", status=Article.Status.DRAFT)
    make_article(title="예약", body="<p>반도체</p>", published_at=hours_ago(-5))
    make_article(
        title="만료", body="<p>반도체</p>", published_at=hours_ago(2), expires_at=hours_ago(1)
    )
    make_article(
        title="보류",
        body="<p>반도체</p>",
        published_at=hours_ago(3),
        categories=[make_category(status="proposed")],
    )
    assert found("반도체") == ["공개 2", "공개 1"]


def test_drafts_scheduled_and_expired_are_never_found():
    make_article(title="초안", body="<p>반도체</p>", status=Article.Status.DRAFT)
    make_article(title="예약", body="<p>반도체</p>", published_at=hours_ago(-5))
    make_article(
        title="만료", body="<p>반도체</p>", published_at=hours_ago(2), expires_at=hours_ago(1)
    )
    assert found("반도체") == []
    assert Article.objects.search("반도체").count() == 3


def test_html_is_stripped_before_indexing():
    make_article(title="기사", body="<p><b>반도</b>체 &amp; <a href='/x'>링크</a></p>")
    assert found("반도체") == ["기사"]
    assert found("href") == []
    assert found("amp") == []


def test_paragraphs_and_line_breaks_separate_words():
    make_article(title="기사", body="<p>Korea</p><p>exports</p><p>first<br>line</p>")
    assert found("koreaexports") == []
    assert found("firstline") == []
    assert found("exports") == ["기사"]


def test_the_index_follows_every_save():
    article = make_article(title="기사", body="<p>국회에서</p>")
    article.body = "<p>정부는</p>"
    article.save()
    assert found("국회") == []
    assert found("정부") == ["기사"]
    article.title = "반도체 소식"
    article.save(update_fields=["title"])
    assert found("반도체") == ["반도체 소식"]
    assert " 반도 도체 " in SearchDocument.objects.get(article_id=article.pk).title


def test_a_new_publication_time_moves_the_article_in_recency():
    old = make_article(title="반도체 A", published_at=hours_ago(10))
    make_article(title="반도체 B", published_at=hours_ago(5))
    old.published_at = hours_ago(1)
    old.save(update_fields=["published_at"])
    assert found("반도체") == ["반도체 A", "반도체 B"]
    document = SearchDocument.objects.get(article_id=old.pk)
    assert document.recency == indexing.recency_key(old.pk, old.published_at)


def test_saving_other_fields_leaves_the_index_alone(django_assert_num_queries):
    article = make_article(title="기사", body="<p>국회에서</p>")
    with django_assert_num_queries(1):
        article.save(update_fields=["hero_image_alt"])


def test_saving_the_text_costs_two_statements_for_the_index(django_assert_num_queries):
    article = make_article(title="기사", body="<p>국회에서</p>")
    article.body = "<p>정부는</p>"
    # The article; its text, bylines and tags in one read; its document (an upsert).
    with django_assert_num_queries(3):
        article.save(update_fields=["body"])


def test_bylines_and_tags_are_found_and_follow_every_change():
    reporter = Person.objects.create(name="최민지")
    article = make_article(title="수출 기사", body="<p>수출이 늘었다.</p>")
    make_article(title="다른 기사", body="<p>날씨</p>")
    Byline.objects.create(article=article, person=reporter, position=0)
    assert found("최민지") == ["수출 기사"]

    reporter.name = "최민정"
    reporter.save()
    assert (found("최민지"), found("최민정")) == ([], ["수출 기사"])
    article.bylines.all().delete()
    assert found("최민정") == []

    chips = Tag.objects.create(name="반도체")
    article.tags.add(chips)
    assert found("반도체") == ["수출 기사"]
    chips.name = "시스템반도체"
    chips.save()
    assert found("시스템반도체") == ["수출 기사"]
    chips.articles.clear()
    assert found("시스템반도체") == []
    chips.articles.add(article)
    chips.delete()
    assert found("시스템반도체") == []


def test_merged_tags_are_searched_under_their_new_name():
    article = make_article(title="선거 기사")
    old, new = Tag.objects.create(name="총선"), Tag.objects.create(name="국회의원선거")
    article.tags.add(old)
    services.tag_merge(sources=[old], target=new)
    assert (found("총선"), found("국회의원선거")) == ([], ["선거 기사"])


def test_a_printed_byline_without_people_is_found():
    make_article(title="사설", byline="논설위원실")
    assert found("논설위원실") == ["사설"]


def test_a_draft_is_not_found_by_its_reporter_or_tag():
    reporter = Person.objects.create(name="최민지")
    draft = make_article(title="초안", status=Article.Status.DRAFT)
    Byline.objects.create(article=draft, person=reporter, position=0)
    draft.tags.add(Tag.objects.create(name="단독"))
    assert found("최민지") == found("단독") == []


def test_deleting_an_article_deletes_its_document():
    article = make_article(title="국회")
    make_article(title="국회 2")
    article.delete()
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()
    assert found("국회") == ["국회 2"]
    Article.objects.all().delete()
    assert not SearchDocument.objects.exists()


def test_bulk_writers_index_and_remove_explicitly():
    Article.objects.bulk_create(
        [
            Article(title=f"대량 {n}", slug=f"bulk-{n}", body="<p>반도체</p>", status="published",
                    published_at=hours_ago(n + 1))
            for n in range(3)
        ]
    )  # fmt: skip
    visibility.refresh_articles(Article.objects.values_list("pk", flat=True))
    assert found("반도체") == []
    assert indexing.index_articles(documents(Article.objects.all())) == 3
    assert found("반도체") == ["대량 0", "대량 1", "대량 2"]
    first = Article.objects.get(slug="bulk-0")
    Article.objects.filter(pk=first.pk)._raw_delete(connection.alias)
    indexing.remove_articles([first.pk])
    assert found("반도체") == ["대량 1", "대량 2"]


def test_rebuild_search_index_indexes_everything_from_scratch(capsys):
    make_article(title="국회")
    Article.objects.bulk_create(
        [Article(title=f"대량 {n}", slug=f"bulk-{n}", body="<p>반도체</p>") for n in range(3)]
    )
    assert Article.objects.search("반도체").count() == 0
    call_command("rebuild_search_index")
    assert "Indexed 4 articles" in capsys.readouterr().out
    assert Article.objects.search("반도체").count() == 3
    assert Article.objects.search("국회").count() == 1
    make_article(title="반도체 새 기사")  # triggers (SQLite) / index (PostgreSQL) are back
    assert Article.objects.search("반도체").count() == 4


# (query, whether it finds the article titled 반도체). Nothing a reader types
# is engine syntax: punctuation separates words, and words are words.
HOSTILE = [
    ('"', False),
    ('"반도체', True),
    ('반도체"', True),
    ('"반도체"', True),
    ("반도체*", True),
    ("*", False),
    ("NEAR(반도체 국회)", False),  # three words: near, 반도체, 국회
    ("반도체 OR", False),  # two words: 반도체, or
    ("반도체 -", True),
    ("-반도체", True),
    ("title:반도체", False),
    ("{title}:반도체", False),
    (":", False),
    ("반도체 &|!()", True),
    ("&|!()", False),
    ("반도체 <-> :*", True),
    ("'반도체'", True),
    ("\\반도체", True),
    ("%_반도체", True),
    ("반도체\x00\x01\x1f", True),
    ("\x00", False),
    ("!!!", False),
    ("   ", False),
    ("", False),
    ("a", False),
    ("반도체 " * 3000, True),
    ("반도체" * 3334, False),  # one 200-character word
    ("가" * 10_000, False),
]


@pytest.mark.parametrize(("query", "finds"), HOSTILE)
def test_hostile_queries_work_and_find_what_they_name(client, query, finds):
    make_article(title="반도체")
    make_article(title="다른 기사")
    expected = ["반도체"] if finds else []
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert [article.title for article in response.context["article_list"]] == expected
    assert found(query) == expected
    assert found(query, rank=False) == expected


def test_the_search_page_says_when_there_are_more_matches_than_it_ranks(client, monkeypatch):
    monkeypatch.setattr(querysets, "WINDOW", 2)
    monkeypatch.setattr("articles.views.SEARCH_WINDOW", 2)
    for word in ["하나", "둘", "셋"]:
        make_article(title=f"반도체 {word}")
    response = client.get("/search/", {"q": "반도체"})
    assert response.context["more_results"]
    assert "기사 2건 이상을 찾았습니다" in response.content.decode()
    assert not client.get("/search/", {"q": "반도체 하나"}).context["more_results"]


def test_the_archive_searches_within_its_category_and_dates(client, monkeypatch):
    monkeypatch.setattr(querysets, "WINDOW", 2)
    economy = make_category(name="Economy", slug="economy")
    old = make_article(
        title="오래된 반도체", published_at=hours_ago(24 * 400), categories=[economy]
    )
    for n in range(3):
        make_article(title=f"최근 반도체 {n}", published_at=hours_ago(n + 1))
    response = client.get("/archive/", {"q": "반도체", "categories": "economy"})
    assert [a.title for a in response.context["article_list"]] == [old.title]
    day = (timezone.localtime(old.published_at)).date()
    response = client.get("/archive/", {"q": "반도체", "date_to": day.isoformat()})
    assert [a.title for a in response.context["article_list"]] == [old.title]


def test_recency_keys_sort_by_publication_time_then_id_and_unpublished_last():
    now = timezone.now()
    keys = [
        indexing.recency_key(7, None),
        indexing.recency_key(2**31 - 1, now - timedelta(days=365 * 200)),
        indexing.recency_key(9, now - timedelta(seconds=1)),
        indexing.recency_key(3, now),
        indexing.recency_key(4, now),
        indexing.recency_key(1, now + timedelta(days=365 * 200)),
    ]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert all(-(2**63) <= key < 2**63 for key in keys)
    with pytest.raises(ValueError):
        indexing.recency_key(2**31, now)


def test_the_engine_indexes_exactly_our_tokens():
    text = "AI반도체를 Semiconductor-exports 東京 ＡＩ 김 x 2026년"
    article = make_article(title="반도체 제목", excerpt="", body=f"<p>{text}</p>")
    expected = set(tokenizer.tokens("반도체 제목")) | set(tokenizer.tokens(text))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, search_fts, row)"
            )
            cursor.execute("SELECT term FROM temp.vocabulary")
            indexed = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT unnest(tsvector_to_array(tsv)) FROM search_searchdocument "
                "WHERE article_id = %s",
                [article.pk],
            )
            indexed = {row[0] for row in cursor.fetchall()}
    assert indexed == expected


def test_tokens():
    assert tokenizer.tokens("AI반도체를") == ["ai", "반도", "도체", "체를"]
    assert tokenizer.tokens("Semi") == ["semi"]
    assert tokenizer.tokens("김 a") == ["김"]
    assert tokenizer.tokens("ﬁnance Straße") == ["finance", "strasse"]
    assert tokenizer.tokens("가나다라", limit=2) == ["가나", "나다"]


def test_query_terms():
    terms = tokenizer.parse_query("반도체를 AI 김 a !!! 반도체를")
    assert terms == (
        tokenizer.Term(("반도", "도체", "체를")),
        tokenizer.Term(("ai",), prefix=True),
        tokenizer.Term(("김",)),
    )
    assert [term.pattern for term in terms] == [" 반도 도체 체를", " ai", " 김 "]


def test_query_terms_are_bounded():
    terms = tokenizer.parse_query("가나다라마바사아자차카타파하" * 100)
    assert 0 < sum(len(term.tokens) for term in terms) <= tokenizer.QUERY_MAX_TOKENS
    terms = tokenizer.parse_query(" ".join(f"단어{n}" for n in range(100)))
    assert sum(len(term.tokens) for term in terms) <= tokenizer.QUERY_MAX_TOKENS


def test_very_long_bodies_are_cut_the_same_on_both_databases():
    body = "가나 " * (tokenizer.BODY_MAX_TOKENS + 10) + "반도체"
    make_article(title="긴 기사", body=f"<p>{body}</p>")
    assert found("가나") == ["긴 기사"]
    assert found("반도체") == []


def test_postgresql_is_shown_the_rarest_bigram_of_each_word():
    """The planner's estimate follows the tsquery it sees; by the rarest bigram
    it knows 대한항공 is rare although 대한 is everywhere (search/backends.py)."""
    backend = PostgreSQLBackend()
    terms = tokenizer.parse_query("대한항공 semi 국회")
    outline = backend.outline(terms, {"대한": 0.4, "항공": 0.01, "한항": 0.0001, "국회": 0.2})
    assert outline == (
        tokenizer.Term(("한항",)),
        tokenizer.Term(("semi",), prefix=True),
        tokenizer.Term(("국회",)),
    )
    assert backend.outline(terms, {})[0] == tokenizer.Term(("대한",))


def test_statistics_leave_the_engines_own_tables_alone():
    """SQLite: statistics of FTS5's shadow tables, taken while the index was
    small, made every later insert slower than the last (imports fell from
    1,000 to 100 posts/s)."""
    make_article(title="국회")
    indexing.refresh_statistics()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tbl FROM sqlite_stat1")
            tables = {row[0] for row in cursor.fetchall()}
        assert "articles_article" in tables
        assert not {table for table in tables if table.startswith("search_fts")}
