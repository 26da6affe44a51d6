"""Front-matter posts: how a post file becomes article data, and back again.

A post is front matter (YAML between `---` lines, TOML between `+++` lines, or
a JSON object), then an HTML or Markdown body (Jekyll, Hugo, Tistory and other
blog exports). Jekyll's and Hugo's conventions are followed: a title and date
from a `YYYY-MM-DD-title.md` file name, `_drafts/`, `published: false` and
`draft: true` as drafts, `publishDate`/`expiryDate`/`lastmod`, `aliases`.
This module only reads and writes that format; it does not touch the database
(see importing/importer.py).

Lossless export rests on `Article.front_matter`, which keeps:
- every key this CMS has no field for (`tags`, `layout`, `permalink`, ...),
  verbatim;
- the original value of a known key when its field cannot say it the same way
  (`date: 2024-06-10`, `categories: 정책` as a plain string, `published`,
  a site-relative `image`, a folded `excerpt` with its trailing newline);
- under META_KEY, the original key order and the URLs of downloaded images.
Export writes the original value back as long as it still means what the
article's fields say; once an editor changes a field, the field wins.
"""

import codecs
import hashlib
import html
import json
import posixpath
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from charset_normalizer import from_bytes
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from articles.limits import check_body, check_datetime, check_markdown
from articles.sanitize import sanitize_html
from core.slugs import SLUG_MAX_LENGTH

from . import embeds, liquid, markup

POST_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt")
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Where our own bookkeeping lives inside Article.front_matter.
META_KEY = "_newsroom"
# charset-normalizer's names for the legacy Korean encodings. CP949 is a
# superset of EUC-KR, so both decode as CP949.
KOREAN_ENCODINGS = {"cp949", "euc_kr", "johab", "iso2022_kr"}

TITLE_MAX_LENGTH = 200
URL_MAX_LENGTH = 500
BYLINE_MAX_LENGTH = 200
CATEGORY_NAME_MAX_LENGTH = 100
# More than any real post carries; a post listing thousands would create them
# all (each a row, an audit event and a moderation item) in one request.
CATEGORIES_PER_POST_MAX = 20
SOURCE_ID_MAX_LENGTH = 255


class PostError(ValueError):
    """A post file that cannot be imported; the message says why (and where)."""

    def __init__(self, message: str, line: int | None = None, **params):
        self.line, self.message, self.params = line, message, params
        text = message % params if params else message
        super().__init__(f"line {line}: {text}" if line else text)

    def localized(self) -> str:
        """The message in the user's language (the admin's report)."""
        from django.utils.translation import gettext

        text = gettext(self.message)
        text = text % self.params if self.params else text
        if self.line:
            return gettext("line %(line)s: %(message)s") % {"line": self.line, "message": text}
        return text


def _within_limits(check, value, what: str = "") -> None:
    """Run a check of articles/limits.py; its refusal as a PostError."""
    try:
        check(value)
    except ValidationError as error:
        raise PostError(what + " ".join(error.messages)) from None


# YAML: dates stay strings, so the original spelling survives the JSONField
# and export can write it back unchanged; the importer parses them itself.
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _without_timestamps(resolvers):
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP_TAG]
        for first, entries in resolvers.items()
    }


class PostLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)


class PostDumper(yaml.SafeDumper):
    # Without the timestamp resolver the dumper writes `date: 2024-06-10`
    # plain, as the original had it, instead of quoting it.
    yaml_implicit_resolvers = _without_timestamps(yaml.SafeDumper.yaml_implicit_resolvers)


def _represent_str(dumper, value):
    # Multi-line text as a literal block; one line ending in a newline (what a
    # folded `>` scalar gives) folded again.
    style = None
    if "\n" in value.rstrip("\n"):
        style = "|"
    elif value.endswith("\n") and value.strip():
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


PostDumper.add_representer(str, _represent_str)


