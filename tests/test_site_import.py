"""Migrating whole Jekyll, Hugo and Tistory exports (tests/fixtures/sites/):
front matter in YAML, TOML and JSON, the generators' conventions, Liquid and
shortcodes, kramdown, images, old addresses, re-imports and round trips.
On the real database (SQLite, and PostgreSQL with DATABASE_URL)."""

import re
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Category, Tag
from importing.management.commands.import_posts import Command as ImportCommand
from importing.models import LegacyAddress

pytestmark = pytest.mark.django_db

SITES = Path(__file__).parent / "fixtures" / "sites"
JEKYLL, HUGO, TISTORY = SITES / "jekyll", SITES / "hugo", SITES / "tistory"
BASE = "https://old.example.com"
SEOUL = ZoneInfo("Asia/Seoul")


def run(*args):
    """(stdout, stderr, CommandError or None) of import_posts."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_posts", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def imported(*args):
    out, err, error = run(*args)
    assert error is None, err
    return out, err


def article(path: str) -> Article:
    return Article.objects.get(source_id=f"path:{path}")


def seoul(*args) -> datetime:
    return datetime(*args, tzinfo=SEOUL)


# A whole Jekyll site ----------------------------------------------------------------


def test_a_jekyll_site_imports_its_posts_and_drafts_and_nothing_else():
    out, err = imported(JEKYLL, "--base-url", BASE)
    assert out.startswith("7 created, 0 updated, 0 unchanged, 0 failed")
    sources = set(Article.objects.values_list("source_id", flat=True))
    assert sources == {
        "path:_posts/2024-01-15-liquid-and-kramdown.md",
        "path:_posts/2024-02-01-no-title-here.md",
        "path:_posts/2024-03-01-unpublished.md",
        "path:_posts/2024-04-01-utf16.md",
        "path:_posts/2024-06-01-feature-text.md",
        "permalink:/media/embeds-and-details/",
        "path:_drafts/a-draft-post.md",
    }  # no layouts, includes, index.html or 404.html


def test_jekyll_conventions_title_date_state_keys():
    _, err = imported(JEKYLL, "--base-url", BASE)
    liquid = article("_posts/2024-01-15-liquid-and-kramdown.md")
    # Entities decoded once: "&amp;" is "&", "&nbsp;" a space, never "&amp;nbsp;".
    assert liquid.title == "R&D 예산 전망 & Liquid"
    assert liquid.published_at == seoul(2024, 1, 15)  # from the file name
    assert liquid.status == "published" and liquid.is_public()
    assert liquid.revised_at == seoul(2024, 2, 1, 10)  # last_modified_at
    assert [c.name for c in liquid.categories.all()] == ["Dev"]
    assert sorted(t.name for t in liquid.tags.all()) == ["jekyll", "ruby"]
    assert liquid.hero_image_url == f"{BASE}/assets/images/hero.png"  # header.overlay_image
    assert liquid.excerpt == "What the post is about, as the theme's description."

    untitled = article("_posts/2024-02-01-no-title-here.md")
    assert untitled.title == "No Title Here"  # Jekyll's title from the file name
    assert [c.name for c in untitled.categories.all()] == ["Notes"]  # singular category
    assert sorted(t.name for t in untitled.tags.all()) == ["alpha", "beta"]  # "alpha beta"
    assert untitled.hero_image_url == f"{BASE}/assets/images/hero.png"
    assert "hero.png" not in untitled.body  # the hero repeated as the first image
    assert untitled.body.startswith("<p>The post has no title")

    assert article("_posts/2024-03-01-unpublished.md").status == "draft"  # published: false
    draft = article("_drafts/a-draft-post.md")
    assert draft.status == "draft" and not draft.is_public()
    assert [t.name for t in draft.tags.all()] == ["drafts"]

    utf16 = article("_posts/2024-04-01-utf16.md")
    assert utf16.title == "UTF-16 저장 파일" and "유니코드" in utf16.body

    feature = article("_posts/2024-06-01-feature-text.md")
    assert feature.feature_text == "A bold lead with a link."  # Markdown rendered to text
    assert feature.excerpt == "The summary is the excerpt."
    assert feature.hero_image_url == "https://cdn.example.org/teaser.jpg"
    assert feature.revised_at is None


def test_liquid_is_translated_and_what_is_left_is_reported_with_its_line():
    _, err = imported(JEKYLL, "--base-url", BASE)
    body = article("_posts/2024-01-15-liquid-and-kramdown.md").body
    # post_url: the old address of that post, which answers 301 to it.
    assert '<a href="/2024/02/01/no-title-here.html">link to the next post</a>' in body
    # highlight: code, the Liquid in it as written.
    assert '<pre><code>def hello\n  puts "{{ not liquid in code }}"\nend\n</code></pre>' in body
    assert "<code>{{ site.title }}</code>" in body and "<code>{% raw %}</code>" in body
    assert "<pre><code>{% if page.title %}{{ page.title }}{% endif %}\n</code></pre>" in body
    # site.baseurl and relative_url: the base URL.
    assert body.count(f'<img src="{BASE}/assets/images/photo.png"') == 2
    assert "<strong>Captured</strong> text stays." in body
    assert "never shows" not in body  # {% comment %}
    # The YouTube include is the shared embed (its markup: see the contracts).
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in body
    name = "_posts/2024-01-15-liquid-and-kramdown.md"
    assert f"{name}: line 36: Liquid tag {{% include gallery" in err
    assert f"{name}: line 38: Liquid tag {{% capture notice-text %}} removed" in err
    assert f"{name}: line 41: Liquid output {{{{ notice-text | markdownify }}}} removed" in err
    assert f"{name}: kramdown attribute list {{: .notice--info}} dropped" in err


def test_kramdown_and_gfm_markdown():
    imported(JEKYLL, "--base-url", BASE)
    body = article("_posts/2024-01-15-liquid-and-kramdown.md").body
    assert "<p>A notice follows.</p>" in body  # the IAL dropped, not printed
    # A table with uneven rows: short rows padded, long ones cut.
    assert "<td>one</td>\n<td>1</td>\n<td></td>" in body and "spill" not in body
    # Lists nested by 2 and 3 spaces.
    assert re.search(r"<li>first\s*<ul>\s*<li>nested two spaces\s*<ul>\s*<li>nested three", body)
    assert "<dt>Term</dt>\n<dd>Definition of the term</dd>" in body
    assert "<li>☑ done task</li>" in body and "<li>☐ open task</li>" in body
    assert "<div><p>Inside a <strong>Markdown</strong> div.</p>" in body
    # Footnotes and their back-links jump: their ids are the only ones kept.
    assert '<sup><a href="#fn1" id="fnref1">[1]</a></sup>' in body
    assert '<li id="fn1"><p>The footnote text. <a href="#fnref1">' in body


def test_html_embeds_details_and_unknown_iframes():
    _, err = imported(JEKYLL)
    body = Article.objects.get(slug="embeds-and-details").body
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in body  # the iframe
    assert '<a href="https://twitter.com/jack/status/20">' in body  # the tweet
    assert "widgets.js" not in body and "maps.example.com" not in body
    assert "<div><p><strong>More</strong></p><p>Hidden detail text.</p></div>" in body
    assert "embed https://maps.example.com/embed?x=1 dropped" in err
    # Without a base URL the relative image cannot be resolved: a warning.
    assert "image ../images/missing.png not resolved" in err
    assert "hero image /assets/images/hero.png is a relative path" in err


def test_no_imported_page_shows_template_syntax_outside_code(client):
    imported(JEKYLL, "--base-url", BASE)
    imported(HUGO)
    imported(TISTORY)
    assert Article.objects.count() == 12
    for item in Article.objects.all():
        outside_code = re.sub(r"<(pre|code)\b.*?</\1>", "", item.body, flags=re.DOTALL)
        for text in (outside_code, item.title, item.excerpt, item.feature_text):
            for syntax in ("{%", "{{", "{:", "%}", "}}"):
                assert syntax not in text, (item.source_id, syntax, text)
    # And as readers get the pages.
    for item in Article.objects.published():
        page = client.get(item.get_absolute_url())
        assert page.status_code == 200
        html = re.sub(r"<(pre|code)\b.*?</\1>", "", page.content.decode(), flags=re.DOTALL)
        assert "{%" not in html and "{:" not in html and "{{" not in html, item.source_id


# Hugo -------------------------------------------------------------------------------


def test_a_hugo_site_toml_json_drafts_dates_and_shortcodes():
    out, err = imported(HUGO)
    assert out.startswith("4 created,")  # no _index.md list page, no layouts
    toml = Article.objects.get(source_id="slug:toml-post")
    assert toml.title == "TOML front matter" and toml.slug == "toml-post"
    assert toml.published_at == seoul(2024, 3, 10, 8)
    assert toml.revised_at == seoul(2024, 3, 12, 8)  # lastmod
    assert [c.name for c in toml.categories.all()] == ["Tech"]
    assert sorted(t.name for t in toml.tags.all()) == ["hugo", "toml"]
    assert toml.hero_image_url == "/img/cover.png"  # cover.image, no base URL: warned
    assert "toml-post.md: hero image /img/cover.png is a relative path" in err
    body = toml.body
    for url in (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://twitter.com/jack/status/20",
        "https://gist.github.com/spf13/7896402",
    ):
        assert f'<a href="{url}">{url}</a>' in body
    assert '<img src="/img/fig.png" alt="A figure"><figcaption>The caption</figcaption>' in body
    assert '<pre><code>fmt.Println("{{ . }}")\n</code></pre>' in body  # highlight
    assert "<code>{{&lt; youtube abc &gt;}}</code>" in body  # {{</* */>}} escapes
    assert "<p>Inside a paired shortcode.</p>" in body
    assert "content/posts/toml-post.md: line 26: Hugo shortcode {{< unknown-widget >}}" in err

    json_post = article("content/posts/json-post.md")
    assert json_post.published_at == seoul(2024, 4, 2, 10)  # publishDate over date
    assert json_post.expires_at == seoul(2099, 1, 1)  # expiryDate
    assert json_post.excerpt == "A summary from JSON."
    assert [t.name for t in json_post.tags.all()] == ["json"]

    assert article("content/posts/draft-post.md").status == "draft"  # draft = true
    bundle = article("content/posts/bundle/index.md")
    assert bundle.title == "Bundle"  # a page bundle: titled from its folder
    assert bundle.hero_image_url == "https://cdn.example.org/bundle.jpg"  # feature_image


def test_tistory_export():
    imported(TISTORY)
    news = Article.objects.get()
    assert news.title == "한미 반도체 협력 포럼"  # &nbsp; decoded once
    assert [c.name for c in news.categories.all()] == ["뉴스"]
    assert sorted(t.name for t in news.tags.all()) == ["경제", "반도체"]  # "반도체, 경제"
    assert '<h2 data-ke-size="size26">포럼 개최</h2>' in news.body
    assert '<img src="https://blog.kakaocdn.net/a.jpg" alt="포럼">' in news.body


# Images -----------------------------------------------------------------------------


def test_relative_images_are_read_from_the_site_root_and_stored(settings):
    _, err = imported(HUGO, "--fetch-images")
    toml = Article.objects.get(source_id="slug:toml-post")
    stored = re.search(
        r'<img src="(/media/images/originals/[^"]+\.png)" alt="A figure"', toml.body
    )
    assert stored, toml.body
    assert (Path(settings.MEDIA_ROOT) / stored[1].removeprefix("/media/")).is_file()
    assert toml.hero.file.name.startswith("images/originals/")  # from static/img/cover.png
    # Like an editor's save, the import records the library images the body
    # shows, so the image library refuses to delete them.
    assert [image.file.url for image in toml.body_images.all()] == [stored[1]]
    # Jekyll: its files are under the site root; the missing one is reported.
    _, err = imported(JEKYLL, "--fetch-images")
    body = article("_posts/2024-01-15-liquid-and-kramdown.md").body
    assert (
        "/assets/images/photo.png" not in body and body.count('src="/media/images/originals/') == 2
    )
    assert "image ../images/missing.png not resolved" in err


# Old addresses ----------------------------------------------------------------------


def test_old_addresses_follow_jekylls_permalink_setting_and_categories(client, tmp_path):
    # The fixture's _config.yml says `permalink: date`, Jekyll's default:
    # categories first, lowercased, as Jekyll wrote the pages.
    imported(JEKYLL)
    liquid = article("_posts/2024-01-15-liquid-and-kramdown.md")
    notes = article("_posts/2024-02-01-no-title-here.md")
    for old, target in [
        ("/dev/2024/01/15/liquid-and-kramdown.html", liquid),
        ("/2024/01/15/liquid-and-kramdown.html", liquid),  # what {% post_url %} links name
        ("/notes/2024/02/01/no-title-here.html", notes),
    ]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, target.get_absolute_url())

    site = tmp_path / "pretty"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Blog\npermalink: pretty\n")
    (site / "_posts" / "2025-03-08-spring.md").write_text(
        "---\ntitle: 봄 소식\ncategories: [Supply Chain, 경제]\n---\n봄이 왔다.\n"
    )
    imported(site)
    spring = Article.objects.get(title="봄 소식")
    response = client.get("/supply chain/경제/2025/03/08/spring/")
    assert (response.status_code, response["Location"]) == (301, spring.get_absolute_url())


@pytest.mark.parametrize(
    ("config", "name"),
    [
        ('[permalinks]\nposts = "/:year/:month/:title/"\nnotes = "/n/:slug/"\n', "hugo.toml"),
        ("permalinks:\n  page:\n    posts: /:year/:month/:title/\n    notes: /n/:slug/\n",
         "hugo.yaml"),
    ],
)  # fmt: skip
def test_old_addresses_follow_a_hugo_sites_permalinks(client, tmp_path, config, name):
    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "content" / "notes" / "bundle").mkdir(parents=True)
    (site / "content" / "pages").mkdir(parents=True)
    (site / name).write_text(config)
    (site / "content" / "posts" / "first.md").write_text(
        '+++\ntitle = "My First Post"\ndate = 2024-03-10T08:00:00+09:00\n+++\n본문\n'
    )
    (site / "content" / "notes" / "bundle" / "index.md").write_text(
        "---\ntitle: 봄 소식\ndate: 2024-04-01\nslug: Spring News\n---\n본문\n"
    )
    (site / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About\ndate: 2024-01-01\nurl: /about-us/\n---\n본문\n"
    )
    imported(site)
    for old, title in [
        ("/2024/03/my-first-post/", "My First Post"),
        ("/n/spring-news/", "봄 소식"),
        ("/about-us/", "About"),  # the page's own `url`
        ("/pages/about/", "About"),  # a section without a pattern: Hugo's default
    ]:
        response = client.get(old)
        expected = Article.objects.get(title=title).get_absolute_url()
        assert (response.status_code, response["Location"]) == (301, expected), old


def test_old_addresses_answer_301_to_the_article_through_the_public_site(client):
    imported(JEKYLL, "--base-url", BASE)
    imported(HUGO)
    cases = {
        "/2024/01/15/liquid-and-kramdown.html": "_posts/2024-01-15-liquid-and-kramdown.md",
        "/2024/02/01/no-title-here.html": "_posts/2024-02-01-no-title-here.md",
        "/old/feature/": "_posts/2024-06-01-feature-text.md",  # redirect_from
        "/posts/json-post/": "content/posts/json-post.md",  # Hugo's default
        "/posts/json-post": "content/posts/json-post.md",
    }
    for old, source in cases.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == article(source).get_absolute_url()
        assert client.get(response["Location"]).status_code == 200
    toml = Article.objects.get(source_id="slug:toml-post")
    for old in ("/old/toml-post/", "/2024/03/toml.html", "/posts/toml-post/"):  # aliases
        assert client.get(old)["Location"] == toml.get_absolute_url()
    permalink = Article.objects.get(slug="embeds-and-details")
    assert client.get("/media/embeds-and-details/")["Location"] == permalink.get_absolute_url()
    # Drafts stay hidden, and unknown addresses stay 404.
    assert client.get("/2024/03/01/unpublished.html").status_code == 404
    assert client.get("/posts/draft-post/").status_code == 404
    assert client.get("/2099/01/01/nothing.html").status_code == 404


def test_a_custom_old_url_pattern(client):
    imported(JEKYLL / "_posts" / "2024-04-01-utf16.md", "--old-url-pattern", "/blog/:year/:title/")
    assert LegacyAddress.objects.get().path == "/blog/2024/2024-04-01-utf16/".replace(
        "2024-04-01-", ""
    )
    assert client.get("/blog/2024/utf16/").status_code == 301


def test_old_addresses_cost_nothing_on_pages_that_exist(client):
    imported(TISTORY)
    url = Article.objects.get().get_absolute_url()
    with CaptureQueriesContext(connection) as found:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as missing:
        assert client.get("/2099/01/01/nothing.html").status_code == 404
    assert not any("legacyaddress" in query["sql"] for query in found.captured_queries)
    assert any("legacyaddress" in query["sql"] for query in missing.captured_queries)


# Re-imports and round trips ---------------------------------------------------------


def test_reimporting_the_same_sites_changes_nothing():
    for site in (JEKYLL, HUGO, TISTORY):
        imported(site, "--base-url", BASE)
    versions = dict(Article.objects.values_list("pk", "version"))
    for site in (JEKYLL, HUGO, TISTORY):
        out, _ = imported(site, "--base-url", BASE)
        assert re.match(r"0 created, 0 updated, \d+ unchanged, 0 failed", out), out
    assert dict(Article.objects.values_list("pk", "version")) == versions


FIELDS = [
    "title", "slug", "excerpt", "feature_text", "hero_image_url", "byline", "status",
    "published_at", "expires_at", "revised_at", "body", "body_format", "body_source",
]  # fmt: skip


def snapshot():
    result = {}
    for item in Article.objects.prefetch_related("categories", "tags"):
        values = {name: getattr(item, name) for name in FIELDS}
        values["categories"] = sorted(c.name for c in item.categories.all())
        values["tags"] = sorted(t.name for t in item.tags.all())
        result[item.slug] = values
    return result


def test_export_then_import_into_an_empty_database_is_field_for_field_identical(tmp_path):
    for site in (JEKYLL, HUGO, TISTORY):
        imported(site, "--base-url", BASE)
    first = snapshot()
    call_command("export_posts", str(tmp_path / "out"), stdout=StringIO())
    markdown = [p for p in (tmp_path / "out").iterdir() if p.suffix == ".md"]
    assert len(markdown) == Article.objects.filter(body_format="markdown").count() == 10
    Article.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    imported(tmp_path / "out", "--base-url", BASE)
    assert snapshot() == first


# Reports and exit codes -------------------------------------------------------------


@pytest.fixture
def keep_connections(monkeypatch):
    # run_from_argv closes the connections when done, the test's among them.
    monkeypatch.setattr(connections, "close_all", lambda: None)


def exit_code(*args) -> int:
    command = ImportCommand(stdout=StringIO(), stderr=StringIO())
    try:
        command.run_from_argv(["manage.py", "import_posts", *map(str, args)])
    except SystemExit as error:
        return error.code
    return 0


def test_exit_codes_tell_clean_from_warnings_from_failures(tmp_path, keep_connections):
    assert exit_code(TISTORY) == 0
    assert exit_code(HUGO) == 2  # warnings only
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nbody")
    assert exit_code(TISTORY, broken) == 1


def test_strict_says_nothing_was_written(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: fine\n---\nbody")
    (tmp_path / "b.md").write_text("---\ntitle: [unclosed\n---\nbody")
    out, err, error = run(tmp_path, "--strict")
    assert error is not None and "nothing was written" in str(error)
    assert out.startswith("Aborted at the first failure (b.md: line 3: invalid YAML")
    assert Article.objects.count() == 0


def test_export_writes_the_migrated_keys_back(tmp_path):
    imported(HUGO)
    imported(JEKYLL / "_posts" / "2024-02-01-no-title-here.md")
    call_command("export_posts", str(tmp_path), stdout=StringIO())
    toml = (tmp_path / "2024-03-10-toml-post.md").read_text()
    front, body = toml.split("\n---\n", 1)
    assert "title: TOML front matter\n" in front
    assert "date: 2024-03-10 08:00:00+09:00\n" in front  # TOML's date, as a string
    assert "lastmod: 2024-03-12 08:00:00+09:00\n" in front
    assert "draft: false\n" in front and "aliases:\n- /old/toml-post/\n" in front
    assert "tags:\n- hugo\n- toml\n" in front and "cover:\n  image: /img/cover.png\n" in front
    assert body.strip().startswith("{{< youtube dQw4w9WgXcQ >}}")  # the Markdown source
    draft = (tmp_path / "2024-05-05-hugo-draft.md").read_text()
    assert "draft: true\n" in draft and "published" not in draft
    untitled = (tmp_path / "2024-02-01-no-title-here.md").read_text()
    assert "title: No Title Here\n" in untitled and "category: Notes\n" in untitled
    assert "categories" not in untitled and "tags: alpha beta\n" in untitled

    # An editor's changes win: published, retagged, revised.
    article = Article.objects.get(slug="hugo-draft")
    article.status = Article.Status.PUBLISHED
    article.save()
    article.tags.set([Tag.objects.create(name="edited")])
    call_command("export_posts", str(tmp_path / "again"), stdout=StringIO())
    draft = (tmp_path / "again" / "2024-05-05-hugo-draft.md").read_text()
    assert "draft: false\n" in draft and "tags:\n- edited\n" in draft


def test_keys_without_an_equivalent_are_reported_and_kept(tmp_path, client):
    post = tmp_path / "2024-08-01-gallery.md"
    post.write_text(
        "---\ntitle: 갤러리\ngallery:\n  - url: /a.jpg\nlayout: single\n"
        "permalink: /2024/%ED%95%9C%EA%B8%80/\n---\n\nText.\n"
    )
    _, err = imported(post)
    assert "2024-08-01-gallery.md: key gallery ignored" in err
    assert "layout" not in err  # a theme's key: kept, nothing to report
    item = Article.objects.get()
    assert item.front_matter["gallery"] == [{"url": "/a.jpg"}]
    # A percent-encoded permalink answers as the browser asks for it.
    assert client.get("/2024/%ED%95%9C%EA%B8%80/")["Location"] == item.get_absolute_url()


def test_site_root_given_for_a_posts_folder(settings):
    _, err = imported(
        JEKYLL / "_posts" / "2024-01-15-liquid-and-kramdown.md", "--site-root", JEKYLL,
        "--fetch-images",
    )  # fmt: skip
    body = Article.objects.get().body
    assert body.count('src="/media/images/originals/') == 2 and "not resolved" not in err


def test_theme_includes_figure_toc_and_video_tags():
    _, err = imported(JEKYLL, "--base-url", BASE)
    body = article("_posts/2024-06-01-feature-text.md").body
    assert (
        f'<figure class="image"><img src="{BASE}/assets/images/photo.png" alt="A photo">'
        "<figcaption>Minimal Mistakes' figure</figcaption></figure>"
    ) in body
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">' in body
    assert "toc" not in err and "feature-text.md" not in err  # nothing left to report
