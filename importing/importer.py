"""Importing and exporting front-matter posts: the orchestration that the
`import_posts`/`export_posts` commands and the admin import share.

Transactions: the files are written a batch (`batch_size`) at a time, in bulk,
each batch in one transaction and, inside it, one savepoint. A batch whose
bulk write fails rolls back to its savepoint and is written again in halves,
down to the single file that fails: that file leaves nothing behind, and the
other files are written (see PostImporter). `--strict` runs the whole import
in one transaction and rolls all of it back on the first failure;
`--dry-run` does the same work and rolls everything back at the end.
"""

import copy
import logging
import posixpath
import time
import tomllib
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from itertools import batched
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from articles import search_index, services, visibility
from articles.models import (
    Article,
    AuditEvent,
    Byline,
    Category,
    Tag,
)
from articles.sanitize import sanitize_html
from core.slugs import first_free_slug, slug_base
from images import fetching, policy
from images.body import image_ids
from images.models import Image
from images.services import image_from_bytes, set_focal_point
from people.names import parse_byline
from people.services import person_for_byline, person_for_user
from search.indexing import refresh_statistics

from . import posts
from .models import LegacyAddress

logger = logging.getLogger(__name__)

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
ACTIONS = (CREATED, UPDATED, UNCHANGED, FAILED)

# Limits, each overridable by a setting of the same name.
LIMITS = {
    # --fetch-images
    "IMPORT_IMAGE_TIMEOUT_SECONDS": 10,
    "IMPORT_IMAGE_MAX_BYTES": 5 * 1024 * 1024,
    # The admin's uploads: files in a zip, bytes per post, uncompressed bytes per zip.
    "IMPORT_ZIP_MAX_FILES": 2000,
    "IMPORT_FILE_MAX_BYTES": 2 * 1024 * 1024,
    "IMPORT_ZIP_MAX_TOTAL_BYTES": 100 * 1024 * 1024,
}


def limit(name: str):
    return getattr(settings, name, LIMITS[name])


@dataclass
class PostFile:
    """One post to import: its path relative to the folder imported (shown in
    the report, and the post's identity when it has no slug), and its bytes."""

    path: str
    data: bytes
    # A zipped site's configuration file (its permalinks), not a post.
    site_config: bool = False


@dataclass
class FileResult:
    path: str
    action: str
    message: str = ""
    article_id: int | None = None
    warnings: list = field(default_factory=list)  # posts.Note or str
    # The database refused the write because someone else wrote the same
    # article, slug or category meanwhile: the file is tried once more.
    conflict: bool = False
    note: object = None  # the failure as posts.PostError or posts.Note, for `localized_message`

    @property
    def localized_message(self) -> str:
        """The failure in the user's language (the admin's report)."""
        return self.note.localized() if self.note is not None else self.message

    @property
    def action_label(self) -> str:
        labels = {
            CREATED: pgettext("import result", "created"),
            UPDATED: pgettext("import result", "updated"),
            UNCHANGED: pgettext("import result", "unchanged"),
            FAILED: pgettext("import result", "failed"),
        }
        return labels[self.action]


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    aborted: bool = False

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(result.action for result in self.results)
        return {action: counts[action] for action in ACTIONS}

    @property
    def failed(self) -> list[FileResult]:
        return [result for result in self.results if result.action == FAILED]

    @property
    def warned(self) -> list[FileResult]:
        return [result for result in self.results if result.warnings]

    @property
    def changed_ids(self) -> list[int]:
        return [r.article_id for r in self.results if r.action in (CREATED, UPDATED)]

    def summary(self) -> str:
        counts = self.counts
        if self.aborted:
            failed = self.failed[0]
            return (
                f"Aborted at the first failure ({failed.path}: {failed.message}): nothing was "
                f"written; {len(self.results)} files read"
            )
        text = (
            f"{counts[CREATED]} created, {counts[UPDATED]} updated, "
            f"{counts[UNCHANGED]} unchanged, {counts[FAILED]} failed"
        )
        if self.warned:
            text += f", {len(self.warned)} with warnings"
        if self.dry_run:
            text += " (dry run: nothing was written)"
        return text

    def localized_summary(self) -> str:
        """The summary in the user's language (the admin)."""
        counts = self.counts
        if self.aborted:
            failed = self.failed[0]
            return gettext(
                "Aborted at the first failure (%(path)s: %(message)s): nothing was written."
            ) % {"path": failed.path, "message": failed.localized_message}
        text = gettext(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(failed)d failed, %(warned)d with warnings"
        ) % {**counts, "warned": len(self.warned)}
        if self.dry_run:
            text += " " + gettext("(dry run: nothing was written)")
        return text


class ImportAborted(Exception):
    """--strict: the first failure rolls back the whole import."""


CONFLICT_MESSAGE = (
    "another import or an editor created this article, its address (slug) or one of "
    "its categories at the same time; import the file again"
)


def failure_message(error: Exception) -> str:
    """What the report says of a file that failed with `error`: in words, never
    the database's own text (constraint names, SQL)."""
    if isinstance(error, IntegrityError):
        return CONFLICT_MESSAGE
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


# Sources ------------------------------------------------------------------------


SITE_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml", "config.toml", "hugo.toml",
                "hugo.yaml", "config.yaml")  # fmt: skip
SITE_POST_FOLDERS = ("_posts", "_drafts")
SITE_SKIPPED = ("_site", "node_modules", "vendor", ".git", "public", "resources")


def is_site_root(folder: Path) -> bool:
    """A Jekyll or Hugo site's folder (its configuration file is there)."""
    return folder.is_dir() and any((folder / name).is_file() for name in SITE_CONFIGS)


