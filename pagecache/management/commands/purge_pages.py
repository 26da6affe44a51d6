from django.core.management.base import BaseCommand

import pagecache


class Command(BaseCommand):
    help = (
        "Drop every cached page (and purge the CDN when PAGE_CACHE_PURGE_URL is set). "
        "Run it after a deploy that changes templates or settings."
    )

    def handle(self, *args, **options):
        pagecache.purge()
        self.stdout.write("Every cached page was dropped.")
