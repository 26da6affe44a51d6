"""The database's own full-text engine, one class a database, fed the same tokens.

Both engines index the token text of `SearchDocument` (search/tokenizer.py)
and answer one question: the article ids of the newest documents that hold
every query term, at most `limit` of them, among the rows of a scope query.
Newest is the document's recency key (search/indexing.py), so the engine
stops after `limit` matches however many there are.

- SQLite: an FTS5 table over the document table (external content; SQLite
  3.40 has no contentless-delete), tokenized by FTS5's "ascii" tokenizer, which
  splits our token text exactly at its spaces. Triggers keep it in step with
  the document table. FTS5 walks its matches in rowid (= recency) order.
- PostgreSQL: a `tsv` tsvector column, written as a tsvector literal so that
  no text-search parser re-cuts the tokens, with a GIN index. The planner
  chooses between the GIN index (rare words) and walking the recency key
  backwards (common words).

A phrase is matched by token positions: title and body are separate columns
in FTS5; in the tsvector the body's positions start after a gap.
"""

import time
from itertools import count

from django.core.exceptions import ImproperlyConfigured

from .models import SearchDocument
from .tokenizer import Term, token_text

TABLE = SearchDocument._meta.db_table
# The alias the candidate query gives the document table; a scope query may
# refer to `{HIT}.article_id`.
HIT = "search_hit"
# How long PostgreSQL's token statistics are kept before being read again.
STATISTICS_SECONDS = 600


class SQLiteBackend:
    fts = "search_fts"
    columns = ("recency", "article_id", "title", "body")

    def install(self, cursor) -> None:
        """Create the FTS5 table and the triggers that keep it in step."""
        fts, table = self.fts, TABLE
        add = f"INSERT INTO {fts}(rowid, title, body) VALUES (new.recency, new.title, new.body);"
        remove = (
            f"INSERT INTO {fts}({fts}, rowid, title, body) "
            "VALUES ('delete', old.recency, old.title, old.body);"
        )
        for sql in [
            f"CREATE VIRTUAL TABLE {fts} USING fts5(title, body, content='{table}', "
            "content_rowid='recency', tokenize='ascii', columnsize=0)",
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
            f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {table} BEGIN {remove} {add} END",
        ]:
            cursor.execute(sql)

    def uninstall(self, cursor) -> None:
        for trigger in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {self.fts}_{trigger}")
        cursor.execute(f"DROP TABLE IF EXISTS {self.fts}")

    def begin_rebuild(self, cursor) -> None:
        # Without the FTS table and its triggers, emptying and filling the
        # document table is plain table work; the index is built once at the end.
        self.uninstall(cursor)
        cursor.execute(f"DELETE FROM {TABLE}")

    def finish_rebuild(self, cursor) -> None:
        self.install(cursor)
        cursor.execute(f"INSERT INTO {self.fts}({self.fts}) VALUES ('rebuild')")
        cursor.execute(f"INSERT INTO {self.fts}({self.fts}) VALUES ('optimize')")
        # Statistics for every table, not only ours: without them SQLite takes
        # published()'s index to be selective and, instead of fetching the
        # engine's few candidates, walks every public article.
        self.analyze(cursor)

    def analyze(self, cursor) -> None:
        """Fresh planner statistics for every table but FTS5's own: statistics
        of its shadow tables (taken while the index was small) turn its
        internal lookups into scans, and every insert then costs more than the
        last (an import slowed from 1,000 to 100 posts/s). `ANALYZE
        sqlite_schema` makes the planner read the statistics again."""
        cursor.execute("PRAGMA analysis_limit = 1000")  # sample: seconds at 1M rows
        cursor.execute("ANALYZE")
        cursor.execute(f"DELETE FROM sqlite_stat1 WHERE tbl LIKE '{self.fts}%'")
        cursor.execute("ANALYZE sqlite_schema")

    values = "%s, %s, %s, %s"

    def row(self, recency: int, article_id: int, title: list[str], body: list[str]) -> tuple:
        return (recency, article_id, token_text(title), token_text(body))

    def match(self, terms: tuple[Term, ...]) -> str:
        """An FTS5 query: quoted phrases and prefixes, ANDed. Tokens are letters
        and digits only, so nothing of the reader's query is FTS5 syntax."""
        return " AND ".join(
            f'"{" ".join(term.tokens)}"' + ("*" if term.prefix else "") for term in terms
        )

    def candidates(self, connection, terms, scope_sql: str, scope_params, limit: int):
        # CROSS JOIN keeps FTS5 the outer loop, so its rowid order serves the
        # ORDER BY and the LIMIT stops the walk.
        sql = (
            f"SELECT {HIT}.article_id FROM {self.fts} "
            f"CROSS JOIN {TABLE} AS {HIT} ON {HIT}.recency = {self.fts}.rowid "
            f"WHERE {self.fts} MATCH %s AND EXISTS ({scope_sql}) "
            f"ORDER BY {self.fts}.rowid DESC LIMIT %s"
        )
        return sql, [self.match(terms), *scope_params, limit]


