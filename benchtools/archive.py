"""A large synthetic archive, written in bulk (the `build_archive` command).

Rows go straight to the tables: PostgreSQL gets them through COPY (psycopg 3's
`cursor.copy()`), other databases through one `executemany` per table and
batch, each batch in one transaction. Nothing passes through `Article.save()`,
so nothing derived from an article is written here: the caller runs the
project's rebuild commands afterwards (see `rebuild_derived`).

The columns written are read from the model, not listed by hand: a field
added later (a maintained flag, say) gets its default, fields the database
fills itself (`db_default`, generated columns) are left to it.

Articles are numbered `article-0000001` upwards in publication order; the
archive spans `years` up to a few minutes ago. Most articles are public; a
few of each other kind are there so every visibility rule has rows to act on:

- draft: never published;
- scheduled: published with a time still ahead;
- expired: past their embargo end;
- held: published, but only in a proposed or a retired category;
- public with an embargo end still ahead (`embargo_ahead`).
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.core.management import call_command, get_commands
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, Max

from articles.models import Article, Category
from search.indexing import refresh_statistics

from .korean import DEFAULT_CATEGORIES, RARE_RATE, KoreanNewsWriter

SLUG_FORMAT = "article-{:07d}"
MAX_ARTICLES = 9_999_999  # what seven digits number
HERO_RATE = 0.10
SECOND_CATEGORY_RATE = 0.25
FEATURE_TEXT_RATE = 0.4
# Categories that exist but let nothing out: articles only in them are held.
PROPOSED_CATEGORY = "우주항공"
RETIRED_CATEGORY = "지난 연재"
# Cumulative shares of the non-public kinds; the rest is public.
STATE_SHARES = (
    ("draft", 0.010),
    ("scheduled", 0.003),
    ("expired", 0.003),
    ("held", 0.002),
    ("embargo_ahead", 0.005),
)
PUBLIC_STATES = {"public", "embargo_ahead"}
# Only the news sections skew: the first holds about a fifth of the articles.
CATEGORY_SKEW = 0.3
# The rebuild commands that fill what the site derives from articles and links.
DERIVED_COMMANDS = ("rebuild_listings", "rebuild_search_index")


@dataclass
class Result:
    articles: int = 0
    links: int = 0
    first_number: int = 1
    states: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def public(self) -> int:
        return sum(self.states[state] for state in PUBLIC_STATES)


def category_weights(count: int) -> list[float]:
    """Zipf-like shares: the first category largest, the last a third of it."""
    return [1 / (rank + 1) ** CATEGORY_SKEW for rank in range(count)]


def ensure_categories(names) -> tuple[list[Category], Category, Category]:
    """The approved categories by name (created when missing), and one proposed
    and one retired category for held articles."""
    approved = [
        Category.objects.get_or_create(name=name, defaults={"status": Category.Status.APPROVED})[0]
        for name in names
    ]
    proposed = Category.objects.get_or_create(
        name=PROPOSED_CATEGORY, defaults={"status": Category.Status.PROPOSED}
    )[0]
    retired = Category.objects.get_or_create(
        name=RETIRED_CATEGORY, defaults={"status": Category.Status.RETIRED}
    )[0]
    return approved, proposed, retired


def next_article_number() -> int:
    """One past the highest `article-NNNNNNN` slug, so appends continue the numbering."""
    newest = (
        Article.objects.filter(slug__regex=r"^article-[0-9]{7}$")
        .order_by("-slug")
        .values_list("slug", flat=True)
        .first()
    )
    return int(newest.removeprefix("article-")) + 1 if newest else 1


class ArticleRows:
    """Rows for the article table in the model's column order."""

    GENERATED = (
        "id title slug excerpt feature_text hero_image_alt hero_image_url body byline "
        "status published_at expires_at created_at updated_at"
    ).split()

    def __init__(self):
        self.fields = [
            f
            for f in Article._meta.concrete_fields
            if not getattr(f, "generated", False)
            and not (f.has_db_default() and not f.has_default())
        ]
        self.columns = [f.column for f in self.fields]
        self.template = [f.get_db_prep_save(f.get_default(), connection) for f in self.fields]
        names = [f.name for f in self.fields]
        self.index = {name: names.index(name) for name in self.GENERATED}
        self.datetimes = [
            self.index[name] for name in ("published_at", "expires_at", "created_at", "updated_at")
        ]
        # psycopg adapts aware datetimes itself; other backends store their own text form.
        self.adapt = (
            None if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value
        )

    def row(self, values: dict) -> list:
        row = self.template.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        if self.adapt:
            for i in self.datetimes:
                if row[i] is not None:
                    row[i] = self.adapt(row[i])
        return row