# Reading ---------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The text of a post file: UTF-8 (with or without a byte-order mark), or
    a legacy Korean encoding (CP949/EUC-KR) recognised by charset-normalizer.
    UTF-16 (Windows' "Unicode") is told by its byte-order mark, before NUL bytes
    (every other byte of UTF-16) mean "not text"."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF32_LE):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise PostError("not valid %(encoding)s text", encoding=encoding.upper()) from None
    if b"\x00" in data:
        raise PostError("not a text file (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    guess = from_bytes(data).best()
    encoding = guess.encoding if guess else None
    if encoding in KOREAN_ENCODINGS:
        try:
            return data.decode("cp949")
        except UnicodeDecodeError:
            pass
    line = data[: utf8_error.start].count(b"\n") + 1
    if encoding:
        raise PostError(
            "not UTF-8 (it looks like %(encoding)s); save the file as UTF-8 and import it again",
            line=line,
            encoding=encoding,
        )
    raise PostError("not UTF-8; save the file as UTF-8 and import it again", line=line)


_DELIMITER = re.compile(r"^---[ \t]*$", re.MULTILINE)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_TOML_DELIMITER = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)


@dataclass
class FrontMatter:
    kind: str  # "yaml", "toml" or "json"
    text: str
    body: str
    body_line: int  # the file line the body starts on


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of a post's text. Line endings become \\n."""
    front = split(text)
    return front.text, front.body


def split(text: str) -> FrontMatter:
    """The front matter (YAML `---`, TOML `+++` or a JSON object) and the body."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("{"):
        try:
            _, end = json.JSONDecoder().raw_decode(text)
        except json.JSONDecodeError as error:
            raise PostError(
                "invalid JSON front matter: %(problem)s", line=error.lineno, problem=error.msg
            ) from None
        kind, front, rest = "json", text[:end], text[end:]
    else:
        kind, opening, closing_re = "yaml", _DELIMITER, _CLOSING
        if _TOML_DELIMITER.match(text):
            kind, opening, closing_re = "toml", _TOML_DELIMITER, _TOML_DELIMITER
        if not opening.match(text):
            raise PostError(
                "no front matter: the file must start with a '---' (YAML) or '+++' (TOML) "
                "line, or a JSON object",
                line=1,
            )
        start = text.index("\n") + 1 if "\n" in text else len(text)
        closing = closing_re.search(text, start)
        if closing is None:
            mark = "+++" if kind == "toml" else "---"
            raise PostError(
                "the front matter is never closed by a '%(mark)s' line", line=1, mark=mark
            )
        front, rest = text[start : closing.start()], text[closing.end() :]
    stripped = rest.lstrip("\n")
    body_line = text[: len(text) - len(stripped)].count("\n") + 1
    return FrontMatter(kind, front, stripped.rstrip(), body_line)


def load_toml(text: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        message = getattr(error, "msg", str(error))
        raise PostError(
            "invalid TOML in the front matter: %(problem)s",
            line=line and line + 1,
            problem=message,
        ) from None
    budget = [FRONT_MATTER_MAX_VALUES]
    return {to_json(str(key)): to_json(value, budget) for key, value in data.items()}


def load_json(text: str) -> dict:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise PostError("the front matter must be a mapping of keys to values", line=1)
    budget = [FRONT_MATTER_MAX_VALUES]
    return {to_json(str(key)): to_json(value, budget) for key, value in data.items()}


def load_front_matter(yaml_text: str) -> dict:
    try:
        data = yaml.load(yaml_text, Loader=PostLoader)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # +2: the opening '---' is line 1, and marks count from 0.
        line = mark.line + 2 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        context = error.context_mark
        if (
            error.context
            and context is not None
            and mark is not None
            and context.line != mark.line
        ):
            problem += f" ({error.context} on line {context.line + 2})"
        raise PostError(
            "invalid YAML in the front matter: %(problem)s", line=line, problem=problem
        ) from None
    except yaml.YAMLError as error:
        raise PostError(
            "invalid YAML in the front matter: %(problem)s", problem=str(error)
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PostError("the front matter must be a mapping of keys to values", line=2)
    budget = [FRONT_MATTER_MAX_VALUES]
    return {to_json(str(key)): to_json(value, budget) for key, value in data.items()}


# YAML aliases (&a / *a) let a few hundred bytes stand for millions of values;
# no real front matter comes near this many.
FRONT_MATTER_MAX_VALUES = 10_000


def to_json(value, budget=None):
    """`value` as JSON can store it (YAML also has sets, bytes, non-string keys, NaN).

    `budget` ([count]) caps how many values may be copied, aliases expanded."""
    if budget is not None:
        budget[0] -= 1
        if budget[0] < 0:
            raise PostError(
                f"the front matter holds more than {FRONT_MATTER_MAX_VALUES:,} values "
                "(YAML aliases expanding?)"
            )
    if isinstance(value, dict):
        return {to_json(str(key)): to_json(item, budget) for key, item in value.items()}
    if isinstance(value, str) and "\x00" in value:
        # PostgreSQL stores no NUL in text or JSON (the import failed with its error).
        raise PostError("the front matter holds a NUL character (\\0), which cannot be stored")
    if isinstance(value, list | tuple | set):
        return [to_json(item, budget) for item in value]
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes):
        return to_json(value.decode("utf-8", "replace"))
    if isinstance(value, datetime) and value.tzinfo is not None:
        # TOML's offset date-times: `2024-06-02 09:30:00+09:00`, as parse_date reads it.
        return value.isoformat(sep=" ")
    return to_json(str(value))


@dataclass
class Post:
    """A post file, read: its front matter (in order) and its body."""

    path: str
    front_matter: dict
    body: str
    body_format: str  # "html" or "markdown"
    body_line: int = 1


def read_post(data: bytes, path: str) -> Post:
    front = split(decode(data))
    if front.kind == "toml":
        front_matter = load_toml(front.text)
    elif front.kind == "json":
        front_matter = load_json(front.text)
    else:
        front_matter = load_front_matter(front.text)
    body_format = "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "html"
    return Post(path, front_matter, front.body, body_format, front.body_line)


def render_markdown(source: str) -> str:
    """Markdown to HTML (importing/markup.py); raw HTML blocks pass through
    (the sanitizer decides what stays)."""
    return markup.render(source)


# Dates -----------------------------------------------------------------------

_DATE = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    r"(?:[ T]+(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?))?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|[+-]\d{1,2})?$"
)
_FILENAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def parse_date(value) -> datetime:
    """An aware datetime for a front-matter `date`.

    With an offset (`2024-06-02 09:30:00 +0900`, ISO 8601, `Z`) it is that
    instant; without one it is local time in settings.TIME_ZONE; a date alone
    (`2024-06-10`) is midnight local time on that day.
    """
    match = _DATE.match(str(value).strip())
    if not match:
        raise PostError(
            "invalid date %(value)s: write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +0900",
            value=repr(value),
        )
    try:
        day = date.fromisoformat(_zero_pad_date(match["date"]))
        moment = time.fromisoformat(_zero_pad_time(match["time"])) if match["time"] else time()
    except ValueError as error:
        raise PostError(
            "invalid date %(value)s: %(problem)s", value=repr(value), problem=str(error)
        ) from None
    naive = datetime.combine(day, moment)
    offset = match["tz"]
    if offset is None:
        return timezone.make_aware(naive, timezone.get_default_timezone())
    if offset == "Z":
        return naive.replace(tzinfo=UTC)
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 23 or minutes > 59:
        raise PostError("invalid date %(value)s: bad time zone offset", value=repr(value))
    tz = dt_timezone(sign * timedelta(hours=hours, minutes=minutes))
    return naive.replace(tzinfo=tz)


def _zero_pad_date(text):
    year, month, day = text.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _zero_pad_time(text):
    head, _, fraction = text.partition(".")
    parts = [f"{int(part):02d}" for part in head.split(":")]
    result = ":".join(parts + ["00"] * (3 - len(parts)))
    return f"{result}.{fraction.ljust(6, '0')}" if fraction else result


def date_from_filename(path: str) -> datetime | None:
    """Midnight local time of a Jekyll-style `YYYY-MM-DD-` file name prefix."""
    match = _FILENAME_DATE.match(posixpath.basename(path))
    if not match:
        return None
    try:
        day = date.fromisoformat(match[1])
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time()), timezone.get_default_timezone())


def format_date(moment: datetime) -> str:
    """`2024-06-02 09:30:00 +0900`, in local time, microseconds only when there are some."""
    local = timezone.localtime(moment)
    text = local.strftime("%Y-%m-%d %H:%M:%S")
    if local.microsecond:
        text += f".{local.microsecond:06d}"
    return f"{text} {local.strftime('%z')}"


# From a post to article data ------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value).strip()


def category_names(value) -> list[str]:
    """`categories` as a list of names: a YAML list, or a single string."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else [value]
    if len(items) > CATEGORIES_PER_POST_MAX:
        raise PostError(
            f"{len(items)} categories; a post may have at most {CATEGORIES_PER_POST_MAX}"
        )
    names = []
    for item in items:
        if isinstance(item, dict | list):
            raise PostError("categories must be a name or a list of names")
        name = _text(item)
        if len(name) > CATEGORY_NAME_MAX_LENGTH:
            raise PostError(
                f"category name longer than {CATEGORY_NAME_MAX_LENGTH} characters: {name[:40]}..."
            )
        if name and name not in names:
            names.append(name)
    return names


def resolve_image(value, base_url: str | None) -> str:
    """An absolute http(s) URL as it is; a site path resolved against
    `base_url` when given, else kept as it is."""
    url = _text(value)
    if not url:
        return ""
    scheme = urlsplit(url).scheme.lower()
    if scheme:
        if scheme not in {"http", "https"}:
            raise PostError(
                "image must be an http(s) URL or a site path, not %(url)s", url=repr(url[:60])
            )
    elif base_url:
        url = urljoin(base_url.rstrip("/") + "/", url)
    if len(url) > URL_MAX_LENGTH:
        raise PostError(f"image URL longer than {URL_MAX_LENGTH} characters")
    return url


def source_identity(front_matter: dict, path: str) -> str:
    """What makes two imports "the same post": the front matter's `permalink`,
    else its `slug`, else the file's path relative to the folder imported
    (never the title). Kept in Article.source_id."""
    for key in ("permalink", "slug"):
        value = _text(front_matter.get(key))
        if value:
            identity = f"{key}:{value}"
            break
    else:
        identity = f"path:{path}"
    if len(identity) > SOURCE_ID_MAX_LENGTH:
        identity = "sha256:" + hashlib.sha256(identity.encode()).hexdigest()
    return identity


@dataclass
class ArticleData:
    """What a post says about its article, validated, before any database work."""

    source_id: str
    title: str
    slug: str  # the front matter's slug, normalised; "" to derive it from the title
    excerpt: str
    feature_text: str
    hero_image_url: str
    author_name: str  # a username, or a byline when no such user exists
    published: bool
    published_at: datetime | None
    dated: bool  # False: no date anywhere, published_at is the time of import
    body: str  # HTML (Markdown rendered), not yet sanitized: Article.clean_for_save() does that
    body_format: str
    body_source: str
    category_names: list[str]
    front_matter: dict = field(default_factory=dict)
    tag_names: list[str] = field(default_factory=list)
    revised_at: datetime | None = None
    expires_at: datetime | None = None
    old_paths: list[str] = field(default_factory=list)  # addresses on the old site
    warnings: list = field(default_factory=list)  # Notes


class Note:
    """A warning for the report: English where it is printed (the command), the
    user's language in the admin (`localized`)."""

    def __init__(self, message: str, **params):
        self.message, self.params = message, params

    def __str__(self):
        return self.message % self.params if self.params else self.message

    def localized(self):
        from django.utils.translation import gettext

        text = gettext(self.message)
        return text % self.params if self.params else text

    def __eq__(self, other):
        return str(self) == str(other)

    def __hash__(self):
        return hash(str(self))


# Keys with a field of their own. Text keys keep their original value only
# when it differs from what the field holds (e.g. trailing newlines).
TEXT_KEYS = ("title", "excerpt", "feature_text")
HERO_KEYS = ("image", "feature_image", "cover", "banner", "teaser", "header")
KNOWN_KEYS = (
    *TEXT_KEYS, "slug", "date", "published", "categories", "category", "tags", "author",
    "description", "summary", "draft", "publishDate", "expiryDate", "lastmod",
    "last_modified_at", "aliases", *HERO_KEYS,
)  # fmt: skip
# Hugo's and Jekyll's names for the last change, and for the publication.
REVISED_KEYS = ("last_modified_at", "lastmod")
# Keys that change what readers would see on the old site and have no
# equivalent here: kept for export, and reported.
IGNORED_KEYS = ("gallery", "video", "redirect_to", "external_url", "link")
DRAFT_FOLDER = "_drafts"


def hero_value(fm: dict):
    """The hero image a post names: `image` (a URL, or `{path: ...}`/`{feature: ...}`),
    `header.image`/`overlay_image`/`teaser`, `feature_image`, `cover`
    (Hugo's `cover.image` too), `banner`, `teaser`."""
    for key in ("image", "feature_image", "cover", "banner"):
        value = fm.get(key)
        if isinstance(value, dict):
            value = (
                value.get("image") or value.get("path") or value.get("feature") or value.get("url")
            )
        if isinstance(value, str) and value.strip():
            return value
    header = fm.get("header")
    if isinstance(header, dict):
        for key in ("image", "overlay_image", "teaser"):
            if isinstance(header.get(key), str) and header[key].strip():
                return header[key]
    if isinstance(fm.get("teaser"), str) and fm["teaser"].strip():
        return fm["teaser"]
    return None


def _filename_parts(path: str) -> tuple[str, str]:
    """(date, name) of a Jekyll `YYYY-MM-DD-name.ext`; for Hugo's page bundles
    (`post-name/index.md`) the folder's name; ("", stem) otherwise."""
    base = posixpath.basename(path)
    stem = base.rsplit(".", 1)[0]
    if stem in ("index", "_index"):
        stem = posixpath.basename(posixpath.dirname(path)) or stem
    match = re.match(r"^(\d{4}-\d{2}-\d{2})-(.+)$", stem)
    return (match[1], match[2]) if match else ("", stem)


def title_from_filename(path: str) -> str:
    """Jekyll's title for a post without one: the file name's words, capitalised."""
    _, name = _filename_parts(path)
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_\s]+", name) if word)


