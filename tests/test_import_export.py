"""The import_posts and export_posts commands, on real files and the real database."""

import os
import shutil
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image

from articles import services, visibility
from articles.models import Article, AuditEvent, Category, CategoryListing
from articles.sanitize import sanitize_html
from importing import importer as imports
from importing import posts
from importing.importer import (
    CONFLICT_MESSAGE,
    ImportOptions,
    PostImporter,
    post_files_from_paths,
    read_post_files,
)

from .factories import image_bytes, make_article, make_category

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "posts"
BROKEN = FIXTURES / "broken"
GOOD_COUNT = len(list(GOOD.iterdir()))
# The issue's reference samples live next to the repository (read-only).
# The workplace's reference posts (read-only, beside the repository). A clone
# elsewhere points NEWSROOM_SAMPLES at them.
SAMPLES = Path(os.environ.get("NEWSROOM_SAMPLES", settings.BASE_DIR.parent / "shared" / "samples"))


def run(command, *args):
    """(stdout, stderr, CommandError or None) of a management command."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def import_ok(*args):
    out, err, error = run("import_posts", *args)
    assert error is None, err
    return out


def by_source(path: str) -> Article:
    return Article.objects.get(source_id=f"path:{path}")


def test_a_reimport_follows_merges_and_leaves_out_retired_categories(tmp_path):
    post = tmp_path / "story.html"
    post.write_text("---\ntitle: 기사\ncategories: [뉴스, 경제, 옛분야]\n---\n<p>본문</p>\n")
    import_ok(post)
    news, economy, old = (Category.objects.get(name=n) for n in ("뉴스", "경제", "옛분야"))
    politics = Category.objects.create(name="정치", status=Category.Status.APPROVED)
    services.category_merge(source=news, target=politics)
    services.category_retire(category=old)
    post.write_text("---\ntitle: 기사\ncategories: [뉴스, 경제, 옛분야]\n---\n<p>고친 본문</p>\n")
    out, err, error = run("import_posts", post)
    assert error is None and "0 created, 1 updated" in out
    assert "story.html: category '옛분야' is retired: left out" in err
    article = by_source("story.html")
    assert set(article.categories.all()) == {politics, economy}
    assert article in Article.objects.published()


def test_a_reimport_that_renames_a_public_article_redirects_its_old_address(client, tmp_path):
    post = tmp_path / "story.html"
    post.write_text("---\ntitle: 기사\nslug: old-address\npermalink: /p/1/\n---\n<p>본문</p>\n")
    import_ok(post)
    post.write_text("---\ntitle: 기사\nslug: new-address\npermalink: /p/1/\n---\n<p>본문</p>\n")
    import_ok(post)
    response = client.get(reverse("articles:detail", kwargs={"slug": "old-address"}))
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:detail", kwargs={"slug": "new-address"})


def test_publishing_and_unpublishing_by_import_is_audited(tmp_path):
    post = tmp_path / "story.html"
    post.write_text("---\ntitle: 기사\ndate: 2024-06-02\n---\n<p>본문</p>\n")
    import_ok(post)
    import_ok(post)  # unchanged: no new event
    post.write_text("---\ntitle: 기사\ndate: 2024-06-02\npublished: false\n---\n<p>본문</p>\n")
    import_ok(post)
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "detail", "actor"))
    assert events == [("published", "import", None), ("unpublished", "import", None)]


# The issue's four samples -------------------------------------------------------


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not there")
def test_the_four_sample_posts_import_as_the_issue_says(client):
    names = [
        "000_a5f9b4c1693a4473.txt",
        "2024-06-02-ai-chip-innovation-center.html",
        "2024-06-10-fab-water-usage.md",
        "2024-06-15-draft-export-controls.html",
    ]
    out = import_ok(*(SAMPLES / name for name in names))
    assert "4 created, 0 updated, 0 unchanged, 0 failed" in out

    mou = by_source(names[0])
    assert mou.title == "한미 반도체 협력 MOU R&D 및 인력양성 협력 기회 모색"
    assert mou.slug == "한미-반도체-협력-mou-rd-및-인력양성-협력-기회-모색"
    assert list(mou.categories.values_list("name", flat=True)) == ["News"]
    assert mou.excerpt.startswith("한미 반도체 협력 포럼이 워싱턴 D.C.에서 열렸다.")
    assert mou.excerpt.endswith("지원될 예정이다.")
    assert mou.feature_text == mou.excerpt
    assert mou.hero_image_url == "https://www.behealthy4u.com/wp-content/uploads/2024/06/news.jpg"
    assert mou.status == "published"
    assert abs((mou.published_at - mou.created_at).total_seconds()) < 60  # time of import
    assert "<table>" in mou.body and "<td><b>반도체 공급망 강화 노력</b></td>" in mou.body
    # The hero is shown above the body: its copy as the body's first image is dropped.
    assert "news.jpg" not in mou.body
    assert mou.body.endswith(
        '생생한 뉴스, <a href="https://opensis.kr" rel="dofollow">opensis.kr</a>'
    )

    center = by_source(names[1])
    assert center.title == "AI반도체 혁신센터, 실리콘밸리에 문 연다"
    assert center.slug == "ai반도체-혁신센터-실리콘밸리에-문-연다"
    assert sorted(center.categories.values_list("name", flat=True)) == ["News", "반도체"]
    assert center.published_at.isoformat() == "2024-06-02T00:30:00+00:00"
    assert center.hero_image_url == "https://media.example.org/2024/06/ai-chip-center.jpg"
    assert "<th>단계</th>" in center.body
    assert 'alt="센터 평면도" width="640" height="360"' in center.body

    water = by_source(names[2])
    assert water.title == "Fabs and water: how chipmakers plan for drought"
    assert water.slug == "fabs-and-water-how-chipmakers-plan-for-drought"
    assert sorted(water.categories.values_list("name", flat=True)) == ["Analysis", "Supply Chain"]
    assert water.published_at.isoformat() == "2024-06-09T15:00:00+00:00"  # midnight in Seoul
    assert water.byline == "Editorial Desk"
    assert water.hero_image_url == "/uploads/2024/06/fab-water.jpg"
    assert water.feature_text.startswith("A single large fab can draw")
    assert "<td>Taiwan</td>" in water.body and "<blockquote>" in water.body
    assert water.front_matter["tags"] == ["water", "sustainability"]

    draft = by_source(names[3])
    assert draft.status == "draft"
    assert draft.title == "수출 통제 강화, 장비 업계 영향은?"
    assert list(draft.categories.values_list("name", flat=True)) == ["정책"]
    assert draft.feature_text.endswith("업계는 대체 시장 발굴에 나섰다.")
    assert draft.hero_image_url == ""
    assert set(Article.objects.published()) == {mou, center, water}
    assert client.get(reverse("articles:detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("articles:detail", args=[center.slug])).status_code == 200

    out = import_ok(*(SAMPLES / name for name in names))
    assert "0 created, 0 updated, 4 unchanged, 0 failed" in out


# Our own fixtures -----------------------------------------------------------------


def test_fixture_posts_import_with_every_kind_of_input():
    out = import_ok(GOOD)
    assert f"{GOOD_COUNT} created, 0 updated, 0 unchanged, 0 failed" in out

    html = Article.objects.get(source_id="permalink:/2024/03/01/chip-equipment-exports/")
    assert "<script>" not in html.body and "style=" not in html.body
    assert "onerror" not in html.body
    assert html.body.endswith(
        '자료: 한국무역협회, <a href="https://www.kita.net" rel="nofollow">kita.net</a>'
    )
    assert (
        html.excerpt == "반도체 장비 수출이 1분기 사상 최대를 기록했다. 대만과 미국 수요가 늘었다."
    )
    assert html.feature_text == "첫 줄의 리드 문장.\n둘째 줄도 그대로 남는다."
    assert html.front_matter["seo"] == {"description": "1분기 반도체 장비 수출 동향",
                                        "keywords": ["장비", "수출"]}  # fmt: skip

    markdown = Article.objects.get(source_id="slug:fabs-and-water")
    assert markdown.slug == "fabs-and-water"
    assert markdown.body_format == "markdown"
    assert (
        '<div class="note">' not in markdown.body
        and "<p>Raw HTML blocks pass through.</p>" in (markdown.body)
    )
    assert "<pre><code>recycled = intake * 0.7" in markdown.body
    assert '<img src="https://cdn.example.org/water.png" alt="the chart">' in markdown.body

    draft = by_source("2024-05-05-filename-date-draft.txt")
    assert draft.status == "draft"
    assert draft.published_at.isoformat() == "2024-05-04T15:00:00+00:00"

    crlf = by_source("bom-crlf.md")
    assert crlf.title == "UTF-8 with a byte-order mark and CRLF line endings"
    assert "\r" not in crlf.body and "<strong>CRLF</strong>" in crlf.body

    legacy = by_source("cp949-korean.html")
    assert legacy.title == "레거시 인코딩으로 저장된 기사"
    assert "광복절 기념식이" in legacy.body
    assert legacy.published_at.isoformat() == "2024-08-15T01:00:00+00:00"

    odd = by_source("yaml-oddities.md")
    assert odd.title == "1984"
    assert odd.front_matter["updated"] == "2024-10-02"
    assert odd.front_matter["draft_note"] is None


def test_two_posts_with_the_same_title_get_different_slugs():
    import_ok(GOOD)
    one, two = by_source("same-title-one.html"), by_source("same-title-two.html")
    assert one.title == two.title
    assert {one.slug, two.slug} == {"same-title-different-posts", "same-title-different-posts-2"}


def test_reimporting_changes_nothing_and_says_so():
    import_ok(GOOD)
    before = {a.pk: (a.version, a.updated_at, a.published_at) for a in Article.objects.all()}
    out = import_ok(GOOD)
    assert f"0 created, 0 updated, {GOOD_COUNT} unchanged, 0 failed" in out
    after = {a.pk: (a.version, a.updated_at, a.published_at) for a in Article.objects.all()}
    assert after == before


def test_a_changed_post_updates_the_same_article_matched_by_source_not_title(tmp_path):
    post = tmp_path / "story.html"
    post.write_text("---\ntitle: First title\ncategories: [A]\n---\n<p>One.</p>\n")
    import_ok(post)
    article = by_source("story.html")
    post.write_text("---\ntitle: Second title\ncategories: [B]\n---\n<p>Two.</p>\n")
    out = import_ok(post)
    assert "0 created, 1 updated" in out
    article.refresh_from_db()
    assert Article.objects.count() == 1
    assert (article.title, article.body, article.slug) == (
        "Second title",
        "<p>Two.</p>",
        "first-title",
    )
    assert list(article.categories.values_list("name", flat=True)) == ["B"]


BROKEN_CASES = {
    "bad-yaml.md": "line 4: invalid YAML in the front matter: did not find expected ',' or ']'",
    "no-front-matter.html": "no front matter",
    "invalid-date.md": "invalid date '2024-13-45'",
    "not-utf8.html": "not UTF-8",
    "title-too-long.md": "title longer than 200 characters",
    "unclosed-front-matter.md": "never closed",
}


def test_every_broken_case_has_a_fixture():
    assert sorted(BROKEN_CASES) == sorted(path.name for path in BROKEN.iterdir())


@pytest.mark.parametrize(("name", "reason"), BROKEN_CASES.items())
def test_a_broken_file_is_reported_writes_nothing_and_the_others_import(tmp_path, name, reason):
    folder = tmp_path / "posts"
    shutil.copytree(GOOD, folder)
    shutil.copy(BROKEN / name, folder / name)
    out, err, error = run("import_posts", folder)
    assert f"{name}: " in err and reason in err
    assert f"{GOOD_COUNT} created, 0 updated, 0 unchanged, 1 failed" in out
    assert error is not None  # manage.py exits with status 1
    assert Article.objects.count() == GOOD_COUNT
    assert not Article.objects.filter(source_id=f"path:{name}").exists()
    assert not Category.objects.filter(name__in=["Orphaned Category", "Never Created"]).exists()


def test_all_broken_files_at_once():
    out, err, error = run("import_posts", BROKEN)
    assert f"0 created, 0 updated, 0 unchanged, {len(BROKEN_CASES)} failed" in out
    assert str(error) == f"{len(BROKEN_CASES)} of {len(BROKEN_CASES)} files failed to import."
    assert Article.objects.count() == 0


def test_dry_run_reports_the_same_and_writes_nothing():
    out, err, error = run("import_posts", GOOD, BROKEN, "--dry-run")
    assert f"{GOOD_COUNT} created, 0 updated, 0 unchanged, {len(BROKEN_CASES)} failed" in out
    assert "dry run" in out and error is not None
    assert Article.objects.count() == 0 and Category.objects.count() == 0


def test_strict_aborts_everything_on_the_first_failure(tmp_path):
    folder = tmp_path / "posts"
    shutil.copytree(GOOD, folder)
    shutil.copy(BROKEN / "invalid-date.md", folder / "zz-invalid-date.md")
    out, err, error = run("import_posts", folder, "--strict")
    assert error is not None and "Aborted" in out and "nothing was written" in out
    assert "created" not in out  # nothing was
    assert "zz-invalid-date.md: invalid date" in err
    assert Article.objects.count() == 0 and Category.objects.count() == 0


def test_new_categories_are_approved_or_held_for_moderation():
    make_category(name="경제", status=Category.Status.RETIRED)
    import_ok(GOOD, "--categories-status", "proposed")
    assert Category.objects.get(name="Markets").status == "proposed"
    assert Category.objects.get(name="경제").status == "retired"  # existing ones untouched
    Category.objects.all().delete()
    Article.objects.all().delete()
    import_ok(GOOD)
    assert set(Category.objects.values_list("status", flat=True)) == {"approved"}


def test_site_relative_images_resolve_against_the_base_url():
    import_ok(GOOD / "markdown-everything.md", "--base-url", "https://old.example.com")
    article = Article.objects.get()
    assert article.hero_image_url == "https://old.example.com/uploads/2024/06/fab-water.jpg"


def test_missing_paths_are_a_command_error(tmp_path):
    _, _, error = run("import_posts", tmp_path / "nope")
    assert "no such file or folder" in str(error)


def test_large_imports_show_progress(tmp_path):
    for n in range(150):
        (tmp_path / f"post-{n:03d}.md").write_text(f"---\ntitle: Post {n}\n---\nBody {n}.\n")
    out, err, error = run("import_posts", tmp_path)
    assert error is None
    assert "100/150 files (67%" in err
    assert "150 created" in out and "files/s" in out


# Export and round trips ---------------------------------------------------------

FIELDS = [
    "title", "slug", "excerpt", "feature_text", "hero_image_url", "byline", "status",
    "published_at", "body", "body_format", "body_source",
]  # fmt: skip


def snapshot():
    """Every article's fields, and the front matter keys without a field, by slug."""
    result = {}
    for article in Article.objects.prefetch_related("categories"):
        values = {name: getattr(article, name) for name in FIELDS}
        values["categories"] = sorted(c.name for c in article.categories.all())
        values["extra"] = {
            key: value
            for key, value in article.front_matter.items()
            if key not in posts.KNOWN_KEYS and key != posts.META_KEY
        }
        result[article.slug] = values
    return result