class ArchiveWriter:
    """Generates and writes articles and their category links, batch by batch."""

    def __init__(self, *, categories, seed: int, years: float, now: datetime | None = None):
        self.rng = random.Random(seed)
        self.now = (now or datetime.now(UTC)).replace(microsecond=0)
        self.years = years
        self.approved, self.proposed, self.retired = ensure_categories(categories)
        self.writer = KoreanNewsWriter(self.rng, [c.name for c in self.approved])
        self.cum_weights = list(accumulate(category_weights(len(self.approved))))
        self.rows = ArticleRows()
        link_model = Article.categories.through
        self.link_table = link_model._meta.db_table
        self.link_columns = [
            link_model._meta.get_field("article").column,
            link_model._meta.get_field("category").column,
        ]

    def build(self, count: int, *, batch: int, progress=None) -> Result:
        result = Result(first_number=next_article_number())
        first_id = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        end = self.now - timedelta(minutes=5)
        step = timedelta(days=365.25 * self.years) / max(count, 1)
        start = end - step * count
        started = time.perf_counter()
        for offset in range(0, count, batch):
            size = min(batch, count - offset)
            articles, links = [], []
            for i in range(offset, offset + size):
                slot = start + step * (i + 0.9 * self.rng.random())
                values, categories, state = self.article(
                    first_id + i, result.first_number + i, slot.replace(microsecond=0)
                )
                articles.append(self.rows.row(values))
                links.extend((values["id"], category.pk) for category in categories)
                result.states[state] += 1
            with transaction.atomic():
                self.write(Article._meta.db_table, self.rows.columns, articles)
                self.write(self.link_table, self.link_columns, links)
                # The ids were given, so move the id sequence past them (PostgreSQL),
                # batch by batch: an interrupted build leaves a usable database.
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [Article]):
                        cursor.execute(sql)
            result.articles += size
            result.links += len(links)
            result.seconds = time.perf_counter() - started
            if progress:
                progress(result)
        return result

    def article(self, pk: int, number: int, slot: datetime):
        r, text = self.rng, self.writer
        primary = r.choices(self.approved, cum_weights=self.cum_weights)[0]
        categories = [primary]
        if r.random() < SECOND_CATEGORY_RATE:
            second = r.choices(self.approved, cum_weights=self.cum_weights)[0]
            if second != primary:
                categories.append(second)
        state = "public"
        draw = r.random()
        for name, share in STATE_SHARES:
            if draw < share:
                state = name
                break
            draw -= share
        section = primary.name
        published_at, expires_at = slot, None
        match state:
            case "draft":
                published_at = None
            case "scheduled":
                published_at = self.now + timedelta(hours=r.uniform(1, 24 * 30))
            case "expired":
                expires_at = slot + (self.now - slot) * r.uniform(0.1, 0.9)
            case "held":
                categories = [self.proposed if r.random() < 0.5 else self.retired]
            case "embargo_ahead":
                expires_at = self.now + timedelta(days=r.uniform(30, 365))
        hero = r.random() < HERO_RATE
        byline = text.reporter()
        story = text.story(
            section, byline, feature=r.random() < FEATURE_TEXT_RATE, rare=r.random() < RARE_RATE
        )
        values = {
            "id": pk,
            "slug": SLUG_FORMAT.format(number),
            "title": story.title,
            "excerpt": story.excerpt,
            "feature_text": story.feature_text,
            "body": story.body,
            "byline": byline,
            "hero_image_url": (
                f"https://images.newsroom.example/hero/{r.randint(1, 300):03d}.jpg" if hero else ""
            ),
            "hero_image_alt": f"{section} 자료 사진" if hero else "",
            "status": (
                Article.Status.DRAFT if state == "draft" else Article.Status.PUBLISHED
            ).value,
            "published_at": published_at,
            "expires_at": expires_at,
            "created_at": slot - timedelta(minutes=r.randint(5, 600)),
            "updated_at": slot if published_at is None else max(slot, published_at),
        }
        return values, categories, state

    def write(self, table: str, columns: list[str], rows: list) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(column) for column in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Only this transaction skips the wait for the WAL flush.
                cursor.execute("SET LOCAL synchronous_commit = off")
                with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


class fast_sqlite_writes:
    """On SQLite, outside a transaction: no fsync and a big page cache while
    building (a crash loses the archive, which is rebuilt anyway)."""

    def __enter__(self):
        self.active = connection.vendor == "sqlite" and not connection.in_atomic_block
        if self.active:
            with connection.cursor() as cursor:
                self.synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
                cursor.execute("PRAGMA synchronous = OFF")
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
                cursor.execute("PRAGMA temp_store = MEMORY")
        return self

    def __exit__(self, *exc):
        if self.active:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA synchronous = {int(self.synchronous)}")
        return False


def rebuild_derived(stdout) -> dict[str, float | None]:
    """Run each rebuild command this code base has; seconds per command (None: absent)."""
    available = get_commands()
    seconds = {}
    for name in DERIVED_COMMANDS:
        if name not in available:
            seconds[name] = None
            continue
        started = time.perf_counter()
        call_command(name, stdout=stdout)
        seconds[name] = time.perf_counter() - started
    return seconds


def analyze() -> str:
    """Fresh planner statistics; VACUUM too on PostgreSQL when not inside a
    transaction (it also sets the visibility map that index-only scans need)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(statement)
            return statement
    refresh_statistics()  # SQLite: ANALYZE without FTS5's shadow tables
    return "ANALYZE"


def category_sizes() -> list[tuple[str, str, int]]:
    """(name, status, articles) for every category, largest first."""
    return [
        (c.name, c.status, c.size)
        for c in Category.objects.annotate(size=Count("articles")).order_by("-size", "name")
    ]


__all__ = [
    "DEFAULT_CATEGORIES",
    "MAX_ARTICLES",
    "ArchiveWriter",
    "Result",
    "analyze",
    "category_sizes",
    "fast_sqlite_writes",
    "rebuild_derived",
]
