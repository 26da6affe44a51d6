"""Cleaning clean HTML changes nothing: `sanitize(sanitize(x)) == sanitize(x)`,
over the post fixtures, the workplace's sample posts, the imported sites'
bodies, and seeded random HTML (so a failure is reproducible by its seed).

Were it not so, a re-import would report "updated" and bump the version, and
export would give up a Markdown source whose rendering no longer matched."""

import random
from pathlib import Path

import pytest

from articles.sanitize import sanitize_html
from importing import posts

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parent.parent.parent / "shared" / "samples"

TAGS = [
    "p", "pre", "code", "div", "span", "a", "img", "table", "tr", "td", "th", "ul", "li",
    "figure", "figcaption", "blockquote", "details", "summary", "script", "style",
    "iframe", "textarea", "b", "i", "br", "hr", "h2", "dl", "dt", "dd", "section", "svg",
    "math", "template", "noscript", "select", "option", "caption", "tbody", "listing",
]  # fmt: skip
ATTRIBUTES = [
    'href="https://example.org/a?b=1&amp;c=2"', 'src="/x.png"', 'alt="a &lt;b&gt; &quot;c"',
    'class="align-left"', "onclick=\"alert('x')\"", 'title="t\nu"', 'href="javascript:x"',
    "data-ke-size=size16", 'rel="nofollow"', "width=10", "colspan=2",
]  # fmt: skip
TEXT = [
    "", "\n", "\n\n", " ", "text", "한국어 본문", "&amp;", "&nbsp;", "&lt;pre&gt;", "a < b",
    "x > y", "\t", "&#0;", "\r\n", "<!-- note -->", "]]>", "&", "<", "\u00a0", "{{ x }}",
]  # fmt: skip


def random_html(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.45 or depth > 4:
            parts.append(rng.choice(TEXT))
        else:
            tag = rng.choice(TAGS)
            attributes = " ".join(rng.sample(ATTRIBUTES, rng.randint(0, 2)))
            opening = f"<{tag}{' ' + attributes if attributes else ''}>"
            inner = rng.choice(["", "\n", "\n\n"]) + random_html(rng, depth + 1)
            closing = f"</{tag}>" if rng.random() < 0.85 else ""  # unclosed, at times
            parts.append(opening + inner + closing)
    return "".join(parts)


def corpus() -> list[tuple[str, str]]:
    items = []
    files = sorted(FIXTURES.rglob("*"))
    if SAMPLES.is_dir():
        files += sorted(SAMPLES.iterdir())
    for file in files:
        if not file.is_file() or file.suffix.lower() not in posts.POST_SUFFIXES:
            continue
        try:
            post = posts.read_post(file.read_bytes(), file.name)
        except posts.PostError:
            continue  # the broken fixtures
        items.append((f"{file.name} (as HTML)", post.body))
        items.append((f"{file.name} (as Markdown)", posts.render_markdown(post.body)))
    return items


@pytest.mark.parametrize(("name", "html"), corpus())
def test_cleaning_the_corpus_twice_changes_nothing(name, html):
    once = sanitize_html(html)
    assert sanitize_html(once) == once, name


def test_cleaning_random_html_twice_changes_nothing():
    for seed in range(3000):
        html = random_html(random.Random(seed))
        once = sanitize_html(html)
        assert sanitize_html(once) == once, (seed, html, once)


@pytest.mark.parametrize(
    "html",
    [
        "<pre>kept\n\n</pre>",
        "<pre>\n\ncode after a blank line</pre>",
        "<p>x</p>\n\n<pre>\n\ny</pre>",
        "<pre>\n\n</pre>",
        '<img src="/a.png" alt="<pre>\n">',
    ],
)
def test_pre_with_leading_newlines(html):
    once = sanitize_html(html)
    assert sanitize_html(once) == once
