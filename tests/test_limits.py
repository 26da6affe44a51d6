"""Issue 9: no staff input makes the site do super-linear work, store a date it
cannot show, or write text a feed cannot carry; imports say in words when they
lose a race. Every hostile input is refused quickly, with a message naming
the limit."""

import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from articles import limits
from articles.forms import ArticleAdminForm
from articles.models import Article, AuditEvent, Category
from importing.importer import CONFLICT_MESSAGE, ImportOptions, PostFile, PostImporter

from .factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
QUICK = 1.0  # seconds: what a refusal may take

HOSTILE_HTML = {
    "ul li": "<ul><li>" * 20000,
    "dl dd": "<dl><dd>" * 20000,
    "div": "<div>" * 20000,
    "div with '<' in an attribute": '<div title="<">' * 20000,
    "formatting": "<b><i>" * 20000,
}
HOSTILE_MARKDOWN = {
    "open brackets": "[" * 8000,
    "open images": "![" * 8000,
    "reference brackets": "[a][" * 4000,
    "footnote brackets": "[^" * 8000,
    "angle links": "[x](<" * 4000,
}


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English; one test reads the Korean ones."""
    with translation.override("en"):
        yield


def test_the_limits_speak_korean_too():
    with translation.override("ko"), pytest.raises(ValidationError, match="100단계"):
        limits.check_body("<div>" * 200)


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    try:
        return function(*args, **kwargs)
    finally:
        assert time.perf_counter() - started < QUICK


def import_files(*files, **options):
    return PostImporter(ImportOptions(**options)).run([PostFile(p, d.encode()) for p, d in files])


def post(body: str, **front_matter) -> str:
    keys = {"title": "A post", **front_matter}
    head = "".join(f"{key}: {value}\n" for key, value in keys.items())
    return f"---\n{head}---\n\n{body}\n"


# 1. Bodies --------------------------------------------------------------------------


@pytest.mark.parametrize("body", HOSTILE_HTML.values(), ids=HOSTILE_HTML)
def test_a_shell_save_of_a_deeply_nested_body_is_refused_quickly(body):
    article = Article(title="Deep", body=body)
    with pytest.raises(ValidationError, match="100 deep"):
        timed(article.save)
    assert not Article.objects.exists()


def test_a_body_over_the_size_limit_is_refused_naming_the_limit(settings):
    settings.ARTICLE_BODY_MAX_BYTES = 10_000
    with pytest.raises(ValidationError, match="10,000 bytes"):
        timed(Article(title="Big", body="<p>text</p>" * 1000).save)
    Article(title="Fits", body="<p>text</p>" * 900).save()


@pytest.mark.parametrize("body", HOSTILE_HTML.values(), ids=HOSTILE_HTML)
def test_the_admin_form_refuses_a_deeply_nested_body_quickly(body):
    form = ArticleAdminForm(data={"title": "Deep", "status": "draft", "body": body})
    assert not timed(form.is_valid)
    assert "100 deep" in " ".join(form.errors["body"])


def test_the_admin_refuses_a_deeply_nested_body_with_a_message(client, editor):
    response = timed(
        client.post,
        reverse("admin:articles_article_add"),
        {"title": "Deep", "status": "draft", "body": HOSTILE_HTML["ul li"]},
    )
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("body", HOSTILE_HTML.values(), ids=HOSTILE_HTML)
def test_an_import_refuses_a_deeply_nested_body_quickly(body):
    report = timed(import_files, ("deep.html", post(body)))
    assert report.counts["failed"] == 1
    assert "100 deep" in report.results[0].message
    assert not Article.objects.exists()


@pytest.mark.parametrize("source", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN)
def test_an_import_refuses_markdown_that_would_render_in_quadratic_time(source):
    report = timed(import_files, ("brackets.md", post(source)))
    assert report.counts["failed"] == 1
    assert "brackets" in report.results[0].message


def test_an_import_refuses_markdown_over_its_size_limit(settings):
    settings.ARTICLE_MARKDOWN_MAX_BYTES = 1000
    report = import_files(("long.md", post("word " * 300)))
    assert "1,000 bytes" in report.results[0].message


def test_real_bodies_pass_the_limits():
    # Unclosed list items and paragraphs are closed by their successors, as
    # browsers do: a long list is not deep.
    html = "<ul>" + "<li>item" * 5000 + "</ul>" + "<p>para" * 5000
    nested = "<ul><li>" * 30 + "deep enough" + "</li></ul>" * 30
    Article(title="Long", body=html + nested).save()
    source = "Text with [a link](https://example.com) and (an aside) <b>x</b>.\n\n" * 2000
    report = import_files(("real.md", post(source)))
    assert report.counts["created"] == 1, report.results[0].message


def test_the_checks_themselves_are_linear():
    long_text = ("<div>" * 50 + "<p>text <b>bold</b></p>" + "</div>" * 50) * 1000
    assert limits.nesting_depth(long_text, 100) == 0
    timed(limits.nesting_depth, "<a" * 300_000, 100)
    timed(limits.nesting_depth, "<!--" * 300_000, 100)
    timed(limits.markdown_scan_cost, "[" * 300_000, 1_000_000)


# 2. Dates ---------------------------------------------------------------------------

OUT_OF_RANGE = {
    "year 10000 in Seoul": datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
    "year 0 in UTC": datetime(1, 1, 1, 0, 0, tzinfo=SEOUL),
}


@pytest.mark.parametrize("field", ["published_at", "expires_at"])
@pytest.mark.parametrize("moment", OUT_OF_RANGE.values(), ids=OUT_OF_RANGE)
def test_a_date_outside_years_1_to_9999_cannot_be_stored(field, moment):
    article = Article(title="Far", status="draft", **{field: moment})
    with pytest.raises(ValidationError) as full_clean:
        article.full_clean()
    assert field in full_clean.value.message_dict
    with pytest.raises(ValidationError, match="9999"):
        article.save()
    assert not Article.objects.exists()


@pytest.mark.parametrize("field", ["published_at", "expires_at"])
def test_the_admin_form_refuses_a_date_that_is_year_0_in_utc(field):
    data = {"title": "Far", "status": "draft", "body": "<p>x</p>"}
    data |= {f"{field}_0": "0001-01-01", f"{field}_1": "00:00:00", field: "0001-01-01 00:00:00"}
    form = ArticleAdminForm(data=data)
    assert not form.is_valid()
    assert "9999" in " ".join(form.errors[field])


@pytest.mark.parametrize(
    "name, front_matter",
    [
        ("far.md", {"date": "9999-12-31 23:00 +0000"}),
        ("far.md", {"date": "9999-12-31 12:00 -1200"}),
        ("near.md", {"date": "0001-01-01 00:00"}),
        ("0001-01-01-near.md", {}),
    ],
)
def test_an_import_refuses_a_date_outside_years_1_to_9999(name, front_matter):
    report = import_files((name, post("text", **front_matter)))
    assert report.counts["failed"] == 1
    assert "9999" in report.results[0].message
    assert not Article.objects.exists()


def test_pages_show_the_extreme_dates_that_can_be_stored(client):
    """The last and first instants that are years 1-9999 both in UTC and in Seoul:
    the admin list, its date drill-down, change forms, previews and every public
    surface show them (no 500)."""
    latest = datetime(9999, 12, 31, 14, 59, 59, tzinfo=UTC)  # 23:59:59 in Seoul
    earliest = datetime(1, 1, 1, 0, 0, tzinfo=UTC)  # 09:00 in Seoul
    category = make_category()
    scheduled = make_article(published_at=latest, expires_at=latest, categories=[category])
    old = make_article(published_at=earliest, categories=[category])
    expired = make_article(published_at=earliest, expires_at=earliest + timedelta(hours=1))
    client.force_login(make_user(superuser=True))
    changelist = reverse("admin:articles_article_changelist")
    urls = [
        changelist,
        changelist + "?published_at__year=9999",
        changelist + "?published_at__year=1",
        changelist + "?published_at__year=9999&published_at__month=12",
    ]
    for article in (scheduled, old, expired):
        urls += [
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:articles_article_history", args=[article.pk]),
            article.get_absolute_url(),  # a preview for staff
        ]
    for url in urls:
        assert client.get(url).status_code in (200, 302, 410), url
    client.logout()
    public = [
        "/",
        old.get_absolute_url(),
        category.get_absolute_url(),
        reverse("articles:archive"),
        reverse("articles:feed"),
        reverse("articles:atom_feed"),
        reverse("articles:sitemap"),
        reverse("articles:news_sitemap"),
    ]
    for url in public:
        assert client.get(url).status_code == 200, url


# 3. Control characters --------------------------------------------------------------

CONTROL = "\x01\x08\x0b\x1f\ufffe"
ARTICLE_TEXT_FIELDS = [
    "title", "excerpt", "feature_text", "byline", "hero_image_alt", "hero_image_url",
]  # fmt: skip


def test_saving_drops_control_characters_from_every_text_a_feed_carries():
    article = make_article(**{name: f"text{CONTROL}here" for name in ARTICLE_TEXT_FIELDS})
    article.refresh_from_db()
    for name in ARTICLE_TEXT_FIELDS:
        assert getattr(article, name) == "texthere", name
    category = make_category(name=f"Cat{CONTROL}", description=f"About{CONTROL}")
    category.refresh_from_db()
    assert (category.name, category.description) == ("Cat", "About")


def test_an_imported_hero_image_url_loses_its_control_characters():
    report = import_files(("img.html", post("<p>x</p>", image='"https://img.example/a\\x01.jpg"')))
    assert report.counts["created"] == 1, report.results[0].message
    assert "\x01" not in Article.objects.get().hero_image_url


def test_feeds_sitemaps_and_pages_stay_valid_with_control_characters_everywhere(client):
    """Rows written around save() (raw SQL, QuerySet.update, an author's name)
    can still hold them: no surface breaks."""
    category = make_category(slug="cat")
    author = make_user(first_name=f"Hong{CONTROL}", last_name=f"Gil{CONTROL}")
    article = make_article(categories=[category], author=author, byline="")
    Article.objects.filter(pk=article.pk).update(
        **{name: f"x{CONTROL}y" for name in ARTICLE_TEXT_FIELDS if name != "byline"}
    )
    Category.objects.filter(pk=category.pk).update(
        name=f"Cat{CONTROL}", description=f"About{CONTROL}"
    )
    make_article(byline=f"Desk{CONTROL}")  # the byline, beside the author's name above
    xml_urls = [
        reverse("articles:feed"),
        reverse("articles:atom_feed"),
        reverse("articles:category_feed", kwargs={"slug": "cat"}),
        reverse("articles:sitemap"),
        reverse("articles:sitemap_section", kwargs={"section": "articles"}),
        reverse("articles:sitemap_section", kwargs={"section": "categories"}),
        reverse("articles:sitemap_section", kwargs={"section": "tags"}),
        reverse("articles:sitemap_section", kwargs={"section": "people"}),
        reverse("articles:news_sitemap"),
    ]
    for url in xml_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        ET.fromstring(response.content)  # well-formed XML
    for url in ["/", article.get_absolute_url(), category.get_absolute_url()]:
        assert client.get(url).status_code == 200, url


# 4. Categories an import creates ------------------------------------------------


def test_categories_created_by_the_command_are_approved_by_nobody_and_audited():
    import_files(("a.md", post("x", categories="[Fresh]")))
    category = Category.objects.get(name="Fresh")
    assert category.proposed_by is None
    events = AuditEvent.objects.filter(category=category).order_by("pk")
    assert [(e.action, e.actor, e.detail) for e in events] == [
        ("proposed", None, "import"),
        ("approved", None, "import"),
    ]


def test_categories_created_by_a_writers_import_are_proposed_by_them():
    writer = make_user(role="writer")
    import_files(
        ("a.md", post("x", categories="[Fresh]")),
        actor=writer,
        categories_status=Category.Status.PROPOSED,
        can_publish=False,
    )
    category = Category.objects.get(name="Fresh")
    assert (category.status, category.proposed_by) == ("proposed", writer)
    events = AuditEvent.objects.filter(category=category)
    assert [(e.action, e.actor) for e in events] == [("proposed", writer)]


# 5. Concurrent imports -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_the_same_posts_both_succeed_in_words(monkeypatch):
    """Both plan against the same empty database, then write at once: the loser
    meets the winner's unique rows, reads them and tries once more."""
    files = [
        (f"post-{n}.md", post(f"Body {n}.", slug=f"post-{n}", categories="[Shared]"))
        for n in range(6)
    ]
    barrier = threading.Barrier(2, timeout=30)
    original = PostImporter._load_existing
    waited = threading.local()

    def load_then_wait(self, batch):
        original(self, batch)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()

    monkeypatch.setattr(PostImporter, "_load_existing", load_then_wait)
    reports, errors = [], []

    def run():
        try:
            reports.append(import_files(*files))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert len(reports) == 2
    for report in reports:
        for result in report.results:
            assert result.action in ("created", "unchanged", "updated"), result.message
    assert Article.objects.count() == 6
    assert Category.objects.filter(name="Shared").count() == 1


def test_a_file_that_loses_twice_is_reported_in_words(monkeypatch):
    from django.db import IntegrityError

    def refuse(self, plans):
        raise IntegrityError('duplicate key value violates unique constraint "articles_slug_key"')

    monkeypatch.setattr(PostImporter, "_write", refuse)
    report = import_files(("a.md", post("x")))
    assert report.results[0].message == CONFLICT_MESSAGE
    assert "constraint" not in report.results[0].message
