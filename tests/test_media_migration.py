"""Migration 0011 moves uploaded hero files into the image library without
copying them, keeps external hero URLs and the per-article alt text."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .factories import image_bytes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0010_tags_and_revised_at"), ("images", "0001_initial")]
AFTER = [("articles", "0011_hero_from_image_library")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def back_to_the_latest_schema():
    yield
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_hero_files_become_library_images_without_copies():
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    data = image_bytes("PNG", (30, 20))
    name = default_storage.save("heroes/2026/11/old.png", ContentFile(data))
    common = {"body": "", "status": "draft", "front_matter": {}}
    one = Article.objects.create(
        title="a", slug="a", hero_image=name, hero_image_width=30, hero_image_height=20,
        hero_image_alt="옛 사진", **common,
    )  # fmt: skip
    two = Article.objects.create(
        title="b", slug="b", hero_image=name, hero_image_width=30, hero_image_height=20, **common
    )
    three = Article.objects.create(
        title="c", slug="c", hero_image_url="https://img.example.com/c.jpg", **common
    )
    gone = Article.objects.create(
        title="d", slug="d", hero_image="heroes/missing.png", hero_image_width=1,
        hero_image_height=1, **common,
    )  # fmt: skip
    files_before = default_storage.listdir("heroes/2026/11")[1]

    apps = migrate(AFTER)
    Article = apps.get_model("articles", "Article")
    Image = apps.get_model("images", "Image")
    image = Image.objects.get()
    assert image.file.name == name  # the stored name, reused
    assert image.content_hash == hashlib.sha256(data).hexdigest()
    assert (image.width, image.height, image.alt) == (30, 20, "옛 사진")
    assert default_storage.listdir("heroes/2026/11")[1] == files_before
    assert not default_storage.exists("images")
    assert Article.objects.get(pk=one.pk).hero_id == image.pk
    assert Article.objects.get(pk=two.pk).hero_id == image.pk
    assert Article.objects.get(pk=one.pk).hero_image_alt == "옛 사진"
    assert Article.objects.get(pk=three.pk).hero_image_url == "https://img.example.com/c.jpg"
    assert Article.objects.get(pk=three.pk).hero_id is None
    assert Article.objects.get(pk=gone.pk).hero_image_url.endswith("heroes/missing.png")

    migrate(BEFORE)  # and back
    Article = migrate(BEFORE) and MigrationExecutor(connection).loader.project_state(
        BEFORE
    ).apps.get_model("articles", "Article")
    assert Article.objects.get(pk=one.pk).hero_image == name
    migrate([("articles", "0011_hero_from_image_library")])


def test_bodies_imported_before_0017_get_their_body_images_and_0016_indexes_names():
    apps = migrate([("articles", "0015_audit_actions_merged"), ("people", "0002_sort_name_help")])
    Article, Image = apps.get_model("articles", "Article"), apps.get_model("images", "Image")
    Person, Byline = apps.get_model("people", "Person"), apps.get_model("articles", "Byline")
    name = default_storage.save("images/originals/body.png", ContentFile(image_bytes("PNG")))
    image = Image.objects.create(file=name, content_hash="0" * 64, width=10, height=10)
    body = f'<p><img src="/media/{name}" alt="그림" data-image-id="{image.pk}"></p>'
    imported = Article.objects.create(
        title="옮겨온 기사", slug="moved", body=body, status="draft", front_matter={}
    )
    stray = f'<p><img src="/x.png" alt="" data-image-id="{image.pk + 99}"></p>'
    Article.objects.create(title="b", slug="b", body=stray, status="draft", front_matter={})
    reporter = Person.objects.create(name="최민지", slug="choi", kind="person")
    Byline.objects.create(article=imported, person=reporter, position=0)

    apps = migrate([("articles", "0017_body_images_of_imported_articles")])
    Article = apps.get_model("articles", "Article")
    Link = Article.body_images.through
    assert list(Link.objects.values_list("article_id", "image_id")) == [(imported.pk, image.pk)]
    SearchDocument = apps.get_model("search", "SearchDocument")
    (document,) = SearchDocument.objects.filter(article_id=imported.pk).values_list(
        "body", flat=True
    )
    assert "최민" in document  # the byline's name, as bigrams
