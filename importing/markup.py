"""Markdown as Jekyll (kramdown) and GitHub wrote it, to HTML: CommonMark with
GFM tables (uneven rows too), strikethrough, footnotes, definition lists, task
lists and attribute lists, by markdown-it-py and mdit-py-plugins.

Kramdown extras handled before parsing: `{: .class}` attribute lists (inline
after an image or link, or on a line of their own after a block) and
`<div markdown="1">` blocks, whose content is Markdown. Classes are kept only
when the site styles them (`ALLOWED_CLASSES`, the body figures' alignment);
others are dropped with a warning. Raw HTML passes through: the sanitizer
decides what stays.
"""

import html
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from . import spans

ALLOWED_CLASSES = {"align-left", "align-center", "align-right"}

_md = (
    MarkdownIt("commonmark", {"html": True, "typographer": False})
    .enable(["table", "strikethrough"])
    .use(footnote_plugin)
    .use(deflist_plugin)
    .use(tasklists_plugin)
    .use(attrs_plugin)
)

# A kramdown IAL: `{: .notice #id key="v"}` (also `{:.notice}`).
_IAL = re.compile(r"\{:\s*([^}\n]*)\}")
_IAL_LINE = re.compile(r"^[ \t]*\{:\s*([^}\n]*)\}[ \t]*$", re.MULTILINE)
# An IAL on the line after an inline image or link: it belongs to it.
_IAL_AFTER_INLINE = re.compile(r"(\)|\])[ \t]*\n[ \t]*\{:\s*([^}\n]*)\}[ \t]*$", re.MULTILINE)
_MARKDOWN_DIV = re.compile(
    r"<div\b([^>]{0,500}?)\s+markdown=(?:\"1\"|'1'|1|\"block\")([^>]{0,500})>", re.IGNORECASE
)
_DIV_END = re.compile(r"</div\s*>", re.IGNORECASE)
_PLACEHOLDER = "NRBLOCK{}X"
_PLACEHOLDER_P = re.compile(r"<p>NRBLOCK(\d+)X</p>|NRBLOCK(\d+)X")
_CHECKBOX = re.compile(r'<input\b[^>]{0,200}type="checkbox"[^>]{0,200}>')
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')


def _classes(spec: str, warn) -> str:
    """The allowed classes of an attribute list, as `{.a .b}`; others warned."""
    names = re.findall(r"\.([\w-]+)", spec)
    kept = [name for name in names if name in ALLOWED_CLASSES]
    dropped = [name for name in names if name not in ALLOWED_CLASSES]
    if dropped or not names:
        warn("kramdown attribute list {: %(spec)s} dropped", spec=spec.strip())
    return "{" + " ".join("." + name for name in kept) + "}" if kept else ""


def render(source: str, warn=lambda message, **params: None, blocks=None) -> str:
    """HTML of Markdown `source`; `warn(message, **params)` hears what was dropped.

    `blocks`: HTML to put in place of `NRBLOCK<n>X` placeholders in `source`
    (a paragraph of its own, or inline), e.g. embeds made from Liquid tags."""
    blocks = list(blocks or [])
    fences = []

    def keep_fence(span):
        fences.append(span)
        return f"\x00FENCE{len(fences) - 1}\x00"

    # Code blocks are shown as written: IALs and <div markdown> inside stay.
    text = spans.sub_spans(
        source, spans.FENCE, spans.fence_end, lambda s, i, m: keep_fence(s), to_end=True
    )

    def markdown_div(span, inner, match):
        blocks.append(f"<div{match[1]}{match[2]}>{render(inner, warn, blocks)}</div>")
        return "\n\n" + _PLACEHOLDER.format(len(blocks) - 1) + "\n\n"

    text = spans.sub_spans(text, _MARKDOWN_DIV, _DIV_END, markdown_div)
    text = _IAL_AFTER_INLINE.sub(lambda m: m[1] + _classes(m[2], warn), text)
    text = _IAL_LINE.sub(lambda m: _classes(m[1], warn) and "", text)
    text = _IAL.sub(lambda m: _classes(m[1], warn), text)
    text = re.sub("\x00FENCE(\\d+)\x00", lambda m: fences[int(m[1])], text)
    rendered = _md.render(text)
    rendered = _CLASS_ATTR.sub(_keep_allowed_classes, rendered)
    # Task list boxes as characters: the sanitizer keeps no <input>.
    rendered = _CHECKBOX.sub(lambda m: "\u2611" if "checked" in m[0] else "\u2610", rendered)

    def block(match):
        index = int(match[1] or match[2])
        return blocks[index] if index < len(blocks) else match[0]

    return _PLACEHOLDER_P.sub(block, rendered)


def _keep_allowed_classes(match) -> str:
    kept = [
        name
        for name in match[1].split()
        if name in ALLOWED_CLASSES or name.startswith("language-")
    ]
    return f' class="{" ".join(kept)}"' if kept else ""


def render_plain(source: str) -> str:
    """Markdown as plain text (a lead written in Markdown): the words, no markup."""
    rendered = _md.render(source)
    text = re.sub(r"</(p|li|h\d|blockquote)>\s*", "\n\n", rendered)
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()
