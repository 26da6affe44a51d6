"""Search that works for Korean, on SQLite and PostgreSQL alike.

Korean words carry particles (반도체를) and compounds are written together
(반도체산업협회, AI반도체), so whole-word indexes miss them, and trigram indexes
miss two-syllable words (국회, 정책). Each article therefore keeps a table of
terms (`ArticleSearchTerm`), refreshed by `Article.save()`:

- runs of Hangul (and of Chinese or Japanese characters) become overlapping
  character bigrams: 반도체를 -> 반도, 도체, 체를; a run of one syllable is kept
  whole;
- other words (Latin letters, digits) become lowercased prefixes of 2 to 20
  characters, so "semi" finds "semiconductor" and "AI" finds "AI반도체".

A query is cut into terms the same way. An article matches when it holds
every term (several words narrow the results), and articles with more of the
terms in their title rank first, then the newest. Every lookup is an equality
on an indexed column, so the database never scans article text. See "Search"
in README.md for how this scales.
"""

import html
import re
import unicodedata

from django.db import connection
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.html import strip_tags

# Scripts written without spaces between words: indexed as character bigrams.
_CJK = "\u1100-\u11ff\u3130-\u318f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")

TERM_MAX_LENGTH = 20
WORD_MIN_LENGTH = 2
# A query is cut to this many characters and terms: enough for any real
# query, and a 10,000-character one cannot build a huge SQL statement.
QUERY_MAX_CHARS = 200
QUERY_MAX_TERMS = 16


def normalize(text: str) -> str:
    """Fold width and case: "ＡＩ" and "ai" are the same term."""
    return unicodedata.normalize("NFKC", text).casefold()


def _tokens(text: str):
    for match in _TOKEN.finditer(normalize(text)):
        token = match.group()
        if _CJK_RUN.fullmatch(token):
            if len(token) == 1:
                yield token
            else:
                yield from (token[i : i + 2] for i in range(len(token) - 1))
        elif len(token) >= WORD_MIN_LENGTH:
            yield token[:TERM_MAX_LENGTH]


def document_terms(text: str) -> set[str]:
    """Every term an article's text is found by: bigrams and word prefixes."""
    terms = set()
    for token in _tokens(text):
        if _CJK_RUN.fullmatch(token):
            terms.add(token)
        else:
            terms.update(token[:n] for n in range(WORD_MIN_LENGTH, len(token) + 1))
    return terms


def query_terms(query: str) -> list[str]:
    """The terms an article must all hold to match `query`, in query order."""
    terms = dict.fromkeys(_tokens(query[:QUERY_MAX_CHARS]))
    return list(terms)[:QUERY_MAX_TERMS]


def article_text(article) -> tuple[str, str]:
    """(title, everything else) as plain text."""
    body = html.unescape(strip_tags(article.body))
    return article.title, "\n".join([article.excerpt, article.feature_text, body])


def article_terms(article) -> dict[str, bool]:
    """Each term of the article, mapped to whether it occurs in the title."""
    title, rest = article_text(article)
    in_title = document_terms(title)
    return {term: term in in_title for term in in_title | document_terms(rest)}


def _insert_terms(rows) -> None:
    """Insert (article_id, term, in_title) rows with a plain executemany: at
    hundreds of terms per article, building model instances costs more than the
    database work."""
    from .models import ArticleSearchTerm

    if not rows:
        return
    table = connection.ops.quote_name(ArticleSearchTerm._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (article_id, term, in_title) VALUES (%s, %s, %s)", rows
        )


def index_article(article, *, new: bool = False) -> None:
    """Bring the article's rows in the term table in line with its text.

    `new`: the article was just created, so it has no rows yet to compare with.
    """
    from .models import ArticleSearchTerm

    wanted = article_terms(article)
    existing = (
        {}
        if new
        else dict(
            ArticleSearchTerm.objects.filter(article=article).values_list("term", "in_title")
        )
    )
    stale = [term for term, in_title in existing.items() if wanted.get(term) != in_title]
    if stale:
        ArticleSearchTerm.objects.filter(article=article, term__in=stale).delete()
    _insert_terms(
        [
            (article.pk, term, in_title)
            for term, in_title in wanted.items()
            if existing.get(term) != in_title
        ]
    )


def rebuild_index(articles, *, batch_size: int = 500) -> int:
    """Index many articles at once (after bulk loads); returns the rows written."""
    from .models import ArticleSearchTerm

    written, rows, ids = 0, [], []

    def flush():
        nonlocal written
        ArticleSearchTerm.objects.filter(article_id__in=ids).delete()
        _insert_terms(rows)
        written += len(rows)
        rows.clear()
        ids.clear()

    for article in articles.only("title", "excerpt", "feature_text", "body").iterator(
        chunk_size=batch_size
    ):
        ids.append(article.pk)
        rows.extend(
            (article.pk, term, in_title) for term, in_title in article_terms(article).items()
        )
        if len(ids) >= batch_size:
            flush()
    if ids:
        flush()
    return written


def search(queryset, query: str, *, rank: bool = True):
    """Articles of `queryset` that hold every term of `query`.

    With `rank`, those with more query terms in the title come first, then
    the newest. A query with no usable terms matches nothing.
    """
    from .models import ArticleSearchTerm

    terms = query_terms(query)
    if not terms:
        return queryset.none()
    # Articles holding every term: one pass over the terms' rows, grouped by
    # article ((article, term) is unique, so the count is of distinct terms).
    matches = ArticleSearchTerm.objects.filter(term__in=terms).values("article_id")
    if len(terms) > 1:
        matches = matches.annotate(found=Count("*")).filter(found=len(terms))
    queryset = queryset.filter(pk__in=matches.values("article_id"))
    if not rank:
        return queryset
    # One point per query term found in the title. Each term's title matches
    # are one uncorrelated subquery, which the database evaluates once.
    title_hits = sum(
        (
            Case(
                When(
                    pk__in=ArticleSearchTerm.objects.filter(term=term, in_title=True).values(
                        "article_id"
                    ),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
            for term in terms
        ),
        start=Value(0, output_field=IntegerField()),
    )
    return queryset.annotate(title_hits=title_hits).order_by("-title_hits", "-published_at", "-pk")