def test_import_export_import_into_an_empty_database_gives_the_same_articles(tmp_path):
    import_ok(GOOD)
    first = snapshot()
    out, _, error = run("export_posts", tmp_path / "out")
    assert error is None and f"{GOOD_COUNT} articles exported" in out
    Article.objects.all().delete()
    Category.objects.all().delete()
    import_ok(tmp_path / "out")
    assert snapshot() == first


def test_reimporting_an_export_into_the_same_database_makes_no_copies(tmp_path):
    import_ok(GOOD)
    ids = set(Article.objects.values_list("pk", flat=True))
    run("export_posts", tmp_path)
    first = snapshot()
    out = import_ok(tmp_path)
    assert out.startswith("0 created,") and ", 0 failed" in out
    assert set(Article.objects.values_list("pk", flat=True)) == ids
    assert snapshot() == first
    # The original files still find their articles afterwards.
    assert import_ok(GOOD).startswith("0 created,")
    assert set(Article.objects.values_list("pk", flat=True)) == ids


def test_export_gives_back_the_original_front_matter_and_an_equivalent_body(tmp_path):
    import_ok(GOOD)
    run("export_posts", tmp_path)
    for original in GOOD.iterdir():
        article = _article_for(original)
        exported = next(tmp_path.glob(f"*-{article.slug}.*"))
        before = posts.read_post(original.read_bytes(), original.name)
        after = posts.read_post(exported.read_bytes(), exported.name)
        for key, value in before.front_matter.items():
            assert after.front_matter[key] == value, (original.name, key)
        assert list(after.front_matter)[: len(before.front_matter)] == list(before.front_matter)
        assert _html(before) == _html(after), original.name
        assert after.body_format == before.body_format