JEKYLL_CONFIGS = ("_config.yml", "_config.yaml")
HUGO_CONFIGS = tuple(
    folder + name
    for folder in ("", "config/_default/")
    for name in ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "hugo.yml")
)


def _config(name: str, text: str | None):
    if text is None:
        return None
    try:
        return tomllib.loads(text) if name.endswith(".toml") else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError):
        return None


def site_patterns(read: Callable[[str], str | None]) -> tuple[str | None, dict[str, str]]:
    """The old addresses' patterns a site's configuration sets: a Jekyll
    `_config.yml`'s `permalink:` (a style such as `pretty`, or a pattern), and
    a Hugo site's `[permalinks]` (section -> pattern; `[permalinks.page]` too).
    `read(name)` gives the text of the site's file `name`, or None."""
    jekyll = None
    for name in JEKYLL_CONFIGS:
        if isinstance(config := _config(name, read(name)), dict):
            jekyll = posts.jekyll_permalink(config.get("permalink", "date"))
            break
    for name in HUGO_CONFIGS:
        config = _config(name, read(name))
        permalinks = config.get("permalinks") if isinstance(config, dict) else None
        if isinstance(permalinks, dict):
            if isinstance(permalinks.get("page"), dict):
                permalinks = permalinks["page"]
            hugo = {
                str(section): pattern
                for section, pattern in permalinks.items()
                if isinstance(pattern, str) and pattern.startswith("/")
            }
            return jekyll, hugo
    return jekyll, {}


def folder_reader(root: Path) -> Callable[[str], str | None]:
    def read(name: str) -> str | None:
        try:
            return (root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read


def site_post_files(root: Path) -> list[tuple[Path, str]]:
    """The posts of a Jekyll or Hugo site: files under `_posts/` and `_drafts/`
    (at any depth, as Jekyll allows `category/_posts/`) and Hugo's `content/`
    (but its `_index` list pages); layouts, includes, `index.html`, `404.html`
    and the generated `_site/`/`public/` are not posts."""
    found = []
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root)
        if file.is_file() and is_site_post(relative.as_posix()):
            found.append((file, relative.as_posix()))
    return found


def is_site_post(relative: str) -> bool:
    """Whether a file at `relative` (to the site's folder) is one of its posts."""
    parts = relative.split("/")
    name = parts[-1]
    if (
        not name.lower().endswith(posts.POST_SUFFIXES)
        or parts[0] in SITE_SKIPPED
        or name.rsplit(".", 1)[0] == "_index"
    ):
        return False
    return parts[0] == "content" or any(part in SITE_POST_FOLDERS for part in parts[:-1])


def zip_site_folder(names: list[str]) -> str | None:
    """The folder of a zipped site ("" at the top, or "blog/"), by its
    configuration file at the top or one folder down; None for plain posts."""
    for member in names:
        parts = member.split("/")
        if len(parts) <= 2 and parts[-1] in SITE_CONFIGS:
            return member[: -len(parts[-1])]
    return None


