"""Reading and writing the front-matter format (importing/posts.py), without the database."""

import io
from datetime import UTC, datetime, timedelta, timezone

import pytest
import yaml

from articles.models import Article
from importing import posts
from importing.posts import PostError

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SEOUL = timezone(timedelta(hours=9))


def read(text: str, path="post.html", encoding="utf-8") -> posts.Post:
    return posts.read_post(text.encode(encoding), path)


def data(text: str, path="post.html", **kwargs) -> posts.ArticleData:
    return posts.article_data(read(text, path), now=NOW, **kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-02 09:30:00 +0900", datetime(2024, 6, 2, 9, 30, tzinfo=SEOUL)),
        ("2024-06-02T00:30:00Z", datetime(2024, 6, 2, 0, 30, tzinfo=UTC)),
        ("2024-06-02 09:30:00 +09:00", datetime(2024, 6, 2, 9, 30, tzinfo=SEOUL)),
        ("2024-06-02 09:30", datetime(2024, 6, 2, 9, 30, tzinfo=SEOUL)),  # local time
        ("2024-06-10", datetime(2024, 6, 10, 0, 0, tzinfo=SEOUL)),  # midnight, local
        ("2024-6-9 8:05:01.25 -0500", datetime(2024, 6, 9, 13, 5, 1, 250000, tzinfo=UTC)),
    ],
)
def test_dates_with_or_without_a_time_zone(value, expected):
    assert posts.parse_date(value) == expected


@pytest.mark.parametrize("value", ["2024-13-45", "yesterday", "2024-02-30", "2024-06-02 25:00"])
def test_invalid_dates_are_refused_with_the_value(value):
    with pytest.raises(PostError, match="invalid date"):
        posts.parse_date(value)


def test_a_date_is_written_back_in_local_time_and_reads_back_equal():
    moment = datetime(2024, 6, 2, 0, 30, 0, 123456, tzinfo=UTC)
    assert posts.format_date(moment) == "2024-06-02 09:30:00.123456 +0900"
    assert posts.parse_date(posts.format_date(moment)) == moment


def test_yaml_dates_stay_strings_so_their_spelling_survives():
    post = read("---\ntitle: T\ndate: 2024-06-10\nupdated: 2024-06-11 10:00:00\n---\nx")
    assert post.front_matter["date"] == "2024-06-10"
    assert post.front_matter["updated"] == "2024-06-11 10:00:00"
    assert posts.dump_front_matter({"date": "2024-06-10"}) == "date: 2024-06-10\n"


def test_bad_yaml_reports_the_file_line():
    with pytest.raises(PostError) as error:
        read("---\ntitle: ok\nexcerpt: [unclosed\nother: 1\n---\nbody")
    # The list opens on line 3 of the file; the parser gives up on line 4.
    assert error.value.line == 4
    assert str(error.value).startswith("line 4: invalid YAML")
    assert "on line 3" in str(error.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<p>no front matter</p>", "no front matter"),
        ("---\ntitle: never closed\n", "never closed"),
        ("---\n- a\n- b\n---\nbody", "mapping"),
        ("---\ntitle: " + "가" * 201 + "\n---\nbody", "longer than 200"),
        ("---\ntitle: T\npublished: maybe\n---\nbody", "true or false"),
        ("---\ntitle: T\nimage: javascript:alert(1)\n---\nbody", "http"),
        ("---\ntitle: T\ncategories: [[nested]]\n---\nbody", "categories"),
    ],
)
def test_broken_posts_say_why(text, message):
    with pytest.raises(PostError, match=message):
        posts.article_data(read(text), now=NOW)


def test_bom_and_crlf_read_like_plain_utf8():
    text = "---\r\ntitle: 제목\r\ndate: 2024-06-10\r\n---\r\n\r\n<p>본문</p>\r\n"
    post = posts.read_post(b"\xef\xbb\xbf" + text.encode(), "a.html")
    assert post.front_matter == {"title": "제목", "date": "2024-06-10"}
    assert post.body == "<p>본문</p>"


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_legacy_korean_encodings_are_detected(encoding):
    text = (
        "---\ntitle: 광복절 기념식\n---\n"
        "<p>광복절 기념식이 세종문화회관에서 열렸다. 시민 삼천여 명이 참석했다.</p>"
    )
    assert read(text, encoding=encoding).front_matter["title"] == "광복절 기념식"


def test_other_encodings_are_reported_not_guessed():
    with pytest.raises(PostError, match="not UTF-8"):
        read("---\ntitle: Café crème\n---\n<p>déjà vu</p>", encoding="latin-1")
    with pytest.raises(PostError, match="not a text file"):
        posts.read_post(b"---\ntitle: x\x00\n---\n", "a.html")


def test_markdown_renders_tables_and_passes_html_blocks():
    result = data(
        "---\ntitle: T\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>\n<p>raw</p>\n</div>\n",
        path="a.md",
    )
    assert "<table>" in result.body and "<td>1</td>" in result.body
    assert "<div>\n<p>raw</p>\n</div>" in result.body
    assert result.body_format == "markdown"
    assert result.body_source.startswith("| a | b |")


def test_html_bodies_are_sanitized_and_keep_bare_text():
    # Reading a post keeps the body as given; the article sanitizes it before
    # any write (save() and the importer's bulk writes alike).
    result = data("---\ntitle: T\n---\n<p onclick='x()'>a</p><script>bad()</script>\nbare end")
    article = Article(title=result.title, slug="t", body=result.body)
    article.clean_for_save()
    assert article.body == "<p>a</p>\nbare end"


