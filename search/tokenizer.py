"""What search sees of a text: the same tokens for every database.

Korean words carry particles (반도체를) and compounds are written together
(반도체산업협회, AI반도체), PostgreSQL has no Korean text-search configuration
and SQLite FTS5's tokenizers split only on spaces, so the cutting is ours and
the engines only ever see its output, tokens joined by single spaces:

- runs of Hangul (and of Chinese or Japanese characters) become overlapping
  character bigrams: 반도체를 -> 반도 도체 체를; a run of one syllable stays whole;
- other words (Latin letters, digits) are kept whole, lowercased; a query word
  matches the words it begins ("semi" finds "semiconductor");
- text is NFKC-normalized first ("ＡＩ" is "ai") and HTML is stripped.

A query is cut the same way into terms: each Hangul run is a phrase of its
bigrams, which must stand next to each other in the text (so 반도체 is not
found by 반도의 전도체), each other word a prefix. An article matches when it
holds every term.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

# Scripts written without spaces between words: cut into character bigrams.
_CJK = "\u1100-\u11ff\u3130-\u318f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
_RUN = re.compile(rf"(?P<cjk>[{_CJK}]+)|[^\W_{_CJK}]+")

# Words of one letter or digit are not indexed (they would be in every
# article); longer words are cut, queries alike.
WORD_MIN_LENGTH = 2
WORD_MAX_LENGTH = 64
# Tokens kept per field. PostgreSQL keeps token positions up to 16,383, and
# both engines must see the same tokens: the body beyond ~16,000 characters of
# Korean is not searchable.
TITLE_MAX_TOKENS = 256
BODY_MAX_TOKENS = 16_000
# A query is cut to this many characters and tokens: enough for any real
# query, and a 10,000-character one cannot build a huge statement.
QUERY_MAX_CHARS = 200
QUERY_MAX_TOKENS = 16

# Every token in one pass of the regular expression engine (indexing a
# million articles is mostly this): at each character, the token starting
# there if any (a bigram, a syllable standing alone, or the start of a word),
# then step over one syllable or a whole word.
_TOKEN = re.compile(
    rf"(?=([{_CJK}]{{2}}|(?<![{_CJK}])[{_CJK}](?![{_CJK}])"
    rf"|[^\W_{_CJK}]{{{WORD_MIN_LENGTH},{WORD_MAX_LENGTH}}}))"
    rf"(?:[{_CJK}]|[^\W_{_CJK}]+)"
)

# Tags inside a word (<b>반도</b>체) join their sides; any other tag separates
# words, as a paragraph or a line break does on the page.
_INLINE_TAGS = (
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q rp rt ruby s samp "
    "small span strike strong sub sup time tt u var wbr"
).split()
# No "<" inside a tag, so that text full of stray "<" is read in linear time.
_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)?(?:[^<>"']|"[^"<]*"|'[^'<]*')*>""")


def normalize(text: str) -> str:
    """Fold width and case: "ＡＩ" and "ai" are the same word."""
    return unicodedata.normalize("NFKC", text).casefold()


def _tag_gap(match: re.Match) -> str:
    return "" if (match.group(2) or "").lower() in _INLINE_TAGS else " "


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment, as a reader sees it (tags out, entities in)."""
    return html.unescape(_TAG.sub(_tag_gap, markup))


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return list(map(str.__add__, run, run[1:]))


def tokens(text: str, limit: int | None = None) -> list[str]:
    """The tokens of plain text, in order, at most `limit` of them."""
    found = _TOKEN.findall(normalize(text))
    return found if limit is None else found[:limit]


@dataclass(frozen=True)
class Term:
    """What a query word requires of a text: its tokens in a row (a phrase of
    bigrams, one syllable, or one word), or with `prefix`, a word beginning so."""

    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def pattern(self) -> str:
        """The term as it occurs in space-padded token text (see `token_text`):
        " 반도 도체", " 김 " (a whole syllable), " semi" (a word's beginning)."""
        text = " " + " ".join(self.tokens)
        # A two-character bigram ends where it ends; a lone syllable must not
        # be the start of a bigram.
        return text + " " if len(self.tokens[-1]) == 1 else text


def parse_query(query: str) -> tuple[Term, ...]:
    """The terms of `query`, in order, without repeats; empty when nothing in
    it can be searched for (punctuation, single letters)."""
    terms: list[Term] = []
    budget = QUERY_MAX_TOKENS
    for match in _RUN.finditer(normalize(query[:QUERY_MAX_CHARS])):
        run = match.group()
        if match.lastgroup == "cjk":
            term = Term(tuple(_bigrams(run)[:budget]))
        elif len(run) >= WORD_MIN_LENGTH:
            term = Term((run[:WORD_MAX_LENGTH],), prefix=True)
        else:
            continue
        if term not in terms:
            terms.append(term)
            budget -= len(term.tokens)
        if budget <= 0:
            break
    return tuple(terms)


def token_text(found: list[str]) -> str:
    """Tokens as the engines store them: joined and padded by single spaces, so
    that every token, first and last included, has a space on each side."""
    return f" {' '.join(found)} " if found else ""