def post_files_from_paths(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(file, path relative to the argument) for each post file under `paths`.

    A file argument is named by its file name; a folder's files by their path
    inside that folder, so importing the same folder again (from anywhere)
    finds the same posts. A site's folder (`is_site_root`) gives its posts only."""
    found = []
    for argument in map(Path, paths):
        if is_site_root(argument):
            found += site_post_files(argument)
        elif argument.is_dir():
            for file in sorted(argument.rglob("*")):
                if file.is_file() and file.suffix.lower() in posts.POST_SUFFIXES:
                    found.append((file, file.relative_to(argument).as_posix()))
        elif argument.is_file():
            found.append((argument, argument.name))
        else:
            raise FileNotFoundError(f"{argument}: no such file or folder")
    return found


def read_post_files(found: Iterable[tuple[Path, str]]) -> Iterator[PostFile]:
    for file, relative in found:
        yield PostFile(path=relative, data=file.read_bytes())


class UploadRefused(ValueError):
    """An uploaded archive that is not imported at all; the message says why."""


def post_files_from_zip(upload, *, name: str = "") -> list[PostFile]:
    """The post files inside a zip archive, refusing archives whose member
    names escape the folder, or that hold too many or too large files
    (uncompressed sizes are checked before anything is inflated)."""
    max_files, max_bytes = limit("IMPORT_ZIP_MAX_FILES"), limit("IMPORT_FILE_MAX_BYTES")
    max_total = limit("IMPORT_ZIP_MAX_TOTAL_BYTES")
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefused(f"{name}: not a readable zip archive ({error})") from None
    if len(members) > max_files:
        raise UploadRefused(f"{name}: more than {max_files} files in the archive")
    total = 0
    for member in members:
        member_name = member.filename
        normalized = posixpath.normpath(member_name.replace("\\", "/"))
        if (
            member_name.startswith(("/", "\\"))
            or "\\" in member_name
            or (len(member_name) > 1 and member_name[1] == ":")
            or normalized == ".."
            or normalized.startswith("../")
        ):
            raise UploadRefused(f"{name}: {member_name!r} points outside the archive's folder")
        if member.file_size > max_bytes:
            raise UploadRefused(
                f"{name}: {member_name} is larger than {max_bytes} bytes uncompressed"
            )
        total += member.file_size
        if total > max_total:
            raise UploadRefused(f"{name}: more than {max_total} bytes uncompressed in all")
    files = []
    # A zipped Jekyll or Hugo site gives its posts only, named as in the site,
    # and its configuration files (for its permalinks).
    site = zip_site_folder([member.filename for member in members])
    if site is not None:
        by_name = {member.filename: member for member in members}
        for config in JEKYLL_CONFIGS + HUGO_CONFIGS:
            if (member := by_name.get(site + config)) is not None:
                with archive.open(member) as handle:
                    data = handle.read(max_bytes)
                files.append(PostFile(path=config, data=data, site_config=True))
    for member in members:
        base = posixpath.basename(member.filename)
        if (
            member.is_dir()
            or not base.lower().endswith(posts.POST_SUFFIXES)
            or base.startswith("._")
            or member.filename.startswith("__MACOSX/")
        ):
            continue
        path = member.filename
        if site is not None:
            if not path.startswith(site) or not is_site_post(path.removeprefix(site)):
                continue
            path = path.removeprefix(site)
        try:
            with archive.open(member) as handle:
                # The header's size is checked above; never read past it.
                data = handle.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:
            raise UploadRefused(f"{name}: {member.filename} cannot be read ({error})") from None
        if len(data) > max_bytes:
            raise UploadRefused(f"{name}: {member.filename} is too large")
        files.append(PostFile(path=path, data=data))
    return files


# Images -------------------------------------------------------------------------


class ImageFetchError(Exception):
    pass


def library_hero_id(stored_name: str, data, *, save: bool = True) -> int | None:
    """The library image a post's hero is: the one just downloaded, or the one
    an export of this site names by its address. The post's caption, credit and
    focal point fill what the image lacks. None: the hero stays a URL."""
    name = stored_name
    if not name and data.hero_image_url:
        prefix = urlsplit(default_storage.url("images/originals/")).path
        path = urlsplit(data.hero_image_url).path
        if path.startswith(prefix):
            name = "images/originals/" + path[len(prefix) :]
    image = Image.objects.filter(file=name).first() if name else None
    if image is None:
        return None
    fm = data.front_matter
    texts = {
        "caption": posts._text(fm.get("image_caption")),
        "credit": posts._text(fm.get("image_credit")),
    }
    changed = [key for key, value in texts.items() if value and not getattr(image, key)]
    for key in changed:
        setattr(image, key, texts[key][: 200 if key == "credit" else None])
    if changed and save:
        image.save(update_fields=changed)
    focal = posts.parse_focal_point(fm.get("image_focal_point"))
    if focal and image.focal_point == (50, 50) and save:
        set_focal_point(image, *focal)
    return image.pk


def fetch_image(url: str, *, save: bool = True) -> str:
    """Download the image at `url` into media storage; its storage name.

    The download is images.fetching's (public addresses only, after every
    redirect; at most IMPORT_IMAGE_MAX_BYTES within IMPORT_IMAGE_TIMEOUT_SECONDS
    in all) and the image passes the site's image policy (images.policy:
    format, pixels, metadata stripped). Files are named by the hash of what is
    stored, so importing again reuses them instead of piling up copies.
    `save=False` checks everything but stores nothing."""
    if not url.lower().startswith(("http://", "https://")):
        raise ImageFetchError(f"{url}: not an http(s) URL")
    timeout, max_bytes = limit("IMPORT_IMAGE_TIMEOUT_SECONDS"), limit("IMPORT_IMAGE_MAX_BYTES")
    try:
        data = fetching.fetch(url, max_bytes=max_bytes, timeout=timeout)
    except fetching.FetchError as error:
        reason = str(error)
        detail = reason if reason.startswith("larger than") else f"download failed ({reason})"
        raise ImageFetchError(f"{url}: {detail}") from None
    try:
        image = policy.clean_image(data, max_bytes=max_bytes)
    except policy.ImageRefused as error:
        if error.code == "invalid_image":
            raise ImageFetchError(f"{url}: not a valid image") from None
        raise ImageFetchError(f"{url}: {' '.join(error.messages)}") from None
    return store_image(image, save=save, source_url=url)


def store_image(image, *, save: bool = True, source_url: str = "") -> str:
    """Store an image that passed the policy into the image library (stored
    once, whoever else uses the same picture); its storage name."""
    if not save:
        return image.name
    return image_from_bytes(
        image.data, filename=image.name, source_url=source_url,
        max_bytes=limit("IMPORT_IMAGE_MAX_BYTES"),
    ).file.name  # fmt: skip


def image_from_disk(path: Path, *, save: bool = True) -> str:
    """An image file of the old site's folder, through the image policy, stored."""
    max_bytes = limit("IMPORT_IMAGE_MAX_BYTES")
    if path.stat().st_size > max_bytes:
        raise ImageFetchError(f"{path.name}: larger than {max_bytes} bytes")
    try:
        image = policy.clean_image(path.read_bytes(), max_bytes=max_bytes)
    except policy.ImageRefused as error:
        raise ImageFetchError(f"{path.name}: {' '.join(error.messages)}") from None
    return store_image(image, save=save)


# Import -------------------------------------------------------------------------


@dataclass
class ImportOptions:
    base_url: str | None = None
    categories_status: str = Category.Status.APPROVED
    fetch_images: bool = False
    # The old site's folder: relative body images are read from it (--fetch-images).
    site_root: Path | None = None
    # The old site's permalink pattern (Jekyll's `/:year/:month/:day/:title.html`).
    old_url_pattern: str | None = None
    # A Hugo site's `[permalinks]`: a pattern for each content section.
    section_patterns: dict[str, str] | None = None
    # New articles are drafts whatever the files say (the admin's default).
    as_drafts: bool = False
    dry_run: bool = False
    strict: bool = False
    can_publish: bool = True  # False: new articles are drafts, existing keep their status
    # Whether the importing user may change an existing article; a file matching
    # one they may not change fails.
    can_update: Callable[[Article], bool] = lambda article: True
    # Who owns new articles whose post names no user (the admin's importing user).
    default_author_id: int | None = None
    # Who is importing, for the audit log (None: a command run by an operator).
    actor: object = None
    batch_size: int = 500


# The fields an import sets, compared to tell "updated" from "unchanged".
COMPARED_FIELDS = (
    "title", "slug", "excerpt", "feature_text", "hero_image_url", "hero_id", "hero_image_alt",
    "byline",
    "author_id", "status", "published_at", "body", "body_format", "body_source", "front_matter",
    "revised_at", "expires_at",
)  # fmt: skip
# The columns an update writes: those, and what changes with them.
UPDATED_FIELDS = (
    *COMPARED_FIELDS, "version", "updated_at",
)  # fmt: skip


def _index_batch(article_ids: list[int]) -> None:
    """Bring the search index in line with these articles. They were written in
    bulk, so no `save()` indexed them: this is the importer's one call into
    search, once per batch written."""
    search_index.index_articles(search_index.documents(Article.objects.filter(pk__in=article_ids)))


def _insert(objs: list) -> None:
    """bulk_create() without reading ids back: one prepared INSERT, run for
    each row (executemany), so no statement as large as the batch is built,
    logged (DEBUG) and parsed. Values are prepared by the fields, as Django's
    own inserts do (auto_now times, JSON, file names)."""
    if not objs:
        return
    meta = objs[0]._meta
    fields = [field for field in meta.local_concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
        for obj in objs
    ]
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _update(objs: list, field_names) -> None:
    """bulk_update() as one prepared UPDATE, run for each row (executemany):
    `QuerySet.bulk_update` writes a CASE over the whole batch for every
    column, which costs the database time quadratic in the batch."""
    if not objs:
        return
    meta = objs[0]._meta
    fields = [meta.get_field(name) for name in field_names]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in fields)
    where = connection.ops.quote_name(meta.pk.column)
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE {where} = %s", rows)


