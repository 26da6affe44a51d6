from django.core.management.base import BaseCommand

from articles import visibility
from search.indexing import refresh_statistics


class Command(BaseCommand):
    help = (
        "Recompute the derived visibility data (Article.listed and the category "
        "listings) from the articles, their categories and moderation, then refresh "
        "the database's statistics. Run after loading data with raw SQL."
    )

    def handle(self, *args, **options):
        rows = visibility.rebuild_all()
        refresh_statistics()
        self.stdout.write(f"{rows} category listing rows; statistics refreshed")
