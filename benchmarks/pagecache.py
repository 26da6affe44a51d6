"""Page cache benchmark: what an article page costs uncached, on a miss and on a hit.

    .venv/bin/python benchmarks/pagecache.py [--articles 300] [--hits 3000]

In one process, on a throwaway SQLite file (benchmarks/results/, git-ignored)
with production settings (DEBUG off, local-memory page cache): the median time
of a GET of an article page through the full middleware stack, called as a
WSGI application (what gunicorn calls) and through Django's test client.
"Uncached" is PAGE_CACHE off; a "miss" renders and stores (each article once);
a "hit" is served from the cache; "304" is a hit answered Not Modified.
"""

import argparse
import io
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def setup(database: Path):
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY="benchmark-only-" + "x" * 50,
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="testserver,localhost",
        PAGE_CACHE_GENERATION_FILE=str(database.with_suffix(".generation")),
    )
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # No collected manifest here: plain static URLs, as in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("migrate", verbosity=0)


def make_content(count: int):
    from django.utils import timezone

    from articles.models import Article, Category

    now = timezone.now()
    categories = [
        Category.objects.create(name=f"분야 {n}", status=Category.Status.APPROVED)
        for n in range(6)
    ]
    paragraph = "<p>" + "반도체 산업 정책을 정부가 발표했다. " * 40 + "</p>"
    articles = []
    for n in range(count):
        article = Article.objects.create(
            title=f"벤치마크 기사 {n}",
            slug=f"bench-{n}",
            excerpt="요약 " * 20,
            body=paragraph * 8,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n),
        )
        article.categories.set(categories[n % 6 : n % 6 + 2])
        articles.append(article)
    return articles


def wsgi_get(application, path: str, **headers) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    status = []
    body = b"".join(application(environ, lambda s, h, *a: status.append(s)))
    return status[0], body


def median_ms(function, runs: int) -> float:
    times = []
    for n in range(runs):
        started = time.perf_counter()
        function(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(call, urls, hits):
    """(uncached, miss, hit, 304) median ms: uncached on one half of the
    articles, misses on the other half, hits and 304s on one of those."""
    from django.conf import settings
    from django.test import Client

    half = len(urls) // 2
    first, second = urls[:half], urls[half:]
    settings.PAGE_CACHE = False
    uncached = median_ms(lambda n: call(first[n]), half)
    settings.PAGE_CACHE = True
    call(urls[-1])  # the generation's horizon, once
    miss = median_ms(lambda n: call(second[n]), half)
    hit = median_ms(lambda n: call(second[0]), hits)
    etag = Client().get(second[0])["ETag"]
    not_modified = median_ms(lambda n: call(second[0], if_none_match=etag), hits)
    return uncached, miss, hit, not_modified


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--hits", type=int, default=3000)
    options = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / "pagecache.sqlite3"
    database.unlink(missing_ok=True)
    setup(database)

    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import Client

    articles = make_content(options.articles)
    urls = [article.get_absolute_url() for article in articles]
    application, client = WSGIHandler(), Client()
    caches["pages"].clear()

    rows = [
        ("WSGI", *measure(lambda url, **h: wsgi_get(application, url, **h), urls, options.hits)),
        ("test client", *measure(lambda url, **h: client.get(url, headers=h), urls[::-1],
                                 options.hits)),
    ]  # fmt: skip

    print(f"Article page, {options.articles} articles, SQLite, median ms per request")
    print(f"| {'called as':<11} | uncached | miss  | hit   | 304   | hit speed-up |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, uncached, miss, hit, not_modified in rows:
        print(
            f"| {name:<11} | {uncached:8.2f} | {miss:5.2f} | {hit:5.3f} | {not_modified:5.3f}"
            f" | {uncached / hit:10.0f}x |"
        )


if __name__ == "__main__":
    main()