def _article_for(path: Path) -> Article:
    post = posts.read_post(path.read_bytes(), path.name)
    return Article.objects.get(source_id=posts.source_identity(post.front_matter, path.name))


def _html(post: posts.Post) -> str:
    body = posts.render_markdown(post.body) if post.body_format == "markdown" else post.body
    return sanitize_html(body)


def test_exported_files_are_named_by_date_and_slug(tmp_path):
    import_ok(GOOD / "markdown-everything.md", GOOD / "2024-03-01-html-everything.html")
    run("export_posts", tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "2024-03-01-반도체-장비-수출-1분기-사상-최대.html",
        "2024-06-10-fabs-and-water.md",
    ]
    text = (tmp_path / "2024-06-10-fabs-and-water.md").read_text()
    assert text.startswith("---\ntitle: 'Fabs and water: planning for drought'\nslug: fabs-and")
    assert "date: 2024-06-10\n" in text and "categories: Analysis\n" in text


def test_edits_made_in_the_cms_win_over_the_original_values(tmp_path):
    import_ok(GOOD / "markdown-everything.md")
    article = Article.objects.get()
    article.title = "Edited title"
    article.body = "<p>Rewritten in the editor.</p>"
    article.status = Article.Status.DRAFT
    article.save()
    article.categories.set([make_category(name="Opinion")])
    run("export_posts", tmp_path)
    exported = next(tmp_path.iterdir())
    assert exported.suffix == ".html"  # the Markdown no longer matches the body
    post = posts.read_post(exported.read_bytes(), exported.name)
    assert post.front_matter["title"] == "Edited title"
    assert post.front_matter["published"] is False
    assert post.front_matter["categories"] == ["Opinion"]
    assert post.front_matter["tags"] == ["water", "sustainability"]
    assert post.body == "<p>Rewritten in the editor.</p>"


