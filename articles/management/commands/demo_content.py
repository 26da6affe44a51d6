from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from importing.importer import import_posts, post_files_from_paths, read_post_files

DEMO_POSTS = settings.BASE_DIR / "demo" / "posts"


class Command(BaseCommand):
    help = "Import the project's demo posts (demo/posts/) when the database has no articles."

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("Articles exist; demo content skipped.")
            return
        report = import_posts(read_post_files(post_files_from_paths([DEMO_POSTS])))
        for result in report.failed:
            self.stderr.write(f"{result.path}: {result.message}")
        if report.failed:
            raise CommandError(f"Demo content: {report.summary()}.")
        self.stdout.write(self.style.SUCCESS(f"Demo content imported: {report.summary()}."))
