"""Fuzzing: hostile input to every public URL, the admin's forms, changelists
and post import, and `import_posts`. Nothing may answer 500 (or raise), and no
single request or file may take more than `FUZZ_CPU_SECONDS` of CPU.

The inputs come from a seeded `random.Random`, so a failure reproduces: the
message names the seed, the round and the offending input. Knobs (environment):

- `FUZZ_ROUNDS` (default 1): rounds per test; each round is a fresh batch of
  random inputs on top of the fixed hostile values every run sends.
- `FUZZ_SEED` (default 20261201): the seed.
- `FUZZ_CPU_SECONDS` (default 2): the CPU limit per request, file or command.

The default run is part of `make test`. A long run (README, "Security"):

    FUZZ_ROUNDS=200 FUZZ_SEED=$RANDOM .venv/bin/python -m pytest -m fuzz
"""

import base64
import io
import os
import random
import time
import traceback
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article

from .factories import article_form_data, make_article, make_category, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

ROUNDS = int(os.environ.get("FUZZ_ROUNDS", "1"))
SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
CPU_LIMIT = float(os.environ.get("FUZZ_CPU_SECONDS", "2"))

HUGE_INT = str(10**30)
LONG = 10_050  # "huge": past 10,000 characters

# Hostile values every run sends, whatever the seed.
FIXED_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x08\x0b\x0c\x1b\x1f\x7f",
    "\r\n\t",
    "A" * LONG,
    "가" * LONG,
    "9" * 5000,  # past Python's 4,300-digit int() limit
    HUGE_INT,
    "-" + HUGE_INT,
    "9223372036854775808",  # 2**63
    "-9223372036854775809",
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "\ud800",  # lone surrogates: sent as %ED%A0%80
    "a\udfffb",
    "\u202eevil\u202c\u200f\u200e",
    "e" + "\u0301" * 300,
    "ＡＢＣ１２３",
    "\ufeff",
    "\uffff\ufffe",
    "\U0001f4a9",
    '"',
    '""',
    '"unterminated',
    "*",
    "a*",
    "NEAR(",
    "NEAR(a b, 3)",
    "a OR",
    "OR",
    "AND NOT",
    "-",
    "-a",
    ":",
    "title:x",
    "^",
    "^a",
    "(",
    ")",
    "{a b}",
    "a\"*'(:^-",
    "' OR 1=1 --",
    "1; DROP TABLE articles_article;--",
    "%' UNION SELECT NULL--",
    "\\",
    "%",
    "_",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024-02-30",
    "-2024-01-01",
]

# Already percent-encoded fragments, sent as they are.
RAW_VALUES = ["%ED%A0%80", "%ED%B0%80", "%", "%zz", "%00", "%C0%AF", "%FF%FE", "%E2%80%AE", "+"]

FRAGMENTS = FIXED_VALUES[1:] + ["a", "반도체", "2024", "&", "=", "#", "?", ";", "<script>"]


