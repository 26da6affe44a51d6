import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.models import Article
from benchtools import archive


class Command(BaseCommand):
    help = (
        "Build a large synthetic Korean news archive fast (COPY on PostgreSQL, batched "
        "inserts on SQLite), then rebuild what the site derives from it and refresh the "
        "planner statistics. For benchmarks: never on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=int, help="How many articles to add.")
        parser.add_argument(
            "--categories",
            nargs="+",
            default=list(archive.DEFAULT_CATEGORIES),
            metavar="NAME",
            help="Approved categories, largest first (default: eight news sections).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
        parser.add_argument(
            "--batch", type=int, default=20_000, help="Articles per transaction (20,000)."
        )
        parser.add_argument(
            "--years", type=float, default=8, help="How far back publication times go (8)."
        )
        parser.add_argument(
            "--append", action="store_true", help="Add to a database that already has articles."
        )
        parser.add_argument("--yes", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--rebuild-only",
            action="store_true",
            help="Add nothing: rebuild the derived tables and statistics of an existing archive "
            "(e.g. after migrating it to newer code).",
        )

    def handle(self, *args, count, categories, seed, batch, years, append, yes, rebuild_only,
               **options):  # fmt: skip
        if not settings.DEBUG and not yes:
            raise CommandError(
                "DEBUG is off: this may be a production database. build_archive writes "
                "hundreds of thousands of fake articles; set DEBUG=1 or pass --yes."
            )
        started = time.perf_counter()
        database = connection.settings_dict["NAME"]
        if not rebuild_only:
            self.build(count, categories, seed, batch, years, append, database)
        self.finish()
        self.stdout.write(f"Done in {time.perf_counter() - started:,.1f} s ({database}).")

    def build(self, count, categories, seed, batch, years, append, database):
        if count is None or count < 1:
            raise CommandError("Give the number of articles to build (or --rebuild-only).")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        existing = Article.objects.count()
        if existing and not append:
            raise CommandError(
                f"The database ({database}) already holds {existing:,} articles. Build into an "
                "empty database, or pass --append to add to them."
            )
        if archive.next_article_number() + count - 1 > archive.MAX_ARTICLES:
            raise CommandError(f"At most {archive.MAX_ARTICLES:,} numbered articles.")
        self.stdout.write(
            f"Building {count:,} articles on {connection.vendor} ({database}): seed {seed}, "
            f"{len(categories)} categories, {years:g} years, batches of {batch:,}."
        )
        with archive.fast_sqlite_writes():
            writer = archive.ArchiveWriter(categories=categories, seed=seed, years=years)
            result = writer.build(count, batch=batch, progress=self.progress)
        rate = result.articles / result.seconds if result.seconds else 0
        self.stdout.write(
            f"Wrote {result.articles:,} articles and {result.links:,} category links in "
            f"{result.seconds:,.1f} s ({rate:,.0f} articles/s); slugs "
            f"{archive.SLUG_FORMAT.format(result.first_number)} to "
            f"{archive.SLUG_FORMAT.format(result.first_number + result.articles - 1)}."
        )
        mix = ", ".join(f"{state} {n:,}" for state, n in result.states.most_common())
        self.stdout.write(f"Visibility: {mix} (public: {result.public:,}).")

    def progress(self, result):
        rate = result.articles / result.seconds if result.seconds else 0
        self.stdout.write(
            f"  {result.articles:>11,} articles  {result.seconds:8.1f} s  {rate:9,.0f}/s"
        )
        self.stdout.flush()

    def finish(self):
        for name, seconds in archive.rebuild_derived(self.stdout).items():
            if seconds is None:
                self.stdout.write(
                    self.style.WARNING(
                        f"Note: this code has no `{name}` command, so what it would build is "
                        "missing. Run `build_archive --rebuild-only` on code that has it."
                    )
                )
            else:
                self.stdout.write(f"{name}: {seconds:,.1f} s")
        started = time.perf_counter()
        statement = archive.analyze()
        self.stdout.write(f"{statement}: {time.perf_counter() - started:,.1f} s")
        self.stdout.write("Categories (articles, including non-public ones):")
        for name, status, size in archive.category_sizes():
            self.stdout.write(f"  {size:>10,}  {name} ({status})")
