"""Search benchmark: build N synthetic Korean articles on SQLite and time search.

    .venv/bin/python benchmarks/search.py                # 100,000 articles
    .venv/bin/python benchmarks/search.py --articles 10000

Uses a throwaway SQLite file (in benchmarks/results/, git-ignored), the real
migrations, the real term index (articles/search.py) and the same queryset the
/search/ page runs: published(), for_listing(), search(), then a count and the
first page of 20, as the paginator does.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

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
            published_at=now - timedelta(minutes=n),
        )


def timed(function, repeat=5):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / f"search-{args.articles}.sqlite3"
    database.unlink(missing_ok=True)
    os.environ.update(DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Avg
    from django.db.models.functions import Length
    from django.utils import timezone

    from articles.models import Article, ArticleSearchTerm
    from articles.search import rebuild_index

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    start = time.perf_counter()
    with transaction.atomic():
        Article.objects.bulk_create(
            make_articles(args.articles, rng, timezone.now()), batch_size=2000
        )
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    with transaction.atomic():
        rows = rebuild_index(Article.objects.all(), batch_size=2000)
    index_seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    body_chars = Article.objects.aggregate(chars=Avg(Length("body")))["chars"]
    print(f"articles: {Article.objects.count():,} (body {body_chars:,.0f} characters on average)")
    print(f"loaded in {load_seconds:.1f} s; indexed in {index_seconds:.1f} s")
    print(f"term rows: {rows:,} ({rows / args.articles:.0f} per article)")
    print(f"database file: {database.stat().st_size / 2**20:,.0f} MiB")

    article = Article.objects.order_by("?").first()
    article.body += "<p>반도체산업협회가 밝혔다.</p>"
    save_ms, _ = timed(article.save)
    print(f"save() of one article with its index refresh: {save_ms:.1f} ms")

    print(f"{'query':<24}{'matches':>9}{'count+page 1 (ms)':>20}")
    queries = ["반도체", "국회 예산", "AI반도체", "인공지능 스타트업 투자", "정책", RARE, "semi"]
    for query in [*queries, "없는말"]:

        def run(query=query):
            results = Article.objects.published().for_listing().search(query)
            return results.count(), [a.pk for a in results[:20]]

        ms, (count, _) = timed(run)
        print(f"{query:<24}{count:>9,}{ms:>20.1f}")
    print(f"term table rows: {ArticleSearchTerm.objects.count():,}")


if __name__ == "__main__":
    main()
