"""Bounds on the work staff input can cause, checked before the expensive step.

html5ever (under nh3) is super-linear in how deep tags nest, and
Python-Markdown is quadratic in brackets that stay open: a 160 KB body can
take a sanitizer 20+ seconds. Every body is therefore measured first, by
linear scans, and refused with a message naming the limit. Dates are held to
what Python, both databases and every page can show: years 1 to 9999 in UTC
and in TIME_ZONE.
"""

import re
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Each overridable by a setting of the same name.
DEFAULTS = {
    # A long article is tens of kilobytes; sanitizing 1 MB takes about 0.1 s.
    "ARTICLE_BODY_MAX_BYTES": 1024 * 1024,
    # Real articles nest tags less than 30 deep.
    "ARTICLE_BODY_MAX_DEPTH": 100,
    # Rendering Markdown costs about 2 s a megabyte.
    "ARTICLE_MARKDOWN_MAX_BYTES": 256 * 1024,
    # Characters Python-Markdown reads past open brackets ([, (, <) looking for
    # their ends: '[' * 8000 alone makes it read 32 million.
    "ARTICLE_MARKDOWN_MAX_SCAN": 1_000_000,
}


def limit(name: str) -> int:
    return getattr(settings, name, DEFAULTS[name])


# Elements that never hold content, and ones whose content is text, not tags.
_VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes noscript".split())
# Opening one of these closes an open one of the same group (`<li>a<li>b`),
# as HTML parsers do, so unclosed list items and paragraphs are not "nesting".
_CLOSES_PEER = {
    "li": {"li"},
    "dt": {"dd", "dt"},
    "dd": {"dd", "dt"},
    "p": {"p"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}
# A peer is closed only when found above the nearest of these.
_SCOPE = frozenset("ul ol dl table tbody thead tfoot select div blockquote td th".split())
# Only where a tag starts: where it ends (quotes, a missing `>`) cannot make the
# scan go back over the text, and a `<b` inside an attribute only counts more.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)|<!--.*?(?:-->|\Z)", re.DOTALL)


def nesting_depth(html: str, stop_at: int) -> int:
    """How deep tags nest in `html`, counted as a browser would build the
    tree closely enough for a bound, erring on the deep side (unclosed tags
    count, end tags close the nearest open match). Stops as soon as the depth
    exceeds `stop_at`, so the work is linear in the text (each step looks at
    most `stop_at` deep)."""
    stack: list[str] = []
    position = 0
    while True:
        match = _TAG.search(html, position)
        if match is None:
            return len(stack)
        position = match.end()
        name = match[2]
        if name is None:  # a comment
            continue
        name = name.lower()
        if match[1]:  # an end tag
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] == name:
                    del stack[index:]
                    break
            continue
        if name in _VOID:
            continue
        if name in _RAW_TEXT:
            end = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(html, position)
            position = end.end() if end else len(html)
            continue
        peers = _CLOSES_PEER.get(name)
        if peers:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] in peers:
                    del stack[index:]
                    break
                if stack[index] in _SCOPE:
                    break
        stack.append(name)
        if len(stack) > stop_at:
            return len(stack)


def _check_size(text: str, setting: str, message: str, *, code: str) -> None:
    """Refuse `text` over the setting's number of bytes (UTF-8)."""
    max_bytes = limit(setting)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ValidationError(
            message % {"size": f"{size:,}", "limit": f"{max_bytes:,}"}, code=code
        )


def check_body(html: str) -> None:
    """Refuse (ValidationError) a body too large or too deeply nested to sanitize
    in bounded time."""
    if not html:
        return
    _check_size(
        html,
        "ARTICLE_BODY_MAX_BYTES",
        _(
            "The body is too large: %(size)s bytes, more than the limit of %(limit)s "
            "bytes. Split it into several articles."
        ),
        code="body_too_large",
    )
    max_depth = limit("ARTICLE_BODY_MAX_DEPTH")
    if nesting_depth(html, max_depth) > max_depth:
        raise ValidationError(
            _(
                "The body nests tags more than %(limit)s deep (lists in lists, boxes in "
                "boxes, or tags that are never closed). Simplify its structure."
            )
            % {"limit": max_depth},
            code="body_too_deep",
        )


_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
_BRACKETS = {"]": "[", ")": "(", ">": "<"}


def markdown_scan_cost(source: str, stop_at: int) -> int:
    """About how many characters Python-Markdown reads looking for the ends of
    brackets: for each `[`, `(` or `<`, the distance to its end, or to the end
    of its paragraph when it has none. Linear; stops past `stop_at`."""
    cost = 0
    for block in _BLOCK_BREAK.split(source):
        open_at: dict[str, list[int]] = {"[": [], "(": [], "<": []}
        for index, char in enumerate(block):
            if char in open_at:
                open_at[char].append(index)
            elif char in _BRACKETS and open_at[_BRACKETS[char]]:
                cost += index - open_at[_BRACKETS[char]].pop()
        for positions in open_at.values():
            cost += sum(len(block) - position for position in positions)
        if cost > stop_at:
            return cost
    return cost


def check_markdown(source: str) -> None:
    """Refuse (ValidationError) Markdown that would take too long to render."""
    if not source:
        return
    _check_size(
        source,
        "ARTICLE_MARKDOWN_MAX_BYTES",
        _(
            "The Markdown body is too large: %(size)s bytes, more than the limit of "
            "%(limit)s bytes. Split it into several posts."
        ),
        code="markdown_too_large",
    )
    max_scan = limit("ARTICLE_MARKDOWN_MAX_SCAN")
    if markdown_scan_cost(source, max_scan) > max_scan:
        raise ValidationError(
            _(
                "The Markdown body has too many brackets ([, ( or <) that are never "
                "closed; rendering it would take too long. Close or escape them (\\[)."
            ),
            code="markdown_brackets",
        )


def check_datetime(value: datetime | None) -> None:
    """Refuse a time whose year is outside 1 to 9999 in UTC or in TIME_ZONE:
    neither Python nor the pages that show it could."""
    if value is None:
        return
    try:
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        aware.astimezone(UTC)
        aware.astimezone(timezone.get_default_timezone())
    except (OverflowError, ValueError):
        raise ValidationError(
            _("Enter a time between the years 1 and 9999 (in UTC and in %(zone)s).")
            % {"zone": settings.TIME_ZONE},
            code="date_out_of_range",
        ) from None
