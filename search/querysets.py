"""Searching a queryset: `Article.objects.published().search(q)`.

Bounded work per query, whatever the size of the archive:

1. The engine hands out the ids of the newest `WINDOW` documents that hold
   every query term and whose article is in the queryset being searched
   (search/backends.py). Drafts, scheduled and hidden articles are skipped
   there, so they never crowd readers' matches out of the window.
2. Those candidates are ranked: articles with more query terms in the title
   first, then those whose body holds the terms more often (each term counts
   up to three times), then the queryset's own order (newest first). The
   ranking reads the stored token text of the candidates only, the same SQL on
   both databases, so both give the same order.

A search with more than `WINDOW` matches shows the newest `WINDOW` of them,
ranked: pages say "1,000+". The engine's own scores are not used: FTS5's bm25()
counts every match of every term to weigh them (work that grows with the
archive), and ts_rank() would order differently from it.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Least, Length, Replace

from .backends import HIT, backend_for
from .models import SearchDocument
from .tokenizer import Term, parse_query

WINDOW = 1000
# A term's body occurrences count up to this many times: past that, newer wins.
BODY_HITS_MAX = 3
_TITLE_WEIGHT = 64  # more than the most a body can score (16 terms x 3)


def _occurrences(field: str, term: Term):
    removed = Length(field) - Length(Replace(field, Value(term.pattern)))
    return removed / Value(len(term.pattern))


def _rank(terms: tuple[Term, ...]):
    title = sum(
        (
            Case(When(title__contains=term.pattern, then=Value(1)), default=Value(0))
            for term in terms
        ),
        start=Value(0),
    )
    body = sum(
        (Least(_occurrences("body", term), Value(BODY_HITS_MAX)) for term in terms), start=Value(0)
    )
    document = SearchDocument.objects.filter(article_id=OuterRef("pk"))
    return Subquery(
        document.annotate(rank=title * Value(_TITLE_WEIGHT) + body).values("rank"),
        output_field=models.IntegerField(),
    )


def search(queryset, query: str, *, rank: bool = True):
    """The rows of `queryset` whose text holds every term of `query`: at most
    the newest `WINDOW` of them, ranked (see above), or with `rank=False` in
    the queryset's own order. A query with nothing to search for matches
    nothing."""
    terms = parse_query(query)
    if not terms:
        return queryset.none()
    connection = connections[queryset.db]
    scope = queryset.order_by().filter(
        pk=RawSQL(f"{HIT}.article_id", (), output_field=models.BigIntegerField())
    )
    try:
        scope_sql, scope_params = (
            scope.values("pk").query.get_compiler(connection=connection).as_sql()
        )
    except EmptyResultSet:
        return queryset.none()
    backend = backend_for(connection)
    sql, params = backend.candidates(connection, terms, scope_sql, scope_params, WINDOW)
    found = queryset.filter(pk__in=RawSQL(sql, params))
    if not rank:
        return found
    ordering = list(queryset.query.order_by) or (
        list(queryset.model._meta.ordering) if queryset.query.default_ordering else []
    )
    return found.annotate(search_rank=_rank(terms)).order_by("-search_rank", *ordering)


class SearchQuerySetMixin:
    """Gives a queryset `search(query, rank=True)`; its model's primary key is
    the `article_id` of the search documents."""

    def search(self, query: str, *, rank: bool = True):
        return search(self, query, rank=rank)
