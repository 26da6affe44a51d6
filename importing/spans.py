"""Finding `opening ... closing` spans in linear time.

A regular expression such as `<pre\\b.*?</pre>` scans to the end of the text
from every opening that is never closed: quadratic, minutes for a body made of
`<pre>` repeated. Here each closing is searched for once from its opening, and
once none follows, the search stops (none follows a later opening either).
"""

import re
from collections.abc import Callable


def spans(text: str, opening: re.Pattern, closing, *, to_end: bool = False):
    """(opening match, closing match or None) of each span, in order.

    `closing`: a compiled pattern, or a function of the opening match giving
    one (then a missing closing ends only that opening's search). With
    `to_end`, an unclosed span runs to the end of the text (Markdown fences)."""
    position = 0
    while (start := opening.search(text, position)) is not None:
        pattern = closing(start) if callable(closing) else closing
        end = pattern.search(text, start.end())
        if end is None:
            if to_end:
                yield start, None
                return
            if not callable(closing):
                return  # no closing after this one: none after later ones either
            position = start.end()
            continue
        yield start, end
        position = end.end()


def sub_spans(
    text: str,
    opening: re.Pattern,
    closing,
    replace: Callable[[str, str, re.Match], str],
    *,
    to_end: bool = False,
) -> str:
    """`text` with each span replaced by `replace(span, inner, opening match)`."""
    parts, last = [], 0
    for start, end in spans(text, opening, closing, to_end=to_end):
        stop = end.end() if end is not None else len(text)
        inner = text[start.end() : end.start() if end is not None else len(text)]
        parts.append(text[last : start.start()])
        parts.append(replace(text[start.start() : stop], inner, start))
        last = stop
    parts.append(text[last:])
    return "".join(parts)


PRE = re.compile(r"<pre\b[^>]*>", re.IGNORECASE)
PRE_END = re.compile(r"</pre\s*>", re.IGNORECASE)
CODE = re.compile(r"<code\b[^>]*>", re.IGNORECASE)
CODE_END = re.compile(r"</code\s*>", re.IGNORECASE)
FENCE = re.compile(r"^([ \t]{0,3})(`{3,}|~{3,})[^\n]*(?:\n|$)", re.MULTILINE)


def fence_end(start: re.Match) -> re.Pattern:
    char, length = start[2][0], len(start[2])
    return re.compile(rf"^[ \t]{{0,3}}{re.escape(char)}{{{length},}}[ \t]*$", re.MULTILINE)


def sub_code(text: str, replace, *, markdown: bool) -> str:
    """`text` with its code (Markdown fences, `<pre>`, `<code>`) replaced by
    `replace(span)`; backtick spans are left to the caller."""
    if markdown:
        text = sub_spans(text, FENCE, fence_end, lambda s, i, m: replace(s), to_end=True)
    text = sub_spans(text, PRE, PRE_END, lambda s, i, m: replace(s))
    return sub_spans(text, CODE, CODE_END, lambda s, i, m: replace(s))