def test_articles_written_in_the_cms_export_too(tmp_path):
    make_category(name="뉴스")
    article = Article.objects.create(
        title="편집국에서 쓴 기사", body="<p>본문</p>", status="published", byline="편집국"
    )
    article.categories.set(Category.objects.all())
    run("export_posts", tmp_path)
    post = posts.read_post(next(tmp_path.iterdir()).read_bytes(), "x.html")
    assert post.front_matter["title"] == "편집국에서 쓴 기사"
    assert post.front_matter["categories"] == ["뉴스"]
    assert post.front_matter["author"] == "편집국"
    assert posts.parse_date(post.front_matter["date"]) == article.published_at


def test_export_filters_by_status_and_category(tmp_path):
    import_ok(GOOD)
    run("export_posts", tmp_path / "drafts", "--status", "draft")
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == [
        "2024-05-05-파일-이름의-날짜를-쓰는-초안.html"
    ]
    run("export_posts", tmp_path / "cat", "--category", "Analysis", "--category", "tech")
    assert sorted(p.name for p in (tmp_path / "cat").iterdir()) == [
        "2024-06-10-fabs-and-water.md",
        "2024-07-01-utf-8-with-a-byte-order-mark-and-crlf-line-endings.md",
    ]


# --fetch-images ----------------------------------------------------------------