def _insert_articles(articles: list[Article]) -> None:
    """Insert new imported articles and set their ids, read back by source
    identity (unique, and set on every imported article)."""
    _insert(articles)
    sources = [article.source_id for article in articles]
    ids = dict(Article.objects.filter(source_id__in=sources).values_list("source_id", "pk"))
    for article in articles:
        article.pk = ids[article.source_id]
        article._state.adding, article._state.db = False, connection.alias


@dataclass
class _Plan:
    """What importing one post will write, decided before anything is written."""

    result: FileResult
    source_id: str
    # A new article, or a copy of the existing one with the post's values; cleaned
    # as save() cleans it. Writing copies it again, so a write that rolls back
    # leaves the plan as it was, to be written again.
    article: Article
    existing: Article | None  # as loaded (never changed); None for a new article
    categories: list  # Category objects, and the names of categories to create
    category_ids: set[int]  # the existing article's categories, as loaded
    tags: list  # Tag objects, and the names of tags to create
    tag_ids: set[int]  # the existing article's tags, as loaded
    old_paths: list[str]
    written_tag_ids: set[int] = field(default_factory=set)
    was_public: bool = False  # a renamed article: whether readers saw the old address


class _Taken:
    """Slugs in use: in any of `sets` (the database's, a batch's planned ones)."""

    def __init__(self, *sets):
        self.sets = sets

    def __contains__(self, slug):
        return any(slug in taken for taken in self.sets)


