"""Every public page, measured in-process against the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_scale_1m \\
        .venv/bin/python benchmarks/pages.py --label 1m --json /tmp/nr-scale/pages-pg-1m.json
    .venv/bin/python benchmarks/pages.py --repeat 5 --explain --only home category_last
    .venv/bin/python benchmarks/pages.py --compare /tmp/nr-scale/pages-pg-10k.json

Each page is requested through Django's test Client (HTTP_HOST 127.0.0.1, the
full middleware stack, production settings, page cache off unless
--page-cache): one request counts the SQL queries (CaptureQueriesContext) and
keeps them for --explain, then --repeat timed requests give the median and
the 90th percentile. The pages: home, the home page's "older" link (a
`?before=` cursor when the site has one, else page 2), a deep legacy
`?page=N` (the last page), the middle article, the largest category's first
and last page, the archive, search for a common and a rare word, the RSS feed
and the sitemap. Build the archive first: `manage.py build_archive N`
(benchmarks/README.md). `benchmarks/table.py` puts several --json runs side
by side.
"""

import argparse
import json
import math
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urljoin

ROOT = Path(__file__).resolve().parent.parent
COMMON_QUERY = "반도체"  # in about a quarter of build_archive's articles
RARE_QUERY = "판교테크노밸리"  # in about one in 2,000
PAGES = {
    "home": "home",
    "home_older": "home, older (the page's next link)",
    "home_deep": "home, last page (?page=N)",
    "article": "article",
    "category": "category, page 1",
    "category_last": "category, last page",
    "archive": "archive",
    "search_common": "search, common word",
    "search_rare": "search, rare word",
    "feed": "RSS feed",
    "sitemap": "sitemap",
}
_NEXT_LINK = re.compile(r'<a\b[^>]*\brel="next"[^>]*>')
_HREF = re.compile(r'\bhref="([^"]*)"')


@dataclass
class PageResult:
    name: str
    path: str
    status: int
    queries: int
    bytes: int
    median_ms: float
    p90_ms: float
    timings_ms: list[float] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return PAGES.get(self.name, self.name)


def setup_django() -> None:
    """Production settings with a stand-in secret, plain HTTP, no page cache."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def numbered_middle_article():
    """The public article nearest the middle of build_archive's numbering, or
    the median public article by id for other archives."""
    from articles.models import Article

    published = Article.objects.published()
    newest = (
        Article.objects.filter(slug__regex=r"^article-[0-9]+$")
        .order_by("-pk")
        .values_list("slug", flat=True)
        .first()
    )
    if newest:
        digits = newest.removeprefix("article-")
        middle = f"article-{(int(digits) + 1) // 2:0{len(digits)}d}"
        article = published.filter(slug__gte=middle).order_by("slug").first()
        if article:
            return article
    total = published.count()
    return published.order_by("pk")[total // 2] if total else None


def page_paths(*, category=None, article=None, common=COMMON_QUERY, rare=RARE_QUERY, client=None):
    """(name, path) of every page to measure, found in the database."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Article, Category
    from articles.views import PAGE_SIZE

    published = Article.objects.published()
    home = reverse("articles:home")
    paths = [("home", home)]
    if client is not None:
        older = next_link(client, home)
        if older:
            paths.append(("home_older", older))
    last = max(1, math.ceil(published.count() / PAGE_SIZE))
    paths.append(("home_deep", f"{home}?page={last}"))
    if article is None:
        article = numbered_middle_article()
    else:
        article = Article.objects.get(slug=article)
    if article is not None:
        paths.append(("article", article.get_absolute_url()))
    approved = Category.objects.approved()
    if category is None:
        category = approved.annotate(size=Count("articles")).order_by("-size", "pk").first()
    else:
        category = approved.get(name=category)
    if category is not None:
        url = category.get_absolute_url()
        last = max(1, math.ceil(published.filter(categories=category).count() / PAGE_SIZE))
        paths += [("category", url), ("category_last", f"{url}?page={last}")]
    search = reverse("articles:search")
    paths += [
        ("archive", reverse("articles:archive")),
        ("search_common", f"{search}?{urlencode({'q': common})}"),
        ("search_rare", f"{search}?{urlencode({'q': rare})}"),
        ("feed", reverse("articles:feed")),
        ("sitemap", reverse("articles:sitemap")),
    ]
    return paths


def next_link(client, path: str) -> str | None:
    """The page's rel="next" link ("older articles"), resolved against `path`."""
    response = client.get(path)
    tag = _NEXT_LINK.search(response.content.decode(errors="replace"))
    href = tag and _HREF.search(tag.group())
    return urljoin(path, unescape(href.group(1))) if href else None


