# Imports wrote articles in bulk without filling `body_images` (the library
# images a body shows, which the image admin refuses to delete): fill it for
# every article whose body shows one.

import re

from django.db import migrations

IMAGE_ID = re.compile(r'data-image-id="(\d{1,18})"')


def link_body_images(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("images", "Image")
    Link = Article.body_images.through
    db = schema_editor.connection.alias
    shown = {
        pk: {int(found) for found in IMAGE_ID.findall(body)}
        for pk, body in Article.objects.using(db)
        .filter(body__contains="data-image-id=")
        .values_list("pk", "body")
        .iterator()
    }
    known = set(Image.objects.using(db).values_list("pk", flat=True))
    linked = set(Link.objects.using(db).values_list("article_id", "image_id"))
    Link.objects.using(db).bulk_create(
        [
            Link(article_id=pk, image_id=image_id)
            for pk, ids in shown.items()
            for image_id in sorted(ids & known)
            if (pk, image_id) not in linked
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0016_search_indexes_bylines_and_tags"),
        ("images", "0002_rendition_names"),
    ]

    operations = [migrations.RunPython(link_body_images, migrations.RunPython.noop)]