def random_text(rng: random.Random) -> str:
    """A random hostile string: pieces of the fixed ones, random code points
    (surrogates and controls included), now and then very long."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(FIXED_VALUES)
    if kind == 1:
        return "".join(rng.choice(FRAGMENTS)[:200] for _ in range(rng.randint(1, 4)))
    if kind == 2:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 40)))
    return rng.choice(FRAGMENTS)[:50] * rng.randint(1, 2000)


def encode(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def cursor_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


# Cursors: garbage, and well-formed ones with hostile numbers inside.
CURSORS = [
    "!!!",
    "a",
    "====",
    cursor_of("1.2.3"),
    cursor_of("x.y"),
    cursor_of(f"{HUGE_INT}.1"),
    cursor_of(f"1.{HUGE_INT}"),
    cursor_of(f"-{HUGE_INT}.-{HUGE_INT}"),
    cursor_of("0.9223372036854775808"),
    cursor_of("-62135596800000001.1"),  # before year 1
    cursor_of("253402300800000000.1"),  # year 10000
    cursor_of("9" * 5000 + ".1"),
    cursor_of("\x00.\x00"),
    cursor_of("1_000.1"),
    cursor_of(" 1 . 2 "),
]


class Fuzzer:
    """Runs calls, timing each in CPU seconds, and collects what went wrong."""

    def __init__(self, name: str):
        self.rng = random.Random(f"{SEED}:{name}")
        self.failures: list[str] = []
        self.round = 0
        self.calls = 0

    def call(self, label: str, function, *, allowed=()):
        self.calls += 1
        start = time.process_time()
        try:
            result = function()
        except allowed:
            result = None
        except Exception:
            self.fail(label, traceback.format_exc(limit=-8))
            return None
        spent = time.process_time() - start
        if spent > CPU_LIMIT:
            self.fail(label, f"took {spent:.2f} s of CPU (limit {CPU_LIMIT} s)")
        status = getattr(result, "status_code", None)
        if status is not None and status >= 500:
            self.fail(label, f"answered {status}")
        return result

    def fail(self, label: str, what: str):
        self.failures.append(f"[round {self.round}] {label}\n  {what}")

    def rounds(self):
        for self.round in range(ROUNDS):
            yield self.round

    def check(self):
        if self.failures:
            shown = "\n\n".join(self.failures[:20])
            pytest.fail(
                f"{len(self.failures)} of {self.calls} calls failed; reproduce with "
                f"FUZZ_SEED={SEED} FUZZ_ROUNDS={ROUNDS}\n\n{shown}",
                pytrace=False,
            )


def show(value) -> str:
    """An input, shortened enough to read in a failure message."""
    text = repr(value)
    return text if len(text) <= 300 else f"{text[:300]}... ({len(text)} characters)"


# Public URLs ------------------------------------------------------------------

PARAMS = ["q", "page", "before", "after", "p", "categories", "date_from", "date_to"]


def public_paths(article, category) -> dict[str, str]:
    return {
        "home": "/",
        "article": f"/articles/{article.slug}/",
        "category": f"/category/{category.slug}/",
        "category_feed": f"/category/{category.slug}/feed/",
        "archive": "/archive/",
        "search": "/search/",
        "feed": "/feed/",
        "atom": "/feed/atom/",
        "sitemap": "/sitemap.xml",
        "sitemap_news": "/sitemap-news.xml",
        "sitemap_articles": "/sitemap-articles.xml",
        "sitemap_categories": "/sitemap-categories.xml",
        "sitemap_tags": "/sitemap-tags.xml",
        "sitemap_people": "/sitemap-people.xml",
        "robots": "/robots.txt",
    }


def hostile_value(rng: random.Random, name: str) -> str:
    """An encoded value for parameter `name`."""
    if name in ("before", "after") and rng.random() < 0.5:
        return rng.choice(CURSORS)
    if rng.random() < 0.15:
        return rng.choice(RAW_VALUES)
    return encode(random_text(rng))


def relevant_paths(paths: dict[str, str]) -> dict[str, list[str]]:
    """The URLs that read each parameter."""
    listings = [paths["home"], paths["category"], paths["archive"]]
    return {
        "q": [paths["archive"], paths["search"]],
        "page": [*listings, paths["search"]],
        "before": listings,
        "after": listings,
        "p": [paths[name] for name in paths if name.startswith("sitemap")],
        "categories": [paths["archive"]],
        "date_from": [paths["archive"]],
        "date_to": [paths["archive"]],
    }


def fixed_requests(paths: dict[str, str], category) -> list[str]:
    """Every fixed hostile value in every parameter of the URLs that read it;
    each value once in every parameter at once, on each URL in turn."""
    urls = []
    for name, targets in relevant_paths(paths).items():
        values = [encode(value) for value in FIXED_VALUES] + RAW_VALUES
        if name in ("before", "after"):
            values += CURSORS
        urls += [f"{path}?{name}={value}" for path in targets for value in values]
    every = list(paths.values())
    for i, value in enumerate([encode(value) for value in FIXED_VALUES] + RAW_VALUES):
        urls.append(f"{every[i % len(every)]}?" + "&".join(f"{n}={value}" for n in PARAMS))
    odd = [
        # Repeated parameters, every archive filter at once, odd shapes.
        "q=a&q=b&q=" + encode("A" * LONG),
        "page=1&page=2&page=" + HUGE_INT,
        "before=a&after=b",
        f"categories={category.slug}&categories={category.slug}&categories=%00",
        "&".join(f"categories={i}" for i in range(300)),
        f"categories={category.slug}&date_from=0001-01-01&date_to=9999-12-31&q=a",
        "date_from=9999-12-31&date_to=0001-01-01",
        "date_from=2024-01-01&date_to=2023-01-01",
        "q=" + encode('"a" NEAR(b c) OR -d:^e*'),
        "&&&==&=&",
        "=x",
        encode("\x00") + "=1",
        "a" * LONG + "=1",
        "&".join(f"p{i}={i}" for i in range(500)),
    ]
    urls += [f"{path}?{query}" for path in every for query in odd]
    urls += ["/articles/%00/", "/category/%ED%A0%80/", "/articles/" + "a" * LONG + "/"]
    return urls


def test_public_urls_survive_hostile_query_strings(client):
    fuzz = Fuzzer("public")
    category = make_category(name="반도체", slug="반도체")
    article = make_article(title="Chips 반도체", categories=[category])
    make_article(categories=[category])
    paths = public_paths(article, category)

    def get(url):
        return fuzz.call(f"GET {show(url)}", lambda: client.get(url))

    for url in fixed_requests(paths, category):
        get(url)
    for _ in fuzz.rounds():
        for path in paths.values():
            names = [fuzz.rng.choice(PARAMS + ["x"]) for _ in range(fuzz.rng.randint(1, 5))]
            query = "&".join(f"{name}={hostile_value(fuzz.rng, name)}" for name in names)
            get(f"{path}?{query}")
            get(f"{path}?{encode(random_text(fuzz.rng))}={hostile_value(fuzz.rng, 'x')}")
    fuzz.check()


# Admin forms ------------------------------------------------------------------

TEXT_FIELDS = ["title", "slug", "excerpt", "feature_text", "hero_image_url", "hero_image_alt"]
TEXT_FIELDS += ["byline", "body"]
OTHER_FIELDS = ["status", "author", "categories", "loaded_version"]
DATE_PARTS = ["published_at_0", "published_at_1", "expires_at_0", "expires_at_1"]

HOSTILE_BODIES = [
    "<ul><li>" * 20000,
    "<div>" * 5000,
    "<dl><dd>" * 5000,
    "<b" * 20000,
    "[" * 8000,
    "<p>" + "x" * (1024 * 1024 + 10) + "</p>",
    "<" * 50000,
    "&" * 50000 + "#" * 1000,
    "<!--" * 10000,
    "<table>" + "<tr><td>" * 5000,
    "<p>\x00\x01\ud800</p>",
    "<svg><script>alert(1)</script></svg>",
]


def hostile_article_data(rng: random.Random, base: dict) -> dict:
    data = dict(base)
    for name in rng.sample(TEXT_FIELDS, rng.randint(1, 4)):
        data[name] = random_text(rng)
    if rng.random() < 0.3:
        data["body"] = rng.choice(HOSTILE_BODIES)
    for name in rng.sample(DATE_PARTS, rng.randint(0, 2)):
        data[name] = rng.choice(
            ["0001-01-01", "9999-12-31", "23:00:00", "10000-01-01", "24:00", random_text(rng)]
        )
    for name in rng.sample(OTHER_FIELDS, rng.randint(0, 2)):
        data[name] = rng.choice([HUGE_INT, "-1", "\x00", "published", random_text(rng)])
    return strip_surrogates(data)


def strip_surrogates(data: dict) -> dict:
    """The test client encodes form data as UTF-8, which cannot carry a lone
    surrogate; send "?" instead (query strings carry them, as %ED%A0%80)."""
    return {
        key: value.encode("utf-8", "replace").decode() if isinstance(value, str) else value
        for key, value in data.items()
    }


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_the_article_forms_survive_hostile_values(client, role):
    fuzz = Fuzzer(f"article-form:{role}")
    user = make_user(role=role)
    client.force_login(user)
    category = make_category()
    add_url = reverse("admin:articles_article_add")
    own = make_article(author=user, status=Article.Status.DRAFT, published_at=None)
    change_url = reverse("admin:articles_article_change", args=[own.pk])

    def post(url, data):
        data = strip_surrogates(data)
        label = f"POST {url} as {role}: {show(data)}"
        return fuzz.call(label, lambda: client.post(url, data))

    for body in HOSTILE_BODIES:
        post(add_url, article_form_data(body=body, categories=[category.pk]))
    for name in TEXT_FIELDS:
        for value in ["\x00", "\x01\x1f\x7f", "A" * LONG, "\u202e" + "e\u0301" * 100]:
            post(add_url, article_form_data(**{name: value}))
    own.refresh_from_db()
    for _ in fuzz.rounds():
        for _ in range(5):
            post(add_url, hostile_article_data(fuzz.rng, article_form_data()))
            own.refresh_from_db()
            post(change_url, hostile_article_data(fuzz.rng, article_form_data(own)))
    fuzz.check()


def test_the_category_form_survives_hostile_values(client):
    fuzz = Fuzzer("category-form")
    client.force_login(make_user(role="moderator"))
    url = reverse("admin:articles_category_add")
    names = ["name", "slug", "description", "nav_order", "status", "moderation_note"]
    for value in FIXED_VALUES:
        fuzz.call(
            f"POST {url}: {show(value)}",
            lambda value=value: client.post(
                url, strip_surrogates({"name": value, "slug": value, "description": value})
            ),
        )
    for _ in fuzz.rounds():
        for _ in range(10):
            data = strip_surrogates({name: random_text(fuzz.rng) for name in names})
            fuzz.call(f"POST {url}: {show(data)}", lambda data=data: client.post(url, data))
    fuzz.check()


def test_the_admin_changelists_survive_hostile_query_strings(client):
    fuzz = Fuzzer("changelists")
    client.force_login(make_user(superuser=True))
    make_article(categories=[make_category()])
    urls = [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    names = ["q", "o", "p", "e", "status__exact", "id__in", "pk", "categories__id__exact"]
    names += ["published_at__year", "published_at__month", "published_at__day", "all"]
    names += ["created_at__gte", "action__exact", "author__id__exact", "_popup", "_to_field"]
    for _ in fuzz.rounds():
        for url in urls:
            for _ in range(4):
                picked = [fuzz.rng.choice(names) for _ in range(fuzz.rng.randint(1, 4))]
                query = "&".join(f"{name}={hostile_value(fuzz.rng, name)}" for name in picked)
                fuzz.call(
                    f"GET {show(url + '?' + query)}", lambda u=url, q=query: client.get(f"{u}?{q}")
                )
    fuzz.check()


# Post files -------------------------------------------------------------------

FRONT_MATTER_KEYS = ["title", "slug", "date", "author", "excerpt", "feature_text", "image"]
FRONT_MATTER_KEYS += ["categories", "published", "permalink", "byline"]


def post_text(front_matter: str, body: str = "<p>Body.</p>") -> str:
    return f"---\n{front_matter}\n---\n{body}\n"


def yaml_quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar, controls escaped."""
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def fixed_posts() -> dict[str, bytes]:
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        laughs += f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
    posts = {
        "bad-yaml.md": post_text("title: [unclosed\ndate: :::"),
        "yaml-bomb.md": post_text("title: Bomb\n" + laughs),
        "deep-list.md": post_text("title: Deep\nx: " + "[" * 5000 + "]" * 5000),
        "deep-map.md": post_text("title: Deep\nx: " + "{a: " * 3000 + "1" + "}" * 3000),
        "deep-indent.md": post_text(
            "title: Deep\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000))
        ),
        "many-keys.md": post_text("title: Keys\n" + "".join(f"k{i}: {i}\n" for i in range(50000))),
        "python-tag.md": post_text("title: !!python/object/apply:os.system ['true']"),
        "binary-tag.md": post_text("title: !!binary AAAA\ndate: !!timestamp x"),
        "not-a-mapping.md": post_text("- a\n- b"),
        "title-mapping.md": post_text("title: {a: 1}\ncategories: {x: y}\nslug: [1, 2]"),
        "huge-body.md": post_text("title: Huge", "x" * (2 * 1024 * 1024)),
        "huge-markdown.md": post_text("title: Huge md", "[" * 8000),
        "deep-body.html": post_text("title: Deep body", "<ul><li>" * 20000),
        "deep-div.html": post_text("title: Deep div", "<div>" * 5000),
        "nul-body.html": post_text("title: Nul", "<p>\x00\x01</p>"),
        "empty.md": "",
        "only-dashes.md": "---\n---\n",
        "unclosed.md": "---\ntitle: x\n",
        "no-front.html": "<p>hi</p>",
        "crlf.md": "---\r\ntitle: CRLF\r\n---\r\nbody\r\n",
        "cr-only.md": "---\rtitle: CR\r---\rbody\r",
        "long-title.md": post_text("title: " + "T" * LONG),
        "long-slug.md": post_text("title: x\nslug: " + "s" * LONG),
        "1999-13-45-bad-name-date.md": post_text("title: Bad name date"),
        "0000-01-01-year-zero.md": post_text("title: Year zero"),
        "9999-12-31-last-day.md": post_text("title: Last day"),
        "date-10000.md": post_text("title: y\ndate: 10000-01-01"),
        "date-edge-seoul.md": post_text("title: y\ndate: 9999-12-31 23:00:00 +0000"),
        "date-year-one.md": post_text("title: y\ndate: 0001-01-01 00:00:00 +0900"),
        "date-feb30.md": post_text("title: y\ndate: 2024-02-30"),
        "date-huge-offset.md": post_text("title: y\ndate: 2024-01-01 00:00:00 +9999"),
        "date-int.md": post_text(f"title: y\ndate: {HUGE_INT}"),
        "date-negative.md": post_text("title: y\ndate: -1"),
        "date-float.md": post_text("title: y\ndate: 1e309"),
        "traversal-image.md": post_text("title: y\nimage: ../../../../etc/passwd"),
        "file-image.md": post_text("title: y\nimage: file:///etc/passwd"),
        "image-control.md": post_text('title: y\nimage: "http://x/\\u0000\\u0007"'),
        "categories-many.md": post_text(
            "title: y\ncategories: [" + ", ".join(f"c{i}" for i in range(2000)) + "]"
        ),
        "categories-huge.md": post_text("title: y\ncategories: [" + "c" * LONG + "]"),
        "published-odd.md": post_text("title: y\npublished: {a: b}"),
        "author-nul.md": post_text('title: y\nauthor: "\\0"'),
    }
    for key in FRONT_MATTER_KEYS:
        for i, value in enumerate(["\x00", "\x01\x08\x0b\x1b\x7f", "\ud800", "\u202e\ufeff"]):
            front = f"title: Controls in {key}\n" if key != "title" else ""
            posts[f"control-{key}-{i}.md"] = post_text(f"{front}{key}: {yaml_quoted(value)}")
    encoded = {name: text.encode("utf-8") for name, text in posts.items()}
    encoded.update(
        {
            "utf16.md": post_text("title: UTF-16 제목").encode("utf-16"),
            "utf16-be-nobom.md": post_text("title: be").encode("utf-16-be"),
            "utf32.md": post_text("title: UTF-32").encode("utf-32"),
            "latin1.html": post_text("title: Caf\xe9").encode("latin-1"),
            "cp949.html": post_text("title: 한국어").encode("cp949"),
            "bom-twice.md": b"\xef\xbb\xbf\xef\xbb\xbf" + post_text("title: BOM").encode(),
            "invalid-utf8.md": b"---\ntitle: \xff\xfe\xc0\xaf\ned\xa0\x80\n---\nx\n",
            "surrogate.md": b"---\ntitle: \xed\xa0\x80\n---\nx\n",
            "binary.md": bytes(range(256)) * 40,
            "nul-bytes.md": b"\x00" * 10000,
        }
    )
    return encoded