def explain(sql: str, params) -> list[str]:
    """The database's plan for one query: EXPLAIN QUERY PLAN on SQLite (as a
    tree), EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            depth, lines = {0: -1}, []
            for node, parent, _unused, detail in cursor.fetchall():
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            return lines
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        else:
            cursor.execute(f"EXPLAIN {sql}", params)
        return [" ".join(str(column) for column in row) for row in cursor.fetchall()]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: of 10 timings, p90 is the 9th smallest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(
    *, repeat: int = 10, with_plans: bool = False, only=None, page_cache: bool = False, **choices
) -> list[PageResult]:
    """Measure every page (or those named in `only`); see the module docstring."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    overrides = {
        # Manifest storage needs `collectstatic`; the lookup it adds is not measured here.
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    }
    if not page_cache:
        overrides["PAGE_CACHE"] = False
    results = []
    with override_settings(**overrides):
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
        for name, path in page_paths(client=client, **choices):
            if only and name not in only:
                continue
            executed = []

            def keep(execute, sql, params, many, context, executed=executed):
                executed.append((sql, params, many))
                return execute(sql, params, many, context)

            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(keep):
                response = client.get(path)
            # Read now: the captured list is a window on a log later requests clear.
            queries = len(captured.captured_queries)
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            plans = []
            if with_plans:
                for sql, params, many in executed:
                    if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
                        plans.append(
                            {
                                "sql": sql,
                                "params": [str(value) for value in params or ()],
                                "plan": explain(sql, params),
                            }
                        )
            results.append(
                PageResult(
                    name=name,
                    path=path,
                    status=response.status_code,
                    queries=queries,
                    bytes=len(response.content),
                    median_ms=statistics.median(timings) if timings else 0.0,
                    p90_ms=percentile(timings, 0.9) if timings else 0.0,
                    timings_ms=[round(t, 2) for t in timings],
                    plans=plans,
                )
            )
    return results


def describe_database() -> dict:
    from django.db import connection

    from articles.models import Article

    return {
        "vendor": connection.vendor,
        "database": str(connection.settings_dict["NAME"]),
        "articles": Article.objects.count(),
        "public": Article.objects.published().count(),
    }


def markdown_table(results: list[PageResult], baseline: dict | None = None) -> str:
    """The results as a Markdown table; with `baseline` (a --json file's data),
    each median also as a ratio of the baseline's."""
    before = {page["name"]: page for page in (baseline or {}).get("pages", [])}
    header = "| page | path | status | queries | median ms | p90 ms | KB |"
    rule = "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    if baseline:
        header += f" vs {baseline.get('label') or 'baseline'} |"
        rule += " ---: |"
    lines = [header, rule]
    for r in results:
        line = (
            f"| {r.title} | `{r.path}` | {r.status} | {r.queries} | {r.median_ms:,.1f} "
            f"| {r.p90_ms:,.1f} | {r.bytes / 1024:,.1f} |"
        )
        if baseline:
            old = before.get(r.name)
            line += (
                f" {r.median_ms / old['median_ms']:.2f}× |" if old and old["median_ms"] else " |"
            )
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed requests per page (10)")
    parser.add_argument("--explain", action="store_true", help="print each query's plan")
    parser.add_argument("--label", default="", help="name of this run, e.g. 1m (for table.py)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--compare", type=Path, help="a --json file: add time ratios vs it")
    parser.add_argument("--only", nargs="+", choices=list(PAGES), help="measure these pages")
    parser.add_argument("--category", help="category name (default: the largest approved)")
    parser.add_argument("--article", help="article slug (default: the middle one)")
    parser.add_argument("--common", default=COMMON_QUERY, help="common search word")
    parser.add_argument("--rare", default=RARE_QUERY, help="rare search word")
    parser.add_argument(
        "--page-cache", action="store_true", help="leave the page cache as configured"
    )
    args = parser.parse_args()
    if not args.page_cache:
        os.environ["PAGE_CACHE"] = "0"
    setup_django()

    about = describe_database()
    results = measure(
        repeat=args.repeat,
        with_plans=args.explain,
        only=args.only,
        page_cache=args.page_cache,
        category=args.category,
        article=args.article,
        common=args.common,
        rare=args.rare,
    )
    baseline = json.loads(args.compare.read_text()) if args.compare else None
    print(
        f"{args.label or 'run'}: {about['vendor']} {about['database']}, "
        f"{about['articles']:,} articles ({about['public']:,} public), "
        f"{args.repeat} timed requests per page"
    )
    print()
    print(markdown_table(results, baseline))
    if args.explain:
        for r in results:
            print(f"\n### {r.title}: `{r.path}` ({r.queries} queries)")
            for plan in r.plans:
                params = ", ".join(plan["params"])
                print(f"\n```\n{plan['sql']}\n-- params: {params}\n")
                print("\n".join(plan["plan"]) + "\n```")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "label": args.label,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "repeat": args.repeat,
            "page_cache": args.page_cache,
            **about,
            "pages": [asdict(r) | {"title": r.title} for r in results],
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1))
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