class PostgreSQLBackend:
    index = "search_document_tsv"
    columns = ("recency", "article_id", "title", "body", "tsv")

    def __init__(self):
        self._frequencies = {}  # database alias -> (read at, {token: share})

    def install(self, cursor) -> None:
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS tsv tsvector NOT NULL DEFAULT ''"
        )
        # Every candidate's tsvector and body are read: kept in the row, not in
        # the TOAST table (three times faster at 100,000 articles), and
        # compressed with lz4 where PostgreSQL has it.
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE MAIN, "
            "ALTER COLUMN body SET STORAGE MAIN"
        )
        cursor.execute(
            f"DO $$ BEGIN ALTER TABLE {TABLE} ALTER COLUMN tsv SET COMPRESSION lz4, "
            "ALTER COLUMN body SET COMPRESSION lz4; "
            "EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
        )
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {self.index} ON {TABLE} USING gin (tsv)")
        # A search reads at most a few thousand rows: starting parallel workers
        # costs more than it saves (a search for a missing word took 30 ms
        # instead of 5 at a million articles).
        cursor.execute(f"ALTER TABLE {TABLE} SET (parallel_workers = 0)")

    def uninstall(self, cursor) -> None:
        cursor.execute(f"DROP INDEX IF EXISTS {self.index}")
        cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tsv")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN body SET STORAGE EXTENDED, "
            "ALTER COLUMN body SET COMPRESSION DEFAULT, RESET (parallel_workers)"
        )

    def begin_rebuild(self, cursor) -> None:
        # Loading into a table without the GIN index and building it once at
        # the end is several times faster than updating it row by row.
        cursor.execute(f"DROP INDEX IF EXISTS {self.index}")
        cursor.execute(f"TRUNCATE {TABLE}")

    def finish_rebuild(self, cursor) -> None:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        self.install(cursor)
        self.analyze(cursor)

    def analyze(self, cursor) -> None:
        cursor.execute("ANALYZE")

    values = "%s, %s, %s, %s, %s::tsvector"

    def row(self, recency: int, article_id: int, title: list[str], body: list[str]) -> tuple:
        return (recency, article_id, token_text(title), token_text(body), tsvector(title, body))

    def match(self, terms: tuple[Term, ...]) -> str:
        """A tsquery literal: phrases (<->) and prefixes (:*), ANDed."""

        def lexeme(token, prefix=False):
            return f"'{token}'" + (":*" if prefix else "")

        return " & ".join(
            "(" + " <-> ".join(lexeme(t, term.prefix) for t in term.tokens) + ")" for term in terms
        )

    def frequencies(self, connection) -> dict[str, float]:
        """How common the most common tokens are (the share of documents
        holding each), from the column's statistics; read every few minutes."""
        read_at, found = self._frequencies.get(connection.alias, (None, {}))
        if read_at is None or time.monotonic() - read_at > STATISTICS_SECONDS:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT element, stats.most_common_elem_freqs[n] FROM pg_stats AS stats, "
                    "unnest(stats.most_common_elems::text::text[]) WITH ORDINALITY "
                    "AS elements(element, n) "
                    "WHERE stats.schemaname = current_schema() AND stats.tablename = %s "
                    "AND stats.attname = 'tsv'",
                    [TABLE],
                )
                found = dict(cursor.fetchall())
            self._frequencies[connection.alias] = (time.monotonic(), found)
        return found

    def outline(self, terms: tuple[Term, ...], frequencies: dict[str, float]):
        """Each phrase by its rarest bigram (a token the statistics do not list
        is rarer than any they do): what the planner is shown (see below)."""
        return tuple(
            Term((min(term.tokens, key=lambda token: frequencies.get(token, 0.0)),), term.prefix)
            for term in terms
        )

    def candidates(self, connection, terms, scope_sql: str, scope_params, limit: int):
        # The planner estimates a tsquery's matches as the product of its
        # lexemes' frequencies, but the bigrams of one word go together: for
        # 인공지능 it would expect a few rows where there are thousands, and
        # fetch and recheck them all through the GIN index instead of walking
        # the recency key until `limit` matches. So the condition it sees (and
        # the index uses) has only the rarest bigram of each word, and the whole
        # query is checked by a function call, which it does not estimate.
        outline = self.outline(terms, self.frequencies(connection))
        where, params = f"{HIT}.tsv @@ %s::tsquery", [self.match(outline)]
        if outline != terms:
            where += f" AND ts_match_vq({HIT}.tsv, %s::tsquery)"
            params.append(self.match(terms))
        sql = (
            f"SELECT {HIT}.article_id FROM {TABLE} AS {HIT} "
            f"WHERE {where} AND EXISTS ({scope_sql}) "
            f"ORDER BY {HIT}.recency DESC LIMIT %s"
        )
        return sql, [*params, *scope_params, limit]


def tsvector(title_tokens: list[str], body_tokens: list[str]) -> str:
    """A tsvector literal with every token's positions: the title from 1, the
    body after a gap, so that no phrase runs from the title into the body.
    PostgreSQL keeps the first 256 positions of a token."""
    # A lexeme may be written once per position; PostgreSQL merges them.
    return " ".join(
        [
            *map("'{}':{}".format, title_tokens, range(1, len(title_tokens) + 1)),
            *map("'{}':{}".format, body_tokens, count(len(title_tokens) + 2)),
        ]
    )


def insert_sql(backend, *, upsert: bool) -> str:
    """The statement that writes one `backend.row()`; with `upsert`, replacing
    the article's document if it has one."""
    columns = ", ".join(backend.columns)
    sql = f"INSERT INTO {TABLE} ({columns}) VALUES ({backend.values})"
    if upsert:
        updates = ", ".join(f"{c} = excluded.{c}" for c in backend.columns if c != "article_id")
        sql += f" ON CONFLICT (article_id) DO UPDATE SET {updates}"
    return sql


_BACKENDS = {"sqlite": SQLiteBackend(), "postgresql": PostgreSQLBackend()}


def backend_for(connection):
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
