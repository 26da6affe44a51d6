from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Article, Category


class Command(BaseCommand):
    help = "Create a little demo content when the database has no articles."

    def handle(self, *args, **options):
        if Article.objects.exists():
            self.stdout.write("Articles exist; demo content skipped.")
            return
        news, _ = Category.objects.get_or_create(
            name="뉴스", defaults={"status": Category.Status.APPROVED}
        )
        article = Article.objects.create(
            title="Newsroom에 오신 것을 환영합니다",
            excerpt="관리자 화면에서 기사를 쓰고 발행해 보세요.",
            body="<p>이 기사는 데모 콘텐츠입니다.</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        article.categories.add(news)
        self.stdout.write(self.style.SUCCESS("Demo content created."))
