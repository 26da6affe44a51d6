"""Marking a query's words in a title or an excerpt (the search results page).

The words are the query's runs as the tokenizer reads them (a Hangul run, or a
word of letters and digits), found as typed anywhere in the text: search
matches a Hangul word where its bigrams stand side by side ("반도체" in
"AI반도체를") and a Latin word where a word begins with it ("semi" in
"semiconductor"), so marking the substring marks what matched. The text is
escaped piece by piece, never the marks.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .tokenizer import _RUN, QUERY_MAX_CHARS, WORD_MIN_LENGTH, normalize


def query_pattern(query: str) -> re.Pattern | None:
    words = {
        match.group()
        for match in _RUN.finditer(normalize(query[:QUERY_MAX_CHARS]))
        if match.lastgroup == "cjk" or len(match.group()) >= WORD_MIN_LENGTH
    }
    if not words:
        return None
    # Longest first, so "반도체산업" wins over "반도체" where both match.
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)


def highlight(text: str, query: str) -> SafeString:
    """`text` escaped, with each occurrence of a query word in <mark>."""
    text = str(text or "")
    pattern = query_pattern(query or "")
    if pattern is None:
        return mark_safe(escape(text))
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
