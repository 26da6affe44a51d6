from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from demo import loading


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (demo/posts/: Korean stories in eight sections, with "
        "generated images, a front page and readership) into a database without articles."
    )

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("Articles exist; demo content skipped.")
            return
        report = loading.load(fresh=True)
        for result in report.failed:
            self.stderr.write(f"{result.path}: {result.message}")
        if report.failed:
            raise CommandError(f"Demo content: {report.summary()}.")
        self.stdout.write(self.style.SUCCESS(f"Demo content imported: {report.summary()}."))