def random_post(rng: random.Random) -> bytes:
    lines = []
    for key in rng.sample(FRONT_MATTER_KEYS, rng.randint(0, len(FRONT_MATTER_KEYS))):
        if rng.random() < 0.5:
            lines.append(f"{key}: {yaml_quoted(random_text(rng))}")
        else:
            lines.append(f"{key}: {random_text(rng)}")
    body = rng.choice(HOSTILE_BODIES + [random_text(rng), "<p>ok</p>"])
    text = post_text("\n".join(lines), body)
    encoding = rng.choice(["utf-8", "utf-8", "utf-16", "latin-1", "cp949"])
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


HOSTILE_ZIPS = {
    "traversal.zip": {"../../evil.md": post_text("title: evil").encode()},
    "absolute.zip": {"/etc/evil.md": post_text("title: evil").encode()},
    "backslash.zip": {"..\\..\\evil.md": post_text("title: evil").encode()},
    "nul-name.zip": {"a\x00b.md": post_text("title: nul").encode()},
    "nested.zip": {"inner.zip": zip_bytes({"a.md": post_text("title: a").encode()})},
    "bomb.zip": {"big.md": b"---\ntitle: big\n---\n" + b"a" * (3 * 1024 * 1024)},
    "empty.zip": {},
}


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_the_admin_import_survives_hostile_post_files(client, role):
    fuzz = Fuzzer(f"admin-import:{role}")
    client.force_login(make_user(role=role))
    url = reverse("importing:import")

    def upload(label, files, **fields):
        data = {"files": files, "categories_status": "approved", **fields}
        return fuzz.call(f"POST {url} as {role}: {label}", lambda: client.post(url, data))

    for name, content in fixed_posts().items():
        upload(name, [SimpleUploadedFile(name, content)])
    for name, members in HOSTILE_ZIPS.items():
        upload(name, [SimpleUploadedFile(name, zip_bytes(members))])
    upload("not-a-zip.zip", [SimpleUploadedFile("x.zip", b"PK\x03\x04garbage")])
    upload(
        "hostile base_url",
        [SimpleUploadedFile("a.md", post_text("title: a").encode())],
        base_url="\x00",
    )
    for _ in fuzz.rounds():
        for i in range(5):
            content = random_post(fuzz.rng)
            upload(f"random post {show(content)}", [SimpleUploadedFile(f"r{i}.md", content)])
    fuzz.check()


def test_import_posts_survives_a_folder_of_hostile_files(tmp_path):
    fuzz = Fuzzer("import_posts")
    folder = tmp_path / "posts"
    folder.mkdir()
    files = fixed_posts()
    for _ in fuzz.rounds():
        for i in range(10):
            files[f"random-{fuzz.round}-{i}.md"] = random_post(fuzz.rng)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    (folder / "sub").mkdir()
    (folder / "sub" / "link.md").symlink_to("/etc/passwd")

    def run(path: Path, label: str):
        fuzz.call(
            f"import_posts {label}",
            lambda: call_command("import_posts", str(path), stdout=io.StringIO()),
            allowed=CommandError,
        )

    for name, content in files.items():
        run(folder / name, f"{name}: {show(content)}")
    # The whole folder at once (files already imported come back unchanged).
    start = time.process_time()
    try:
        call_command("import_posts", str(folder), stdout=io.StringIO())
    except CommandError:
        pass
    except Exception:
        fuzz.fail("import_posts on the whole folder", traceback.format_exc(limit=-8))
    per_file = (time.process_time() - start) / len(files)
    if per_file > CPU_LIMIT:
        fuzz.fail("import_posts on the whole folder", f"{per_file:.2f} s of CPU per file")
    fuzz.check()
