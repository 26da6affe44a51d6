from django.core.management.base import BaseCommand

from images import renditions
from images.models import Image


class Command(BaseCommand):
    help = (
        "Make the common renditions of every library image that lacks some (e.g. heroes "
        "moved into the library by migration 0011), so readers never wait for the first one."
    )

    def handle(self, *args, **options):
        made = 0
        for image in Image.objects.with_renditions().iterator(chunk_size=100):
            wanted = set(renditions.common_specs(image))
            have = {(r.spec, r.format) for r in image.renditions.all()}
            if wanted - have:
                renditions.make_common(image)
                made += 1
        self.stdout.write(f"{made} images given their renditions")