@pytest.mark.parametrize(
    ("image", "base_url", "expected"),
    [
        ("https://cdn.example.org/a.jpg", None, "https://cdn.example.org/a.jpg"),
        ("/uploads/a.jpg", None, "/uploads/a.jpg"),
        (
            "/uploads/a.jpg",
            "https://old.example.com/blog",
            "https://old.example.com/uploads/a.jpg",
        ),
        ("img/a.jpg", "https://old.example.com/blog", "https://old.example.com/blog/img/a.jpg"),
    ],
)
def test_images_resolve_against_the_base_url(image, base_url, expected):
    result = data(f"---\ntitle: T\nimage: {image}\n---\nx", base_url=base_url)
    assert result.hero_image_url == expected


def test_categories_as_a_list_or_a_single_string():
    assert data("---\ntitle: T\ncategories: 정책\n---\nx").category_names == ["정책"]
    assert data("---\ntitle: T\ncategories: [A, B, A]\n---\nx").category_names == ["A", "B"]


@pytest.mark.parametrize(
    ("front_matter", "path", "expected", "dated"),
    [
        (
            "date: 2024-06-02 09:30:00 +0900",
            "x.html",
            datetime(2024, 6, 2, 0, 30, tzinfo=UTC),
            True,
        ),
        ("", "2024-05-05-x.html", datetime(2024, 5, 4, 15, 0, tzinfo=UTC), True),
        ("", "sub/2024-05-05-x.html", datetime(2024, 5, 4, 15, 0, tzinfo=UTC), True),
        ("", "x.html", NOW, False),
    ],
)
def test_publication_time_from_date_else_file_name_else_now(front_matter, path, expected, dated):
    result = data(f"---\ntitle: T\n{front_matter}\n---\nx", path=path)
    assert result.published_at == expected
    assert result.dated is dated


@pytest.mark.parametrize(
    ("front_matter", "path", "identity"),
    [
        ("slug: my-post\npermalink: /p/", "a.md", "permalink:/p/"),
        ("slug: my-post", "a.md", "slug:my-post"),
        ("permalink: /2024/06/p/", "a.md", "permalink:/2024/06/p/"),
        ("", "2024/a.md", "path:2024/a.md"),
    ],
)
def test_source_identity_is_permalink_then_slug_then_path_never_title(
    front_matter, path, identity
):
    assert data(f"---\ntitle: T\n{front_matter}\n---\nx", path=path).source_id == identity


def test_unknown_keys_and_original_spellings_are_kept():
    result = data(
        "---\ntitle: 2024\nlayout: post\ncomments: true\nexcerpt: >\n  folded\n"
        "tags: [a, b]\n---\nx"
    )
    assert result.title == "2024"
    assert result.excerpt == "folded"
    stored = result.front_matter
    assert stored["title"] == 2024 and stored["excerpt"] == "folded\n"
    assert stored["layout"] == "post" and stored["comments"] is True
    assert stored["tags"] == ["a", "b"]
    assert stored[posts.META_KEY]["order"] == ["title", "layout", "comments", "excerpt", "tags"]


def test_dump_keeps_key_order_and_korean_unescaped():
    text = posts.dump_front_matter({"title": "반도체", "b": 1, "a": ["x"], "lead": "one\ntwo\n"})
    assert text == "title: 반도체\nb: 1\na:\n- x\nlead: |\n  one\n  two\n"
    assert yaml.safe_load(text) == {"title": "반도체", "b": 1, "a": ["x"], "lead": "one\ntwo\n"}


def test_image_sources_are_found_and_replaced():
    body = '<p><img src="https://a.example/x.png?a=1&amp;b=2" alt="x"></p>'
    assert posts.image_sources(body) == ["https://a.example/x.png?a=1&b=2"]
    replaced = posts.replace_image_sources(body, {"https://a.example/x.png?a=1&b=2": "/m/x.png"})
    assert replaced == '<p><img src="/m/x.png" alt="x"></p>'


def test_a_yaml_alias_bomb_is_refused():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        levels.append(f"a{n}: &a{n} [{refs}]")
    text = "---\ntitle: bomb\n" + "\n".join(levels) + "\n---\n<p>x</p>\n"
    with pytest.raises(posts.PostError, match="more than 10,000 values"):
        posts.read_post(text.encode(), "bomb.html")


def test_small_yaml_aliases_still_work():
    text = "---\ntitle: t\nbase: &b {a: 1}\ncopy: *b\n---\n<p>x</p>\n"
    post = posts.read_post(text.encode(), "ok.html")
    assert post.front_matter["copy"] == {"a": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "front", ['permalink: "\\0"', 'title: "a\\0b"', 'extra: ["\\0"]', '"k\\0": 1']
)
def test_a_nul_in_the_front_matter_fails_the_file_in_words(tmp_path, front):
    # Found by tests/test_fuzz.py: PostgreSQL's "text fields cannot contain
    # NUL" failed the whole import.
    from django.core.management import CommandError, call_command

    title = "" if front.startswith("title") else "title: T\n"
    (tmp_path / "p.md").write_text(f"---\n{title}{front}\n---\nbody\n")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_posts", str(tmp_path), stdout=out, stderr=out)
    assert "NUL character" in out.getvalue()


def test_a_post_with_thousands_of_categories_is_refused_at_once():
    from importing.posts import CATEGORIES_PER_POST_MAX, PostError, category_names

    assert len(category_names([f"분야 {n}" for n in range(CATEGORIES_PER_POST_MAX)])) == 20
    with pytest.raises(PostError, match="at most 20"):
        category_names([f"분야 {n}" for n in range(2000)])
