from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from articles.models import Article
from importing.importer import export_posts


class Command(BaseCommand):
    help = "Export articles as front-matter posts (YYYY-MM-DD-<slug>.md or .html) into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--status", choices=Article.Status.values, help="only articles with this status"
        )
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            metavar="NAME_OR_SLUG",
            help="only articles in this category (repeat for several)",
        )

    def handle(self, *args, directory, status, category, **options):
        target = Path(directory)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} exists and is not a folder.")
        articles = Article.objects.order_by("published_at", "pk")
        if status:
            articles = articles.filter(status=status)
        if category:
            articles = articles.filter(
                Q(categories__name__in=category) | Q(categories__slug__in=category)
            ).distinct()
        written = export_posts(target, articles)
        self.stdout.write(self.style.SUCCESS(f"{len(written)} articles exported to {target}."))