class PostImporter:
    """Imports post files a batch (`batch_size` files) at a time:

    1. read and check each file (and download its images), outside any transaction;
    2. plan each post in memory: new, updated or unchanged, its values cleaned
       as `Article.save()` cleans them, its slug (unique within the batch and
       against the database) and categories, against the batch's existing
       articles loaded in two queries;
    3. write the batch in bulk, inside a savepoint: new categories, articles,
       category links and audit events (`_insert`, `_update`: one prepared
       statement run for every row), redirects of renamed articles, the
       derived visibility data (`visibility.refresh_articles`) and the search
       index (`_index_batch`), each once for the batch. Should that fail (a
       file that violates a constraint only the database checks), the
       savepoint rolls back and the batch is written again in halves, and so
       on down to single files: only the failing file is left out, and
       reported.

    Two posts of one batch that are the same article are written one after
    the other, as if imported in turn. After an import that changed anything
    (not a dry run), the database's planner statistics are refreshed.
    """

    def __init__(self, options: ImportOptions | None = None, *, now: datetime | None = None):
        self.options = options or ImportOptions()
        if self.options.site_root is not None:
            self._use_site_patterns(folder_reader(self.options.site_root))
        self.now = now or timezone.now()
        self._existing = {}  # source_id -> (article, its category ids), per batch
        self._reload()
        self._users = {}

    def _use_site_patterns(self, read) -> None:
        """The site's permalinks, unless the options name a pattern."""
        jekyll, hugo = site_patterns(read)
        if self.options.old_url_pattern is None:
            self.options.old_url_pattern = jekyll
        if self.options.section_patterns is None:
            self.options.section_patterns = hugo

    def _without_site_configs(self, files: Iterable[PostFile]) -> Iterable[PostFile]:
        """The posts of `files`; a zipped site's configuration files among
        them (a list) set its permalinks."""
        if not isinstance(files, list) or not any(file.site_config for file in files):
            return files
        texts = {
            file.path: file.data.decode("utf-8", errors="replace")
            for file in files
            if file.site_config
        }
        self._use_site_patterns(texts.get)
        return [file for file in files if not file.site_config]

    def run(
        self,
        files: Iterable[PostFile],
        on_result: Callable[[FileResult], None] | None = None,
    ) -> ImportReport:
        report = ImportReport(dry_run=self.options.dry_run)
        started = time.perf_counter()
        files = self._without_site_configs(files)
        whole = self.options.dry_run or self.options.strict
        try:
            with transaction.atomic() if whole else nullcontext():
                for batch in batched(files, self.options.batch_size):
                    self._run_batch(batch, report, on_result)
                if self.options.dry_run:
                    transaction.set_rollback(True)
        except ImportAborted:
            report.aborted = True
        if report.changed_ids and not (report.dry_run or report.aborted):
            refresh_statistics()
        report.seconds = time.perf_counter() - started
        return report

    def _run_batch(self, batch, report, on_result):
        # Read first (and download images), outside any transaction.
        prepared = [self._prepare(post_file) for post_file in batch]
        self._plan_and_write(prepared)
        conflicted = [item for item in prepared if item[0].conflict]
        if conflicted:
            # Another import (or an editor) wrote the same articles, slugs or
            # categories at the same time and won: read what it wrote, and
            # plan and write those files once more against it.
            logger.info("%d files met a concurrent write; trying them again", len(conflicted))
            self._reload()
            for result, _, _ in conflicted:
                result.action, result.message, result.conflict = FAILED, "", False
                result.note = None
            self._plan_and_write(conflicted)
            for result, _, _ in conflicted:
                result.warnings = list(dict.fromkeys(result.warnings))
        for result, _, _ in prepared:
            report.results.append(result)
            if on_result is not None:
                on_result(result)
            if result.action == FAILED and self.options.strict:
                raise ImportAborted(result.message)

    def _reload(self) -> None:
        """Read the slugs and categories afresh (others may have written some)."""
        self._slugs = set(Article.objects.values_list("slug", flat=True))
        self._categories = {
            category.name: category for category in Category.objects.select_related("merged_into")
        }
        self._tags = {tag.name.lower(): tag for tag in Tag.objects.all()}
        self._people = {}  # byline name or ("user", id) -> Person, for this run
        self._tag_slugs = {tag.slug for tag in self._tags.values()}

    def _plan_and_write(self, prepared) -> None:
        """Plan and write prepared files, after loading their existing articles
        in two queries."""
        self._load_existing([data for _, data, _ in prepared if data is not None])
        with transaction.atomic():
            group, sources, article_ids, slugs = [], set(), set(), set()
            for result, data, hero_name in prepared:
                if data is None:
                    continue
                existing = self._existing.get(data.source_id, (None,))[0]
                if data.source_id in sources or (existing and existing.pk in article_ids):
                    # A second post for the same article: write the first one
                    # before planning it, as if the two were imported in turn.
                    self._write_group(group)
                    group, sources, article_ids, slugs = [], set(), set(), set()
                    existing = self._existing.get(data.source_id, (None,))[0]
                plan = self._plan(result, data, hero_name, slugs)
                if plan is not None:
                    group.append(plan)
                    sources.add(plan.source_id)
                    slugs.add(plan.article.slug)
                    if existing is not None:
                        article_ids.add(existing.pk)
            self._write_group(group)

    def _prepare(self, post_file: PostFile):
        result = FileResult(path=post_file.path, action=FAILED)
        try:
            post = posts.read_post(post_file.data, post_file.path)
            data = posts.article_data(
                post,
                base_url=self.options.base_url,
                now=self.now,
                old_url_pattern=self.options.old_url_pattern,
                section_patterns=self.options.section_patterns,
            )
            result.warnings.extend(data.warnings)
            # A dry run downloads nothing: it must not reach out to any server.
            fetch = self.options.fetch_images and not self.options.dry_run
            hero_name = self._fetch_images(data, result) if fetch else ""
            self._warn_unresolved_images(data, result)
        except posts.PostError as error:
            result.message, result.note = str(error), error
            return result, None, ""
        except Exception as error:  # One bad file must never stop the others.
            logger.exception("Reading %s failed", post_file.path)
            result.message = f"{type(error).__name__}: {error}"
            return result, None, ""
        return result, data, hero_name

    def _load_existing(self, batch: list[posts.ArticleData]):
        """The batch's existing articles, by source identity, in two queries.

        A post identified by its slug also finds an article first imported
        without one (identified by its path) that got that slug: that is what
        exporting such an article writes, so re-importing an export into the
        same database updates it instead of making a copy."""
        identities = {data.source_id for data in batch}
        slugs = {data.slug for data in batch if data.source_id.startswith("slug:")}
        articles = Article.objects.filter(
            Q(source_id__in=identities) | Q(slug__in=slugs, source_id__startswith="path:")
        )
        found = {article.pk: article for article in articles}
        category_ids = {pk: set() for pk in found}
        links = Article.categories.through.objects.filter(article_id__in=found)
        for article_id, category_id in links.values_list("article_id", "category_id"):
            category_ids[article_id].add(category_id)
        self._tag_ids = {pk: set() for pk in found}
        tag_links = Article.tags.through.objects.filter(article_id__in=found)
        for article_id, tag_id in tag_links.values_list("article_id", "tag_id"):
            self._tag_ids[article_id].add(tag_id)
        self._existing = {
            article.source_id: (article, category_ids[pk]) for pk, article in found.items()
        }
        for article in found.values():
            if article.source_id.startswith("path:"):
                self._existing.setdefault(
                    f"slug:{article.slug}", (article, category_ids[article.pk])
                )

    def _warn_unresolved_images(self, data: posts.ArticleData, result: FileResult) -> None:
        for url in posts.image_sources(data.body):
            if not url.lower().startswith(("http://", "https://", "//", settings.MEDIA_URL)):
                result.warnings.append(
                    posts.Note(
                        "image %(url)s not resolved: give --base-url, or --site-root with "
                        "--fetch-images",
                        url=url,
                    )
                )

    def _from_disk(self, url: str, post_path: str) -> Path | None:
        """The file a relative image address names under the site root, if any."""
        root = self.options.site_root
        if root is None or url.lower().startswith(("http://", "https://", "//", "data:")):
            return None
        relative = url.split("?")[0].split("#")[0]
        candidates = [posixpath.normpath(relative.lstrip("/"))]
        candidates.append("static/" + candidates[0])  # Hugo serves static/ at the root
        if not relative.startswith("/"):
            candidates.append(
                posixpath.normpath(posixpath.join(posixpath.dirname(post_path), relative))
            )
        base = Path(root).resolve()
        for candidate in candidates:
            if candidate.startswith(".."):
                continue
            file = (base / candidate).resolve()
            if file.is_file() and file.is_relative_to(base):
                return file
        return None

    def _fetch_images(self, data: posts.ArticleData, result: FileResult) -> str:
        hero_name = ""
        if data.hero_image_url.startswith(("http://", "https://")):
            try:
                hero_name = fetch_image(data.hero_image_url, save=not self.options.dry_run)
                if self.options.dry_run:
                    hero_name = ""  # checked, but there is no file to read its size from
            except ImageFetchError as error:
                result.warnings.append(f"hero image kept as an external URL: {error}")
        elif (file := self._from_disk(data.hero_image_url, result.path)) is not None:
            try:
                hero_name = image_from_disk(file, save=not self.options.dry_run)
            except ImageFetchError as error:
                result.warnings.append(f"hero image not stored: {error}")
        # The images the article will show: those left once the body is sanitized.
        data.body = sanitize_html(data.body)
        local = {}
        for url in posts.image_sources(data.body):
            file = self._from_disk(url, result.path)
            if file is None and not url.lower().startswith(("http://", "https://")):
                continue
            try:
                if file is not None:
                    name = image_from_disk(file, save=not self.options.dry_run)
                else:
                    name = fetch_image(url, save=not self.options.dry_run)
                local[url] = default_storage.url(name)
            except ImageFetchError as error:
                result.warnings.append(f"image kept as an external URL: {error}")
        if local:
            data.body = posts.replace_image_sources(data.body, local)
            data.front_matter[posts.META_KEY]["images"] = {new: old for old, new in local.items()}
        return hero_name

    # Planning: in memory, no writes --------------------------------------------

    def _plan(self, result: FileResult, data: posts.ArticleData, hero_name: str, slugs: set):
        """What importing `data` writes; None when nothing is to be written:
        the article is unchanged, or the post is refused (`result` says which).
        `slugs`: those that posts planned before it in the batch take."""
        try:
            return self._plan_post(result, data, hero_name, slugs)
        except posts.PostError as error:
            result.message, result.note = str(error), error
        except ValidationError as error:  # Article.clean_for_save(): a limit
            result.message = failure_message(error)
        except Exception as error:  # One bad file must never stop the others.
            logger.exception("Importing %s failed", result.path)
            result.message = f"{type(error).__name__}: {error}"
        return None

    def _plan_post(self, result, data, hero_name, slugs) -> _Plan | None:
        existing, category_ids = self._existing.get(data.source_id, (None, set()))
        if existing is not None and not self.options.can_update(existing):
            raise posts.PostError("an article from this post exists and you may not change it")
        # Only people who may publish choose the author and the publication,
        # as in the admin form; for others a post's `author` is only a byline.
        author = self._user(data.author_name) if self.options.can_publish else None
        values = {
            "title": data.title,
            "excerpt": data.excerpt,
            "feature_text": data.feature_text,
            "hero_image_url": data.hero_image_url,
            # A downloaded hero image stays while the post names the same image.
            "hero_id": library_hero_id(hero_name, data, save=not self.options.dry_run)
            or (
                existing.hero_id
                if existing is not None and existing.hero_image_url == data.hero_image_url
                else None
            ),
            "byline": "" if author else data.author_name,
            "author_id": author.pk
            if author
            else (existing.author_id if existing is not None else self.options.default_author_id),
            "status": Article.Status.PUBLISHED if data.published else Article.Status.DRAFT,
            "published_at": data.published_at,
            "body": data.body,
            "body_format": data.body_format,
            "body_source": data.body_source,
            "front_matter": data.front_matter,
            "revised_at": data.revised_at,
            "expires_at": data.expires_at,
        }
        if existing is not None:
            if not data.dated and existing.published_at is not None:
                values["published_at"] = existing.published_at  # keep the first import's time
            if not self.options.can_publish:
                values["status"] = existing.status
                values["published_at"] = existing.published_at
        elif not self.options.can_publish or self.options.as_drafts:
            values["status"] = Article.Status.DRAFT
        if existing is not None and data.slug and data.slug == existing.slug:
            values["slug"] = existing.slug
        elif data.slug or existing is None:
            # Against the slugs loaded at start, those written since, and those
            # of the posts planned before this one in the batch: no query.
            taken = _Taken(self._slugs, slugs)
            values["slug"] = first_free_slug(slug_base(data.slug or data.title), taken)
        else:
            values["slug"] = existing.slug  # a stable address across re-imports
        categories = self._category_list(data.category_names, result.warnings)
        tags = [self._tags.get(name.lower(), name) for name in data.tag_names]
        tag_ids = self._tag_ids.get(existing.pk, set()) if existing is not None else set()

        article = copy.copy(existing) if existing is not None else Article()
        if "image_alt" in data.front_matter:
            values["hero_image_alt"] = posts._text(data.front_matter["image_alt"])
        for name, value in values.items():
            setattr(article, name, value)
        article.clean_for_save()
        # What the body became, so export can tell it was not edited since
        # and write the Markdown source back (posts.export_body).
        meta = {**data.front_matter[posts.META_KEY], "body": posts.body_digest(article.body)}
        article.front_matter = {**data.front_matter, posts.META_KEY: meta}
        if existing is None:
            article.source_id = data.source_id
        elif (
            all(isinstance(category, Category) for category in categories)
            and {category.pk for category in categories} == category_ids
            and all(isinstance(tag, Tag) for tag in tags)
            and {tag.pk for tag in tags} == tag_ids
            and all(getattr(article, name) == getattr(existing, name) for name in COMPARED_FIELDS)
        ):
            result.action, result.article_id = UNCHANGED, existing.pk
            return None
        plan = _Plan(
            result, data.source_id, article, existing, categories, category_ids,
            tags, tag_ids, data.old_paths,
        )  # fmt: skip
        if existing is not None and article.slug != existing.slug:
            plan.was_public = existing.is_public()
        return plan

    def _category_list(self, names, warnings: list[str]) -> list:
        """The post's categories; the names of those that do not exist yet
        stand for themselves (the write creates them). A merged one stands for
        its target; a retired or rejected one is left out (moderators closed
        it), with a warning."""
        categories = []
        for name in names:
            category = self._categories.get(name)
            if category is None:
                if name not in categories:
                    categories.append(name)
                continue
            if category.merged_into_id is not None:
                category = category.merged_into  # merges collapse chains: one hop
            if category.status in (Category.Status.RETIRED, Category.Status.REJECTED):
                warnings.append(f"category {name!r} is {category.status}: left out")
            elif category not in categories:
                categories.append(category)
        return categories

    # Writing: in bulk ---------------------------------------------------------

    def _write_group(self, plans: list[_Plan]) -> None:
        """Write `plans` at once in a savepoint. When that fails, write each
        half the same way, and so on: a file that fails alone is reported and
        leaves nothing behind, and the others are written."""
        if not plans:
            return
        try:
            with transaction.atomic():
                written, categories, tags = self._write(plans)
        except Exception as error:  # One bad file must never stop the others.
            if len(plans) == 1:
                logger.exception("Importing %s failed", plans[0].result.path)
                plans[0].result.message = failure_message(error)
                if isinstance(error, IntegrityError):
                    plans[0].result.note = posts.Note(CONFLICT_MESSAGE)
                plans[0].result.conflict = isinstance(error, IntegrityError)
                return
            logger.info("Writing %d posts at once failed (%s); splitting them", len(plans), error)
            middle = len(plans) // 2
            self._write_group(plans[:middle])
            self._write_group(plans[middle:])
            return
        self._categories.update(categories)
        self._tags.update(tags)
        self._tag_slugs.update(tag.slug for tag in tags.values())
        for plan, article, category_ids in written:
            plan.result.action = UPDATED if plan.existing is not None else CREATED
            plan.result.article_id = article.pk
            self._existing[plan.source_id] = (article, category_ids)
            self._tag_ids[article.pk] = plan.written_tag_ids
            self._slugs.add(article.slug)

    def _write(self, plans: list[_Plan]):
        """Everything `plans` change, in a few statements for them all; returns
        [(plan, article written, its category ids)] and the categories created."""
        created, events = {}, []
        actor = self.options.actor
        for plan in plans:
            for name in plan.categories:
                if isinstance(name, str) and name not in self._categories and name not in created:
                    status = self.options.categories_status
                    category = Category.objects.create(name=name, status=status, proposed_by=actor)
                    created[name] = category
                    # As services.category_propose records an addition: proposed,
                    # then approved at once when the import approves new categories.
                    actions = [AuditEvent.Action.PROPOSED]
                    if status == Category.Status.APPROVED:
                        actions.append(AuditEvent.Action.APPROVED)
                    events += [
                        services.audit_event(
                            actor=actor, action=action, category=category, detail="import"
                        )
                        for action in actions
                    ]

        def category_id(item) -> int:
            if isinstance(item, Category):
                return item.pk
            return (self._categories.get(item) or created[item]).pk

        now = timezone.now()
        written, new, changed = [], [], []
        for plan in plans:
            article = copy.copy(plan.article)
            category_ids = {category_id(item) for item in plan.categories}
            if plan.existing is None:
                new.append(article)
            else:
                article.version += 1
                article.updated_at = now
                changed.append(article)
            written.append((plan, article, category_ids))
        _insert_articles(new)
        _update(changed, UPDATED_FIELDS)

        tags = self._write_tags(written)

        Link = Article.categories.through
        relinked = {
            article.pk
            for plan, article, category_ids in written
            if plan.existing is not None and category_ids != plan.category_ids
        }
        Link.objects.filter(article_id__in=relinked).delete()
        _insert(
            [
                Link(article_id=article.pk, category_id=category_id)
                for plan, article, category_ids in written
                if plan.existing is None or article.pk in relinked
                for category_id in category_ids
            ]
        )

        for plan, article, _ in written:
            old = plan.existing
            if old is not None and article.slug != old.slug:
                services.article_redirect_old_slug(
                    article=article, old_slug=old.slug, was_public=plan.was_public
                )
            events += self._status_change_events(article, old.status if old else None)
        ids = [article.pk for _, article, _ in written]
        self._write_old_addresses(written)
        self._write_bylines(written)
        self._write_body_images(written)
        visibility.refresh_articles(ids)  # bulk writes send no signals
        _index_batch(ids)
        _insert(events)
        return written, created, tags

    def _write_tags(self, written) -> dict:
        """New tags (get-or-create by name, any case) and the articles' tag
        links; the tags created, by lowercased name."""
        created = {}
        for plan, _, _ in written:
            for item in plan.tags:
                key = item.lower() if isinstance(item, str) else None
                if key and key not in self._tags and key not in created:
                    slug = first_free_slug(slug_base(item, "tag"), _Taken(self._tag_slugs))
                    tag = Tag.objects.create(name=item, slug=slug)
                    created[key] = tag
                    self._tag_slugs.add(tag.slug)
        Link = Article.tags.through
        relinked, links = set(), []
        for plan, article, _ in written:
            ids = {
                item.pk
                if isinstance(item, Tag)
                else (self._tags.get(item.lower()) or created[item.lower()]).pk
                for item in plan.tags
            }
            plan.written_tag_ids = ids
            if plan.existing is not None and ids != plan.tag_ids:
                relinked.add(article.pk)
            if plan.existing is None or article.pk in relinked:
                links += [Link(article_id=article.pk, tag_id=tag_id) for tag_id in ids]
        Link.objects.filter(article_id__in=relinked).delete()
        _insert(links)
        return created

    def _write_bylines(self, written) -> None:
        """Whom each post names, as the article's ordered bylines: a post's
        `author` that is an account credits that account's profile, any other
        name ("최민지 기자", "홍길동·김철수 기자", "경제부") the people it
        names, made when new (people/services.py). Rewritten only when the
        post's author changed."""
        changed = [
            (plan, article)
            for plan, article, _ in written
            if plan.existing is None
            or (article.byline, article.author_id)
            != (plan.existing.byline, plan.existing.author_id)
        ]
        Byline.objects.filter(
            article_id__in=[article.pk for plan, article in changed if plan.existing is not None]
        ).delete()
        rows = []
        for _, article in changed:
            people = {person.pk: person for person in self._people_named(article)}
            rows += [
                Byline(article_id=article.pk, person=person, position=position)
                for position, person in enumerate(people.values())
            ]
        _insert(rows)

    def _write_body_images(self, written) -> None:
        """`Article.body_images`, as articles/signals.py keeps it on save: the
        library images each body shows, so the image admin refuses to delete
        one an imported article still shows. Rewritten only for new bodies."""
        changed = {
            article.pk: image_ids(article.body)
            for plan, article, _ in written
            if plan.existing is None or article.body != plan.existing.body
        }
        Link = Article.body_images.through
        Link.objects.filter(article_id__in=changed).delete()
        wanted = set().union(*changed.values())
        # A post may name an id (data-image-id) that no image has.
        known = set(Image.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        _insert(
            [
                Link(article_id=pk, image_id=image_id)
                for pk, shown in changed.items()
                for image_id in sorted(shown & known)
            ]
        )

    def _people_named(self, article) -> list:
        if article.byline:
            names = [f"{name} {title}".strip() for name, title in parse_byline(article.byline)]
            for name in names:
                if name not in self._people:
                    self._people[name] = person_for_byline(name)
            return [self._people[name] for name in names]
        if article.author_id:
            key = ("user", article.author_id)
            if key not in self._people:
                user = get_user_model().objects.get(pk=article.author_id)
                self._people[key] = person_for_user(user)
            return [self._people[key]]
        return []

    def _write_old_addresses(self, written) -> None:
        """Each post's old addresses, pointing at its article (a later post
        claiming the same address takes it)."""
        paths = {path: article.pk for plan, article, _ in written for path in plan.old_paths}
        if not paths:
            return
        existing = LegacyAddress.objects.in_bulk(list(paths), field_name="path")
        moved = [
            address for path, address in existing.items() if address.article_id != paths[path]
        ]
        for address in moved:
            address.article_id = paths[address.path]
        LegacyAddress.objects.bulk_update(moved, ["article"])
        LegacyAddress.objects.bulk_create(
            [
                LegacyAddress(path=path, article_id=pk)
                for path, pk in paths.items()
                if path not in existing
            ]
        )

    def _status_change_events(self, article: Article, old_status: str | None) -> list:
        """Publishing and unpublishing done by an import, for the audit log as the
        admin's are."""
        published = article.status == Article.Status.PUBLISHED
        if published and old_status != Article.Status.PUBLISHED:
            scheduled = article.published_at > self.now
            action = AuditEvent.Action.SCHEDULED if scheduled else AuditEvent.Action.PUBLISHED
        elif not published and old_status == Article.Status.PUBLISHED:
            action = AuditEvent.Action.UNPUBLISHED
        else:
            return []
        return [
            services.audit_event(
                actor=self.options.actor, action=action, article=article, detail="import"
            )
        ]

    def _user(self, name: str):
        if not name:
            return None
        if name not in self._users:
            User = get_user_model()
            self._users[name] = User._default_manager.filter(**{User.USERNAME_FIELD: name}).first()
        return self._users[name]


def import_posts(files: Iterable[PostFile], options: ImportOptions | None = None, **kwargs):
    """Import `files`; the per-file report. See PostImporter for the options."""
    return PostImporter(options).run(files, **kwargs)


# Export -------------------------------------------------------------------------


def export_posts(directory: Path, queryset=None) -> list[Path]:
    """Write each article of `queryset` (default: all) as a front-matter post
    file into `directory`; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    queryset = Article.objects.all() if queryset is None else queryset
    written = []
    for article in (
        queryset.select_related("author")
        .prefetch_related("categories", "tags")
        .iterator(chunk_size=500)
    ):
        names = [category.name for category in article.categories.all()]
        tags = [tag.name for tag in article.tags.all()]
        filename, text = posts.write_post(article, names, tags)
        path = directory / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
