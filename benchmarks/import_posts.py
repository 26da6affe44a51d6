"""Benchmark: import 10,000 front-matter posts into a fresh SQLite database.

    .venv/bin/python benchmarks/import_posts.py [--posts 10000] [--from DIR]

Everything happens in a temporary folder (posts, database, media) that is
removed afterwards. The posts are generated (half Markdown with tables, half
HTML), or read from DIR (e.g. the shared workload's posts:
`python3 ../shared/bench/workload/dataset.py posts DIR 10000`). Prints the
seconds taken and posts per second, and how much of it the search index
calls took (writing the index also slows the commits), for a first import,
a re-import of the same files (which finds them unchanged) and a re-import
after every post changed (which updates them all). Runs in-process:
`manage.py import_posts` adds the interpreter's start (~0.3 s).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CATEGORIES = [
    "News",
    "반도체",
    "Analysis",
    "Supply Chain",
    "정책",
    "Markets",
    "Science",
    "오피니언",
]


def write_posts(folder: Path, count: int) -> None:
    for n in range(count):
        year_folder = folder / str(2015 + n % 10)
        year_folder.mkdir(exist_ok=True)
        markdown = n % 2 == 0
        day = f"{2015 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        first, second = CATEGORIES[n % 8], CATEGORIES[(n * 3 + 1) % 8]
        if markdown:
            body = (
                f"## 보도 {n}\n\n반도체 업계 동향 **{n}**번째 기사입니다. 수출이 늘었습니다.\n\n"
                "| 지역 | 비중 |\n|---|---|\n| 한국 | 70% |\n| 대만 | 85% |\n\n"
                f"Read the [report](https://example.org/{n}).\n"
            )
        else:
            body = (
                f"<h2>Report {n}</h2>\n<p>Chipmakers expanded capacity in quarter {n % 4 + 1}."
                f' <b>Exports</b> rose.</p>\n<p><img src="https://img.example.org/{n}.jpg"'
                ' alt="fab"></p>\n'
            )
        text = (
            f'---\ntitle: "Semiconductor report {n}: 반도체 동향"\ndate: {day} 09:30:00 +0900\n'
            f"categories: [{first}, {second}]\ntags: [chips, t{n % 50}]\n"
            f"excerpt: 기사 {n}의 요약입니다.\nimage: https://img.example.org/hero/{n}.jpg\n"
            f"layout: post\n---\n\n{body}"
        )
        extension = "md" if markdown else "html"
        (year_folder / f"{day}-report-{n}.{extension}").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000, help="how many to generate")
    parser.add_argument("--from", dest="source", type=Path, help="import these posts instead")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.update(
            DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
            MEDIA_ROOT=str(tmp / "media"),
            DEBUG="0",
            SECRET_KEY="benchmark-only-secret-key",
            DJANGO_SETTINGS_MODULE="newsroom.settings",
        )
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        from articles.models import Article
        from importing import importer as imports

        call_command("migrate", verbosity=0)
        folder = tmp / "posts"
        started = time.perf_counter()
        if arguments.source:
            shutil.copytree(arguments.source, folder)
        else:
            folder.mkdir()
            write_posts(folder, arguments.posts)
        files = imports.post_files_from_paths([folder])
        count = len(files)
        print(f"{count} posts ready in {time.perf_counter() - started:.1f} s")

        # The search index's share of the time: the importer indexes once a batch.
        indexing = [0.0]
        index_batch = imports._index_batch

        def timed_index_batch(article_ids):
            started = time.perf_counter()
            index_batch(article_ids)
            indexing[0] += time.perf_counter() - started

        imports._index_batch = timed_index_batch
        for label in ("first import", "re-import", "all changed"):
            if label == "all changed":
                for file, _ in files:
                    with file.open("a", encoding="utf-8") as handle:
                        handle.write("\nOne more paragraph.\n")
            indexing[0] = 0.0
            started = time.perf_counter()
            report = imports.import_posts(imports.read_post_files(files))
            seconds = time.perf_counter() - started
            print(f"{label}: {report.summary()}")
            print(
                f"{label}: {seconds:.1f} s, {count / seconds:.0f} posts/s "
                f"(of which {indexing[0]:.1f} s in the search index calls)"
            )
        imported = count - len(report.failed)
        assert Article.objects.count() == imported, Article.objects.count()


if __name__ == "__main__":
    if os.environ.get("PROFILE"):
        import cProfile

        cProfile.run("main()", sort="cumtime")
    else:
        main()
