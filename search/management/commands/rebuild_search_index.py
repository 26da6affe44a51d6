import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from search import indexing


class Command(BaseCommand):
    help = (
        "Index every article again from scratch, then refresh the database's statistics. "
        "For after bulk loads that bypassed the index, or to repair it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        start = time.perf_counter()
        count = indexing.rebuild(using=database)
        seconds = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} articles in {seconds:.1f} s."))