class QuietHandler(SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/slow.png":
            time.sleep(3)  # longer than the import's timeout: a stalled server
        super().do_GET()

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the importer hangs up on files that are too large: expected


@pytest.fixture
def image_server(tmp_path, settings):
    root = tmp_path / "www"
    root.mkdir()
    (root / "hero.jpg").write_bytes(image_bytes("JPEG", (40, 20)))
    (root / "inline.png").write_bytes(image_bytes("PNG", (16, 16)))
    (root / "slow.png").write_bytes(image_bytes("PNG"))
    (root / "broken.jpg").write_bytes(b"\xff\xd8\xff this is not really a JPEG")
    (root / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    Image.frombytes("RGB", (150, 150), os.urandom(150 * 150 * 3)).save(root / "huge.png")
    settings.IMPORT_IMAGE_MAX_BYTES = 30_000
    settings.IMPORT_IMAGE_TIMEOUT_SECONDS = 0.5
    settings.IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS = True  # it serves from 127.0.0.1
    server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_fetch_images_downloads_what_it_can_and_reports_the_rest(tmp_path, image_server):
    base = image_server
    post = tmp_path / "2024-01-01-images.html"
    post.write_text(
        f"---\ntitle: Images\nimage: {base}/hero.jpg\n---\n"
        f'<p><img src="{base}/inline.png" alt="ok"></p>\n'
        f'<p><img src="{base}/broken.jpg"><img src="{base}/huge.png"><img src="{base}/gone.png">'
        f'<img src="{base}/drawing.svg"><img src="{base}/slow.png"></p>\n'
    )
    out, err, error = run("import_posts", post, "--fetch-images", "--dry-run")
    assert "1 created" in out and "download failed" not in err, err  # a dry run fetches nothing
    assert not (Path(settings.MEDIA_ROOT) / "imports").exists()  # a dry run stores nothing

    out, err, error = run("import_posts", post, "--fetch-images")
    assert error is None and "1 created" in out
    for name, reason in [
        ("broken.jpg", "not a valid image"),
        ("huge.png", "larger than 30000 bytes"),
        ("gone.png", "download failed (HTTP 404)"),
        ("drawing.svg", "not a valid image"),
        ("slow.png", "download failed"),
    ]:
        assert f"{base}/{name}: {reason}" in err, (name, err)

    article = Article.objects.get()
    assert article.hero_image_url == f"{base}/hero.jpg"  # the original stays in the data
    hero = article.hero  # in the image library
    assert hero.file.name.startswith("images/originals/") and hero.file.name.endswith(".jpg")
    assert default_storage.exists(hero.file.name)
    assert (hero.width, hero.height) == (40, 20)
    assert hero.source_url == f"{base}/hero.jpg"
    local = posts.image_sources(article.body)
    assert local[0].startswith(settings.MEDIA_URL + "images/originals/")
    assert local[1:] == [
        f"{base}/{n}" for n in ("broken.jpg", "huge.png", "gone.png", "drawing.svg", "slow.png")
    ]
    assert (Path(settings.MEDIA_ROOT) / local[0].removeprefix(settings.MEDIA_URL)).is_file()

    out, _, _ = run("import_posts", post, "--fetch-images")
    assert "1 unchanged" in out  # same files, same names: nothing changes

    run("export_posts", tmp_path / "out")
    exported = posts.read_post(next((tmp_path / "out").iterdir()).read_bytes(), "x.html")
    assert posts.image_sources(exported.body)[0] == f"{base}/inline.png"
    assert exported.front_matter["image"] == f"{base}/hero.jpg"


# Demo content: tests/test_demo.py


# Batches: bulk writes, the fallback, derived data --------------------------------


def write_posts(folder: Path, posts_by_name: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in posts_by_name.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def import_folder(folder: Path, **options):
    files = read_post_files(post_files_from_paths([folder]))
    return PostImporter(ImportOptions(**options)).run(files)


def derived_data():
    """Every article's `listed` flag and every category listing row."""
    listed = dict(Article.objects.values_list("slug", "listed"))
    rows = set(
        CategoryListing.objects.values_list(
            "category__name", "article__slug", "published_at", "expires_at"
        )
    )
    return listed, rows


def assert_derived_data_is_right():
    """What the import left equals what a full rebuild computes from scratch."""
    after_import = derived_data()
    visibility.rebuild_all()
    assert derived_data() == after_import


def test_a_post_that_violates_a_constraint_at_insert_time_fails_alone(tmp_path, monkeypatch):
    folder = write_posts(
        tmp_path / "posts",
        {
            f"post-{n}.html": f"---\ntitle: Post {n}\ncategories: [Shared]\n---\n<p>{n}</p>\n"
            for n in range(7)
        }
        | {
            "post-3.html": "---\ntitle: Clashing\nslug: taken\n"
            "categories: [Only Here, Shared]\n---\n<p>x</p>\n"
        },
    )
    importer = PostImporter(ImportOptions(batch_size=5))
    # Someone writes an article with that slug after the import has read the
    # slugs in use: only the database can tell, when the batch is inserted.
    # The importer reads the slugs again and tries once more; here it keeps
    # reading the old ones, so the second try fails too.
    make_article(slug="taken")
    monkeypatch.setattr(importer, "_reload", lambda: None)
    report = importer.run(read_post_files(post_files_from_paths([folder])))

    failed = {r.path: r.message for r in report.results if r.action == "failed"}
    assert list(failed) == ["post-3.html"]
    assert failed["post-3.html"] == CONFLICT_MESSAGE
    assert report.counts["created"] == 6
    assert Article.objects.filter(source_id__startswith="path:post-").count() == 6
    assert not Article.objects.filter(source_id="path:post-3.html").exists()
    # Nothing of the failing post is left behind: its own category, links, events.
    assert not Category.objects.filter(name="Only Here").exists()
    shared = Category.objects.get(name="Shared")
    assert shared.articles.count() == 6
    assert AuditEvent.objects.filter(action="published").count() == 6
    assert set(Article.objects.search("Post")) == set(
        Article.objects.filter(source_id__startswith="path:post-")
    )
    assert_derived_data_is_right()
    # The others' slugs were planned in the same batch and stay unique.
    assert Article.objects.filter(slug__startswith="post-").count() == 6


def test_a_post_whose_slug_was_taken_meanwhile_is_written_on_the_second_try(tmp_path):
    folder = write_posts(
        tmp_path / "posts",
        {f"post-{n}.html": f"---\ntitle: Post {n}\n---\n<p>{n}</p>\n" for n in range(4)}
        | {"post-2.html": "---\ntitle: Clashing\nslug: taken\n---\n<p>x</p>\n"},
    )
    importer = PostImporter(ImportOptions(strict=True))
    make_article(slug="taken")
    report = importer.run(read_post_files(post_files_from_paths([folder])))
    assert report.counts["created"] == 4 and not report.failed
    assert Article.objects.get(source_id="slug:taken").slug == "taken-2"


def test_an_insert_time_failure_under_strict_rolls_everything_back(tmp_path, monkeypatch):
    folder = write_posts(
        tmp_path / "posts",
        {f"post-{n}.html": f"---\ntitle: Post {n}\n---\n<p>{n}</p>\n" for n in range(4)}
        | {"post-2.html": "---\ntitle: Clashing\nslug: taken\n---\n<p>x</p>\n"},
    )
    importer = PostImporter(ImportOptions(strict=True))
    make_article(slug="taken")
    monkeypatch.setattr(importer, "_reload", lambda: None)  # the second try fails too
    report = importer.run(read_post_files(post_files_from_paths([folder])))
    assert report.aborted
    assert [r.path for r in report.failed] == ["post-2.html"]
    assert Article.objects.count() == 1


def test_an_import_leaves_listed_and_category_listings_right(tmp_path):
    make_category(name="Held", status=Category.Status.PROPOSED)
    folder = write_posts(
        tmp_path / "posts",
        {
            "public.html": "---\ntitle: Public\ndate: 2024-06-01\ncategories: [News, Held]\n"
            "---\nx\n",
            "held.html": "---\ntitle: Held\ndate: 2024-06-02\ncategories: [Held]\n---\nx\n",
            "plain.html": "---\ntitle: Uncategorised\ndate: 2024-06-03\n---\nx\n",
            "draft.html": "---\ntitle: Draft\npublished: false\ncategories: [News]\n---\nx\n",
            "later.html": "---\ntitle: Later\ndate: 2099-01-01\ncategories: [News]\n---\nx\n",
        },
    )
    import_ok(folder)
    listed, rows = derived_data()
    assert listed == {
        "public": True, "held": False, "uncategorised": True, "draft": False, "later": True,
    }  # fmt: skip
    public, later = by_source("public.html"), by_source("later.html")
    assert rows == {
        ("News", "public", public.published_at, None),
        ("News", "later", later.published_at, None),
    }
    assert set(Article.objects.published()) == {public, by_source("plain.html")}
    assert set(Article.objects.held()) == {by_source("held.html")}
    assert_derived_data_is_right()

    # A re-import that unpublishes one, publishes another and moves categories.
    write_posts(
        folder,
        {
            "public.html": "---\ntitle: Public\ndate: 2024-06-01\npublished: false\n---\nx\n",
            "draft.html": "---\ntitle: Draft\ndate: 2024-06-04\ncategories: [News]\n---\nx\n",
            "held.html": "---\ntitle: Held\ndate: 2024-06-02\ncategories: [Other]\n---\nx\n",
        },
    )
    assert "0 created, 3 updated, 2 unchanged" in import_ok(folder)
    listed, rows = derived_data()
    assert listed == {
        "public": False, "held": True, "uncategorised": True, "draft": True, "later": True,
    }  # fmt: skip
    assert {(category, slug) for category, slug, _, _ in rows} == {
        ("News", "draft"), ("News", "later"), ("Other", "held"),
    }  # fmt: skip
    assert_derived_data_is_right()


def test_updates_bump_the_version_and_clean_what_they_write(tmp_path):
    post = tmp_path / "story.html"
    post.write_text("---\ntitle: First\n---\n<p>One.</p>\n")
    import_ok(post)
    article = by_source("story.html")
    assert article.version == 1
    post.write_text("---\ntitle: \"Second\\x07 title\"\n---\n<p onclick='x()'>Two.</p>\n")
    import_ok(post)
    updated = by_source("story.html")
    assert (updated.title, updated.body) == ("Second title", "<p>Two.</p>")
    assert updated.version == 2 and updated.updated_at > article.updated_at
    assert list(Article.objects.search("second")) == [updated]
    assert "1 unchanged" in import_ok(post)  # cleaned values compare equal


def test_two_posts_for_one_article_in_a_batch_are_written_in_turn(tmp_path):
    folder = write_posts(
        tmp_path / "posts",
        {
            "a.html": "---\ntitle: First version\nslug: same\ncategories: [A]\n---\n<p>1</p>\n",
            "b.html": "---\ntitle: Second version\nslug: same\ncategories: [B]\n---\n<p>2</p>\n",
        },
    )
    report = import_folder(folder)
    assert [r.action for r in report.results] == ["created", "updated"]
    article = Article.objects.get()
    assert (article.title, article.slug, article.version) == ("Second version", "same", 2)
    assert [c.name for c in article.categories.all()] == ["B"]
    assert_derived_data_is_right()


def test_statistics_are_refreshed_after_an_import_but_not_a_dry_run(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(imports, "refresh_statistics", lambda: calls.append(True))
    post = write_posts(tmp_path / "posts", {"a.html": "---\ntitle: A\n---\nx\n"})
    import_folder(post, dry_run=True)
    assert calls == [] and not Article.objects.exists()
    import_folder(post)
    assert calls == [True]
    import_folder(post)  # nothing changed: nothing to refresh
    assert calls == [True]