def clean_title(value) -> str:
    """A title as readers see it: HTML entities decoded once (`&amp;nbsp;` never)."""
    return html.unescape(_text(value)).replace("\xa0", " ").strip()


def tag_names(value) -> list[str]:
    """`tags` as names: a list, or a string (commas, else spaces, separate them)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = value.split(",") if "," in value else value.split()
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    names = []
    for item in items:
        if isinstance(item, dict | list):
            raise PostError("tags must be a name or a list of names")
        name = _text(item)[:100]
        if name and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names[:50]


# Old addresses ------------------------------------------------------------------

# Jekyll's permalink styles (`permalink: date` in _config.yml is the default).
JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
JEKYLL_PATTERN = JEKYLL_STYLES["date"]


def jekyll_permalink(setting) -> str | None:
    """The pattern a Jekyll site's `permalink:` setting names (a style or a
    pattern), or None when it names neither."""
    value = _text(setting)
    if value in JEKYLL_STYLES:
        return JEKYLL_STYLES[value]
    return value if value.startswith("/") and ":" in value else None


def _fill(pattern: str, values: dict) -> str:
    """`pattern` with each `:name` replaced from `values` (unknown ones kept)."""
    return normalize_path(re.sub(r":(\w+)", lambda m: values.get(m[1], m[0]), pattern))


def _date_values(local: datetime) -> dict:
    return {"year": f"{local.year:04d}", "month": f"{local.month:02d}", "day": f"{local.day:02d}"}


def old_path(pattern: str, *, moment: datetime | None, title: str, slug: str, categories) -> str:
    """A Jekyll-style permalink pattern filled in for a post."""
    values = {
        # As Jekyll writes them: lowercased, each once ("Supply Chain" keeps its space).
        "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
        "title": title,
        "slug": slug or title,
        "output_ext": ".html",
    }
    if moment is not None:
        local = timezone.localtime(moment)
        values |= _date_values(local) | {
            "i_month": str(local.month), "i_day": str(local.day),
            "short_year": f"{local.year % 100:02d}", "hour": f"{local.hour:02d}",
            "minute": f"{local.minute:02d}", "second": f"{local.second:02d}",
            "y_day": f"{local.timetuple().tm_yday:03d}",
        }  # fmt: skip
    return _fill(pattern, values)


def normalize_path(value: str) -> str:
    """An old address as the middleware looks it up: the path only, one leading slash."""
    path = urlsplit(_text(value)).path if "://" in _text(value) else _text(value).split("?")[0]
    # As Django gives `request.path`: percent-escapes decoded.
    path = re.sub(r"/{2,}", "/", "/" + unquote(path).lstrip("/"))
    return path[:URL_MAX_LENGTH]


def old_paths(
    fm: dict, path: str, published_at, categories, pattern: str | None, sections=None
) -> list[str]:
    """Where the post lived on the old site: its `permalink` (Hugo's `url`),
    Hugo's `aliases`, and the site's pattern (Jekyll's default for dated file
    names; for files under `content/`, the Hugo site's `[permalinks]` pattern
    of their section in `sections`, else Hugo's `/section/name/`)."""
    found = []
    for key in ("permalink", "url"):
        if _text(fm.get(key)) and ":" not in _text(fm[key]).split("://")[-1]:
            found.append(normalize_path(fm[key]))
    # Hugo's `aliases`, and jekyll-redirect-from's `redirect_from`.
    aliases = fm.get("aliases") or fm.get("redirect_from") or []
    for alias in aliases if isinstance(aliases, list) else [aliases]:
        if isinstance(alias, str) and alias.strip():
            found.append(normalize_path(alias))
    day, name = _filename_parts(path)
    named = fm.get("categories") or fm.get("category")  # Jekyll reads either
    jekyll_categories = category_names(named) if named else []
    section = _section(path) if path.startswith("content/") else ""
    if not pattern and (sections or {}).get(section):
        found.append(
            hugo_old_path(
                sections[section], moment=published_at, title=_text(fm.get("title")),
                slug=_text(fm.get("slug")), filename=name, section=section,
            )
        )  # fmt: skip
    elif pattern or day:
        pattern = pattern or JEKYLL_PATTERN
        slug = _text(fm.get("slug")) or name
        found.append(
            old_path(pattern, moment=published_at, title=name, slug=slug,
                     categories=jekyll_categories)
        )  # fmt: skip
        # Also without its categories: what `{% post_url %}` links name, and a
        # site whose pattern had none.
        found.append(old_path(pattern, moment=published_at, title=name, slug=slug, categories=[]))
    elif path.startswith("content/"):
        inner = path.removeprefix("content/").rsplit(".", 1)[0]
        if inner.endswith("/index"):
            inner = inner.removesuffix("/index")
        slug = _text(fm.get("slug"))
        if slug:
            inner = posixpath.join(posixpath.dirname(inner), slug)
        found.append(normalize_path(inner + "/"))
    return list(dict.fromkeys(p for p in found if p != "/"))


def hugo_old_path(pattern: str, *, moment, title: str, slug: str, filename: str, section: str):
    """A Hugo `[permalinks]` pattern filled in for a page: `:title` and `:slug`
    as Hugo writes them (lowercased, spaces to hyphens), `:filename` the
    content file's (or bundle's) name."""
    urlized = slugify(title, allow_unicode=True)
    values = {
        "title": urlized,
        "slug": slugify(slug, allow_unicode=True) or urlized,
        "filename": filename,
        "contentbasename": filename,
        "slugorfilename": slug or filename,
        "slugorcontentbasename": slug or filename,
        "section": section,
        "sections": section,
    }
    if moment is not None:
        local = timezone.localtime(moment)
        values |= _date_values(local) | {
            "monthname": local.strftime("%B").lower(), "yearday": str(local.timetuple().tm_yday),
            "weekday": str(local.isoweekday() % 7), "weekdayname": local.strftime("%A").lower(),
        }  # fmt: skip
    return _fill(pattern, values)


def _section(path: str) -> str:
    """A Hugo content file's section: its first folder under `content/`."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 else ""


def post_url_path(name: str, pattern: str | None) -> str | None:
    """The old address `{% post_url name %}` points to (by the site's pattern)."""
    day, title = _filename_parts(name.strip() + ".md")
    if not day:
        return None
    moment = timezone.make_aware(
        datetime.combine(date.fromisoformat(day), time()), timezone.get_default_timezone()
    )
    return old_path(
        pattern or JEKYLL_PATTERN, moment=moment, title=title, slug=title, categories=[]
    )


# From a post to article data ------------------------------------------------------


def _date(fm, key, what=""):
    value = fm.get(key)
    if value in (None, ""):
        return None
    moment = parse_date(value)
    _within_limits(check_datetime, moment, f"{what or key} {value!r}: ")
    return moment


def article_data(
    post: Post,
    *,
    base_url: str | None = None,
    now: datetime,
    old_url_pattern: str | None = None,
    section_patterns: dict[str, str] | None = None,
) -> ArticleData:
    fm = post.front_matter
    warnings: list[Note] = []

    def warn(message, **params):
        warnings.append(Note(message, **params))

    title = clean_title(fm.get("title"))
    if not title:
        title = title_from_filename(post.path)
    if not title:
        raise PostError("no title: the front matter needs a 'title'")
    if len(title) > TITLE_MAX_LENGTH:
        raise PostError(
            "title longer than %(limit)s characters (%(length)s)",
            limit=TITLE_MAX_LENGTH,
            length=len(title),
        )
    slug = ""
    if _text(fm.get("slug")):
        slug = slugify(_text(fm["slug"]), allow_unicode=True).strip("-")
        if len(slug) > SLUG_MAX_LENGTH:
            raise PostError(f"slug longer than {SLUG_MAX_LENGTH} characters")
    published = fm.get("published", True)
    if not isinstance(published, bool):
        raise PostError("published must be true or false, not %(value)s", value=repr(published))
    draft = fm.get("draft", False)
    if not isinstance(draft, bool):
        raise PostError("draft must be true or false, not %(value)s", value=repr(draft))
    in_drafts = DRAFT_FOLDER in post.path.replace("\\", "/").split("/")[:-1]
    published = published and not draft and not in_drafts
    if (published_at := _date(fm, "publishDate") or _date(fm, "date")) is not None:
        dated = True
    elif (from_name := date_from_filename(post.path)) is not None:
        published_at, dated = from_name, True
        _within_limits(check_datetime, published_at, "the date in the file name: ")
    else:
        published_at, dated = now, False
    revised_at = None
    for key in REVISED_KEYS:
        if (moment := _date(fm, key)) is not None:
            revised_at = moment if dated and moment > published_at else None
            break
    expires_at = _date(fm, "expiryDate")
    author_name = _text(fm.get("author"))
    if isinstance(fm.get("author"), dict):
        author_name = _text(fm["author"].get("name"))
    if len(author_name) > BYLINE_MAX_LENGTH:
        raise PostError(f"author longer than {BYLINE_MAX_LENGTH} characters")

    # Bounded before the quadratic steps (Markdown, the sanitizer): articles/limits.py.
    site = liquid.Site(
        base_url=(base_url or "").rstrip("/"),
        post_url=lambda name: post_url_path(name, old_url_pattern),
        page_url=lambda target: _page_url(target, base_url, old_url_pattern),
    )
    markdown = post.body_format == "markdown"
    if markdown:
        _within_limits(check_markdown, post.body)
        body_source = post.body
    else:
        _within_limits(check_body, post.body)
        body_source = ""
    # The translators' placeholders are made of these; the sanitizer drops them anyway.
    source = post.body.replace("\x01", "").replace("\x02", "")
    text, blocks = liquid.translate(
        source, markdown=markdown, site=site, warn=warn, first_line=post.body_line
    )
    body = markup.render(text, warn, blocks) if markdown else text
    body = embeds.translate_html(body, warn)
    body = liquid.remove_leftovers(body, warn)
    body = re.sub(r"<p>\s*</p>", "", body)  # what removed tags left
    _within_limits(check_body, body)

    hero = hero_value(fm)
    hero_url = resolve_image(hero, base_url)
    if hero_url and not urlsplit(hero_url).scheme and not hero_url.startswith(settings.MEDIA_URL):
        warn("hero image %(url)s is a relative path: give --base-url to resolve it", url=hero_url)
    body = resolve_body_images(body, base_url)
    body = drop_repeated_hero(body, hero_url).strip()

    names = category_names(fm.get("categories"))
    for name in category_names(fm.get("category")):
        if name not in names:
            names.append(name)
    excerpt = _text(fm.get("excerpt")) or _text(fm.get("description")) or _text(fm.get("summary"))
    feature_text = _text(fm.get("feature_text"))
    if feature_text:
        feature_text = markup.render_plain(feature_text)

    for key in IGNORED_KEYS:
        if fm.get(key) not in (None, "", [], {}):
            warn("key %(key)s ignored", key=key)
    stored = {}
    for key, value in fm.items():
        if key in TEXT_KEYS and value == _text(value):
            continue
        stored[key] = value
    stored[META_KEY] = {"order": list(fm)}
    return ArticleData(
        source_id=source_identity(fm, post.path),
        title=title,
        slug=slug,
        excerpt=excerpt,
        feature_text=feature_text,
        hero_image_url=hero_url,
        author_name=author_name,
        published=published,
        published_at=published_at,
        dated=dated,
        body=body,
        body_format=post.body_format,
        body_source=body_source,
        category_names=names,
        front_matter=stored,
        tag_names=tag_names(fm.get("tags")),
        revised_at=revised_at,
        expires_at=expires_at,
        old_paths=old_paths(
            fm,
            post.path,
            published_at if dated else None,
            names,
            old_url_pattern,
            section_patterns,
        ),  # fmt: skip
        warnings=warnings,
    )


def _page_url(target: str, base_url: str | None, pattern: str | None) -> str | None:
    """Where `{% link path %}` or Hugo's `ref` points: a post by its old address;
    another page of the old site on the old site."""
    target = target.strip().lstrip("/")
    name = posixpath.basename(target).rsplit(".", 1)[0]
    if url := post_url_path(name, pattern):
        return url
    page = "/" + re.sub(r"\.(md|markdown)$", ".html", target)
    return (base_url or "").rstrip("/") + page


_IMG_TAG = re.compile(r"<img\b[^>]{0,2000}>", re.IGNORECASE)


def resolve_body_images(body: str, base_url: str | None) -> str:
    """Site-relative `<img src>` (`/assets/x.png`, `../images/x.png`) resolved
    against `base_url`; without one they stay (the importer warns or reads them
    from the site root)."""
    if not base_url:
        return body
    base = base_url.rstrip("/") + "/"

    def resolve(match):
        return match[1] + html.escape(relative_image_url(html.unescape(match[2]), base)) + match[3]

    return _IMG_SRC_ANY.sub(resolve, body)


_IMG_SRC_ANY = re.compile(r"""(<img\b[^>]{0,1000}?\bsrc=["'])([^"']*)(["'])""", re.IGNORECASE)


def relative_image_url(src: str, base: str) -> str:
    if urlsplit(src).scheme or src.startswith("//") or src.startswith(settings.MEDIA_URL):
        return src
    path = posixpath.normpath("/" + re.sub(r"^(\.\./|\./)+", "", src))
    return urljoin(base, path.lstrip("/"))


def drop_repeated_hero(body: str, hero_url: str) -> str:
    """The body without its first image when that is the hero again, before any
    text (themes show the hero above the body: it would show twice)."""
    if not hero_url:
        return body
    first = _IMG_SRC_ANY.search(body)
    if first is None or html.unescape(first[2]) != hero_url:
        return body
    if re.sub(r"<[^>]{0,2000}>|\s", "", body[: first.start()]):
        return body  # text comes first: the image is part of the story
    tag = _IMG_TAG.search(body, first.start())
    if tag is None or tag.start() != first.start():
        return body
    without = body[: tag.start()] + body[tag.end() :]
    return re.sub(r"<p>\s*</p>", "", without, count=1)


# Writing ----------------------------------------------------------------------

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def replace_image_sources(body: str, mapping: dict[str, str]) -> str:
    """`body` (sanitized HTML) with each <img src> found in `mapping` replaced."""
    if not mapping:
        return body

    def replace(match):
        url = html.unescape(match[2])
        new = mapping.get(url)
        return match[0] if new is None else match[1] + html.escape(new) + match[3]

    return _IMG_SRC.sub(replace, body)


def image_sources(body: str) -> list[str]:
    """The `<img src>` addresses of `body`, sanitized or not (quotes of either kind)."""
    return list(dict.fromkeys(html.unescape(m[2]) for m in _IMG_SRC_ANY.finditer(body)))


def export_body(article) -> tuple[str, str]:
    """(body text, file extension). The original Markdown while it still
    renders to the stored body; the stored HTML once an editor changed it."""
    meta = article.front_matter.get(META_KEY, {})
    images = meta.get("images", {})
    if article.body_format == article.BodyFormat.MARKDOWN and article.body_source:
        # The import noted what the Markdown gave (after Liquid, base URL and
        # downloaded images): while the body is still that, the source stands.
        if meta.get("body") == body_digest(article.body):
            return article.body_source, "md"
        rendered = sanitize_html(render_markdown(article.body_source))
        local = {original: local for local, original in images.items()}
        if replace_image_sources(rendered, local) == article.body:
            return article.body_source, "md"
    return replace_image_sources(article.body, images), "html"


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def _author_value(article):
    if article.byline:
        return article.byline
    return article.author.get_username() if article.author_id else None


def _image_value(article):
    if article.hero_image_url:
        return article.hero_image_url
    if article.hero_id:
        return urljoin(settings.SITE_URL, article.hero.file.url)
    return None


# The hero's texts (README "Images"): alt text belongs to the article's use of
# the image, caption, credit and focal point ("x,y" in percent) to the library image.
IMAGE_TEXT_KEYS = ("image_alt", "image_caption", "image_credit", "image_focal_point")


def image_texts(article) -> dict:
    texts = {"image_alt": article.hero_image_alt or None}
    if article.hero_id:
        hero = article.hero
        texts |= {
            "image_caption": hero.caption or None,
            "image_credit": hero.credit or None,
            "image_focal_point": f"{hero.focal_x},{hero.focal_y}"
            if (hero.focal_x, hero.focal_y) != (50, 50)
            else None,
        }
    return texts


def parse_focal_point(value) -> tuple[int, int] | None:
    """ "30,40" (percent from the left and the top) -> (30, 40); None if not that."""
    parts = _text(value).replace(" ", "").split(",")
    if len(parts) == 2 and all(part.isdigit() and int(part) <= 100 for part in parts):
        return int(parts[0]), int(parts[1])
    return None


def _still_means(key, original, article, names, tags=(), path="") -> bool:
    """Whether importing `original` for `key` gives what the article holds now."""
    try:
        if key == "title":
            return (clean_title(original) or title_from_filename(path)) == article.title
        if key == "feature_text":
            return markup.render_plain(_text(original)) == article.feature_text
        if key in TEXT_KEYS:
            return _text(original) == getattr(article, key)
        if key == "tags":
            return {n.lower() for n in tag_names(original)} == {n.lower() for n in tags}
        if key == "draft":
            return original is (article.status == article.Status.DRAFT)
        if key in REVISED_KEYS:
            moment = parse_date(original)
            published_at = article.published_at
            return (moment if published_at and moment > published_at else None) == (
                article.revised_at
            )
        if key == "category":
            return set(category_names(original)) == set(names)
        if key == "slug":
            return slugify(_text(original), allow_unicode=True).strip("-") == article.slug
        if key == "date":
            return article.published_at is not None and parse_date(original) == (
                article.published_at
            )
        if key == "published":
            return original is (article.status == article.Status.PUBLISHED)
        if key == "categories":
            return set(category_names(original)) == set(names)
        if key == "image":
            url = article.hero_image_url
            return bool(url) and (original == url or urljoin(url, _text(original)) == url)
        if key == "author":
            return _text(original) == _author_value(article)
        if key in IMAGE_TEXT_KEYS:
            return False  # the article and its image say it now
    except PostError:
        return False
    return True


def export_front_matter(article, names: list[str], tags: list[str] = ()) -> dict:
    """The front matter to write for `article` (in the original key order)."""
    stored = {k: v for k, v in article.front_matter.items() if k != META_KEY}
    order = article.front_matter.get(META_KEY, {}).get("order", [])
    path = article.source_id.removeprefix("path:") if article.source_id else ""
    revised_key = next((key for key in REVISED_KEYS if key in order), "last_modified_at")
    draft = article.status == article.Status.DRAFT
    current = {
        "title": article.title,
        "slug": article.slug,
        "date": format_date(article.published_at) if article.published_at else None,
        "published": False if article.status == article.Status.DRAFT else None,
        "categories": names,
        "excerpt": article.excerpt,
        "feature_text": article.feature_text,
        "image": _image_value(article),
        "author": _author_value(article),
        "tags": list(tags),
        revised_key: format_date(article.revised_at) if article.revised_at else None,
        **image_texts(article),
    }
    if "published" in order and article.status == article.Status.PUBLISHED:
        current["published"] = True
    if "draft" in order:
        current["draft"] = draft
        if "published" not in order:
            current["published"] = None  # `draft` says it
    if "category" in order and "categories" not in order:
        current["category"] = names[0] if len(names) == 1 else names
        del current["categories"]
    result = {}
    for key in [*order, *current, *stored]:
        if key in result:
            continue
        if key in current:
            if key in stored and _still_means(key, stored[key], article, names, tags, path):
                result[key] = stored[key]
            elif key in order or current[key] not in (None, "", []):
                result[key] = current[key]
        elif key in stored:
            result[key] = stored[key]
    return result


def dump_front_matter(front_matter: dict) -> str:
    return yaml.dump(
        front_matter,
        Dumper=PostDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )


def write_post(article, names: list[str], tags: list[str] = ()) -> tuple[str, str]:
    """(file name, text) of `article` as a front-matter post."""
    body, extension = export_body(article)
    moment = article.published_at or article.created_at or timezone.now()
    filename = f"{timezone.localtime(moment):%Y-%m-%d}-{article.slug}.{extension}"
    text = f"---\n{dump_front_matter(export_front_matter(article, names, tags))}---\n\n{body}\n"
    return filename, text
