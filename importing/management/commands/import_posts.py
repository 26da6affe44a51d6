import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Category
from importing.importer import (
    FAILED,
    ImportOptions,
    PostImporter,
    is_site_root,
    post_files_from_paths,
    read_post_files,
)


class Command(BaseCommand):
    help = (
        "Import front-matter posts (.md, .markdown, .html, .htm, .txt) from files or "
        "folders, or a Jekyll or Hugo site's folder (its posts only). Importing the same "
        "posts again updates their articles. Exit status: 0 all imported cleanly, "
        "1 some files failed (or --strict aborted), 2 imported with warnings."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="post files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen; write nothing"
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="stop at the first failure and roll back the whole import",
        )
        parser.add_argument(
            "--categories-status",
            choices=[Category.Status.APPROVED, Category.Status.PROPOSED],
            default=Category.Status.APPROVED,
            help="status of categories the import creates (default: approved)",
        )
        parser.add_argument(
            "--base-url",
            help="resolve site-relative image paths against this URL, e.g. https://blog.example.com",
        )
        parser.add_argument(
            "--fetch-images",
            action="store_true",
            help="download hero and body images (and read --site-root's) into media storage",
        )
        parser.add_argument(
            "--site-root",
            nargs="?",
            const="",
            metavar="DIR",
            help="the old site's folder: relative images are read from it; without DIR, "
            "the folder given as PATH (a site's folder is recognised by its _config.yml, "
            "config.toml or hugo.toml anyway)",
        )
        parser.add_argument(
            "--old-url-pattern",
            metavar="PATTERN",
            help="the old site's permalinks, e.g. /:year/:month/:day/:title.html (Jekyll's "
            "default) or /blog/:slug/; old addresses answer 301 to the new articles",
        )

    def handle(self, *args, **options):
        try:
            found = post_files_from_paths(options["paths"])
        except FileNotFoundError as error:
            raise CommandError(str(error)) from None
        total = len(found)
        verbosity = options["verbosity"]
        site_root = options["site_root"]
        if site_root == "":  # the flag alone: the folder imported
            site_root = options["paths"][0]
        if site_root is None:
            site_root = next((p for p in options["paths"] if is_site_root(Path(p))), None)
        if site_root is not None and not Path(site_root).is_dir():
            raise CommandError(f"{site_root}: no such folder")
        importer = PostImporter(
            ImportOptions(
                base_url=options["base_url"],
                categories_status=options["categories_status"],
                fetch_images=options["fetch_images"],
                site_root=Path(site_root) if site_root is not None else None,
                old_url_pattern=options["old_url_pattern"],
                dry_run=options["dry_run"],
                strict=options["strict"],
            )
        )
        progress = Progress(self.stderr, total, enabled=verbosity >= 1 and total >= 100)

        def on_result(result):
            if result.action == FAILED:
                progress.clear()
                self.stderr.write(self.style.ERROR(f"{result.path}: {result.message}"))
            elif verbosity >= 2:
                progress.clear()
                self.stdout.write(f"{result.path}: {result.action}")
            for warning in result.warnings:
                progress.clear()
                self.stderr.write(self.style.WARNING(f"{result.path}: {warning}"))
            progress.step()

        report = importer.run(read_post_files(found), on_result=on_result)
        progress.clear()
        rate = len(report.results) / report.seconds if report.seconds else 0
        summary = f"{report.summary()}. {len(report.results)} files in {report.seconds:.1f} s"
        if rate and total >= 100:
            summary += f" ({rate:.0f} files/s)"
        style = self.style.ERROR if report.failed else self.style.SUCCESS
        self.stdout.write(style(summary + "."))
        if report.aborted:
            raise CommandError("--strict: aborted at the first failure; nothing was written.")
        if report.failed:
            raise CommandError(f"{len(report.failed)} of {total} files failed to import.")
        self.exit_code = 2 if report.warned else 0

    def run_from_argv(self, argv):
        # Exit status 2: imported, with warnings to read (CommandError gives 1).
        self.exit_code = 0
        super().run_from_argv(argv)
        if self.exit_code:
            sys.exit(self.exit_code)


class Progress:
    """A one-line "1234/10000" counter on the terminal, redrawn at most 10 times a second."""

    def __init__(self, stream, total, *, enabled):
        self.stream, self.total, self.enabled = stream, total, enabled
        self.done, self.shown, self.drawn = 0, 0.0, False
        self.tty = enabled and getattr(stream, "isatty", lambda: False)()
        self.started = time.monotonic()

    def step(self):
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty and (now - self.shown >= 0.1 or self.done == self.total):
            self.stream.write(f"\r{self.line()}", ending="")
            self.stream.flush()
            self.shown, self.drawn = now, True
        elif not self.tty and self.done % max(self.total // 10, 100) == 0:
            self.stream.write(self.line())  # a log file gets a line per 10%

    def line(self):
        elapsed = time.monotonic() - self.started
        percent = 100 * self.done / self.total if self.total else 100
        return f"{self.done}/{self.total} files ({percent:.0f}%, {elapsed:.1f} s)"

    def clear(self):
        if self.drawn:
            self.stream.write("\r\033[K", ending="")
            self.drawn = False
            self.stream.flush()
