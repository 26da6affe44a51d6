"""Search benchmark: N synthetic Korean articles, indexed and searched.

    .venv/bin/python benchmarks/search.py                  # 100,000 articles, SQLite
    .venv/bin/python benchmarks/search.py --articles 10000
    .venv/bin/python benchmarks/search.py \\
        --database-url postgres://postgres@127.0.0.1:5432/nr_search_bench

SQLite uses a throwaway file in benchmarks/results/ (git-ignored); with a
PostgreSQL URL the named database is dropped and created again. The real
migrations, the real index (search/) and the same querysets the pages run:
/search/ is published(), for_listing(), search(), then a count and a page of
20 as the paginator does; the archive's word filter is the same with
rank=False. Each time is the median of five runs after one warm-up.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

NOUNS = (
    "정부 국회 반도체 경제 정책 대통령 기업 시장 수출 투자 금리 물가 부동산 주택 교육 학생 "
    "병원 의료 환경 기후 에너지 전기차 배터리 인공지능 데이터 플랫폼 스타트업 서울 부산 지역 "
    "선거 여당 야당 예산 세금 노동 일자리 청년 고용 산업 협회 센터 연구 개발 기술 혁신 보안 "
    "통신 방송 문화 공연 영화 음악 스포츠 축구 야구 올림픽 외교 안보 국방 미국 중국 일본 "
    "무역 관세 환율 주식 증시 은행 금융 보험 소비 유통 관광 항공 철도 도로 건설 재건축 분양 "
    "전세 검찰 법원 재판 판결 경찰 사고 화재 지진 태풍 날씨 농업 어업 식품 가격 소득 복지 "
    "연금 저출산 고령화 인구 도시 교통 주차 공항 항만 조선 철강 자동차 화학 바이오 제약"
).split()
PARTICLES = "은 는 이 가 을 를 에 에서 의 으로 와 과 도 만 까지 부터".split()
VERBS = "발표했다 밝혔다 추진한다 늘었다 줄었다 논의했다 합의했다 지원한다 강조했다".split()
LATIN = "AI ESG GDP OECD IT K-pop CEO Samsung Hyundai semiconductor".split()
RARE = "판교테크노밸리"  # in about 1 article in 1,000
QUERIES = [
    "반도체",
    "국회 예산",
    "AI반도체",
    "인공지능 스타트업 투자",
    "정책",
    RARE,
    "semi",
    "없는말",
]


def sentence(rng):
    words = []
    for _ in range(rng.randint(4, 7)):
        word = rng.choice(NOUNS)
        if rng.random() < 0.25:  # compounds are written together: 반도체산업협회
            word += rng.choice(NOUNS)
        if rng.random() < 0.08:
            word = rng.choice(LATIN) + word
        words.append(word + (rng.choice(PARTICLES) if rng.random() < 0.8 else ""))
    return " ".join(words) + " " + rng.choice(VERBS) + "."


def make_articles(count, rng, now):
    from articles.models import Article

    for n in range(count):
        body = " ".join(sentence(rng) for _ in range(rng.randint(8, 14)))
        if rng.random() < 0.001:
            body += f" {RARE}에서 행사가 열렸다."
        yield Article(
            title=" ".join(rng.choice(NOUNS) for _ in range(4)),
            slug=f"bench-{n}",
            excerpt=sentence(rng),
            body=f"<p>{body}</p>",
            status=Article.Status.PUBLISHED,
            # The newest article has the lowest id: recency is not id order.
            published_at=now - timedelta(minutes=n),
        )


def timed(function, repeat=5):
    function()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def fresh_database(url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url.replace(f"/{name}", "/postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def index_size(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_%' "
                "OR name LIKE 'sqlite_autoindex_search_%'"
            )
            (total,) = cursor.fetchone()
            cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts_%'")
            (engine,) = cursor.fetchone()
            what = "FTS5 index"
        else:
            cursor.execute(
                "SELECT pg_total_relation_size('search_searchdocument'), "
                "pg_relation_size('search_document_tsv')"
            )
            total, engine = cursor.fetchone()
            what = "GIN index"
    return f"{total / 2**20:,.0f} MiB in all, of which the {what} {engine / 2**20:,.0f} MiB"


def engine_matches(connection, query) -> int:
    """Every match, counted by the engine directly (not part of any page)."""
    from search.backends import TABLE, backend_for
    from search.tokenizer import parse_query

    terms = parse_query(query)
    backend = backend_for(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql = f"SELECT COUNT(*) FROM {backend.fts} WHERE {backend.fts} MATCH %s"
        else:
            sql = f"SELECT COUNT(*) FROM {TABLE} WHERE tsv @@ %s::tsquery"
        cursor.execute(sql, [backend.match(terms)])
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="a postgres:// URL; SQLite by default")
    parser.add_argument("--explain", action="store_true", help="print the candidate query plans")
    parser.add_argument(
        "--reuse", action="store_true", help="time the searches of the last run's database again"
    )
    args = parser.parse_args()

    if args.database_url:
        if not args.reuse:
            fresh_database(args.database_url)
        url = args.database_url
    else:
        RESULTS.mkdir(parents=True, exist_ok=True)
        database = RESULTS / f"search-{args.articles}.sqlite3"
        if not args.reuse:
            database.unlink(missing_ok=True)
        url = f"sqlite:///{database}"
    os.environ.update(DEBUG="1", DATABASE_URL=url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Avg
    from django.db.models.functions import Length
    from django.utils import timezone

    from articles.models import Article
    from articles.search_index import reindex
    from search import indexing

    call_command("migrate", verbosity=0)
    if not args.reuse:
        rng = random.Random(args.seed)
        start = time.perf_counter()
        with transaction.atomic():
            Article.objects.bulk_create(
                make_articles(args.articles, rng, timezone.now()), batch_size=2000
            )
        load_seconds = time.perf_counter() - start
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        start = time.perf_counter()
        indexing.rebuild()
        index_seconds = time.perf_counter() - start
        print(f"loaded in {load_seconds:.1f} s; rebuild_search_index: {index_seconds:.1f} s")

    body_chars = Article.objects.aggregate(chars=Avg(Length("body")))["chars"]
    count = Article.objects.count()
    print(f"{connection.vendor}: {count:,} articles, {body_chars:,.0f} characters of body each")
    print(f"index: {index_size(connection)}")

    article = Article.objects.order_by("?").first()
    article.body += "<p>반도체산업협회가 밝혔다.</p>"
    save_ms, _ = timed(article.save)
    with transaction.atomic():
        work_ms, _ = timed(article.save)
        index_ms, _ = timed(lambda: reindex([article.pk]))  # what save() does for the index
    print(
        f"save() of one article with its index refresh: {save_ms:.1f} ms; inside a "
        f"transaction (no commit) {work_ms:.1f} ms, of which the index {index_ms:.1f} ms"
    )

    print(f"{'query':<24}{'matches':>9}{'/search/':>10}{'page 50':>9}{'archive':>9}  (ms)")
    for query in QUERIES:

        def page(start, rank=True, query=query):
            results = Article.objects.published().for_listing().search(query, rank=rank)
            return results.count(), list(results[start : start + 20])

        search_ms, _ = timed(lambda: page(0))
        deep_ms, _ = timed(lambda: page(980))
        archive_ms, _ = timed(lambda: page(0, rank=False))
        matches = engine_matches(connection, query)
        print(f"{query:<24}{matches:>9,}{search_ms:>10.1f}{deep_ms:>9.1f}{archive_ms:>9.1f}")
        if args.explain:
            results = Article.objects.published().for_listing().search(query)
            with connection.cursor() as cursor:
                sql, params = results.query.sql_with_params()
                prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
                cursor.execute(prefix + sql, params)
                for row in cursor.fetchall():
                    print("    ", row[-1])


if __name__ == "__main__":
    main()
