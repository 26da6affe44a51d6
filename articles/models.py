import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.slugs import SLUG_MAX_LENGTH, unique_slug
from images import renditions
from images.body import image_ids, link_library_images
from images.models import Image, Rendition
from people import jsonrows
from people.credits import Credit, byline_text, credits_from_json, credits_from_text, credits_rows
from people.jsonrows import JSONRows
from people.models import Person
from search.querysets import SearchQuerySetMixin

from .limits import check_body, check_datetime, check_markdown
from .sanitize import sanitize_html, strip_control_characters

_absolute_url = URLValidator(schemes=["http", "https"])


def validate_image_address(value: str) -> None:
    """An absolute http(s) URL, or a site-relative path as imported posts keep
    when no base URL was given ("/uploads/2024/06/fab.jpg", "assets/fab.jpg")."""
    if not urlsplit(value).scheme and not value.startswith("//") and not value.isspace():
        return
    try:
        _absolute_url(value)
    except ValidationError:
        raise ValidationError(
            _("Enter an http(s) URL or a path on this site."), code="invalid"
        ) from None


# Scripts whose letters pass for Latin ones (Cyrillic "а", Greek "ο"): a slug
# mixing them with Latin looks like another slug.
CONFUSABLE_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK"}


def letter_scripts(text: str) -> set[str]:
    """The scripts of the letters in `text`, by their Unicode names' first word."""
    return {unicodedata.name(char, "").split(" ", 1)[0] for char in text if char.isalpha()} - {""}


def clean_slug(value: str) -> str:
    """A slug as typed, made canonical: NFKC (composed "é", fullwidth "ａｉ" is
    "ai") and lowercase, so two slugs that look alike are the same slug. One
    mixing Latin with Cyrillic or Greek letters is refused."""
    value = unicodedata.normalize("NFKC", value).strip().lower()
    if len(letter_scripts(value) & CONFUSABLE_SCRIPTS) > 1:
        raise ValidationError(
            _(
                "The slug mixes Latin letters with Cyrillic or Greek ones that look "
                "alike. Type it in one script."
            ),
            code="confusable",
        )
    if value != slugify(value, allow_unicode=True):
        raise ValidationError(
            _("Use only letters, numbers, hyphens and underscores in the slug."),
            code="invalid",
        )
    return value


class CategoryQuerySet(models.QuerySet):
    def approved(self):
        """Categories readers may see."""
        return self.filter(status=Category.Status.APPROVED)


class Category(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETIRED = "retired", _("Retired")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown at the top of the category page.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.PROPOSED,
        db_index=True,
        help_text=_("Only approved categories appear on the public site."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_categories",
    )
    moderation_note = models.TextField(
        _("moderation note"),
        blank=True,
        help_text=_("Why a proposal was rejected or a category retired; shown to the proposer."),
    )
    nav_order = models.PositiveSmallIntegerField(
        _("header position"),
        null=True,
        blank=True,
        help_text=_(
            "Categories with a position come first in the site header, lowest first; the "
            "rest follow by their number of public articles. The header shows at most 12, "
            "and only categories with public articles."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_categories",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        permissions = [
            ("moderate_category", _("Can approve, reject, merge and retire categories")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = strip_control_characters(self.name)
        self.description = strip_control_characters(self.description)
        if not self.slug:
            self.slug = unique_slug(Category, self.name, exclude_pk=self.pk, fallback="category")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})

    # The status as last read from or written to the database: a change of it
    # refreshes the visibility of the category's articles (articles/signals.py).
    loaded_status = None

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        category = super().from_db(db, field_names, values, **kwargs)
        category.loaded_status = category.__dict__.get("status")
        return category


# Text that feeds and sitemaps carry as XML: control characters are dropped on save.
PLAIN_TEXT_FIELDS = [
    "title", "excerpt", "feature_text", "byline", "hero_image_alt", "hero_image_url",
]  # fmt: skip
# Times every page, feed and sitemap must be able to show.
DATE_FIELDS = ["published_at", "expires_at"]
# The columns listings, cards and feed items read.
LISTING_FIELDS = [
    "title", "slug", "excerpt", "byline", "published_at", "updated_at", "status",
    "hero_image_url", "hero_image_alt", "hero_image_decorative",
    "hero__file", "hero__content_hash", "hero__width", "hero__height", "hero__alt",
    "hero__focal_x", "hero__focal_y", "hero__caption", "hero__credit",
    "author__username", "author__first_name", "author__last_name",
]  # fmt: skip


def shown_at(now) -> Q:
    """The time half of `published()`: publication time reached, embargo not
    over. `CategoryListing` rows carry the same two columns, so the category
    listings apply the very same condition."""
    return Q(published_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class TagQuerySet(models.QuerySet):
    def on_public_articles(self):
        """Tags readers may see: on at least one public article. A tag only
        drafts carry ("단독-합병") has no page, feed or sitemap entry."""
        return self.filter(
            models.Exists(Article.objects.published().filter(tags=models.OuterRef("pk")))
        )


class Tag(models.Model):
    """A free keyword on articles ("반도체", "총선 2026"): unlike categories,
    tags need no moderation and an article may carry many."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = strip_control_characters(self.name).strip()
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, exclude_pk=self.pk, fallback="tag")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(SearchQuerySetMixin, models.QuerySet):
    def published(self):
        """What readers may see, everywhere: pages, listings, feeds, sitemaps, search.

        Published, with a publication time that has passed, not past its embargo
        end, and either uncategorised or in at least one approved category. The
        last two conditions are kept as data in `listed` (articles/visibility.py),
        so this is a range scan of the `article_listed_idx` index.
        """
        return self.filter(shown_at(timezone.now()), listed=True)

    def scheduled(self):
        """Published with a publication time still ahead: they appear by themselves."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def expired(self):
        """Published, but past their embargo end: gone from every public surface."""
        return self.filter(status=Article.Status.PUBLISHED, expires_at__lte=timezone.now())

    def held(self):
        """Published and due, but kept off the site: none of their categories is
        approved (yet)."""
        now = timezone.now()
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=now, listed=False
        ).exclude(expires_at__lte=now)

    def with_relations(self):
        """Load the author, the bylines and the approved categories in a
        constant number of queries (the bylines ride in the article's own row,
        see `Article.credits`)."""
        return (
            self.select_related("author")
            .annotate(credits_json=credits_rows(Byline))
            .prefetch_related(
                models.Prefetch(
                    "categories", queryset=Category.objects.approved().only("name", "slug")
                )
            )
        )

    def with_tags(self):
        """Each article's tags, read in its own row (`Article.tag_list`)."""
        links = Article.tags.through
        fields = {"name": (Tag, "name"), "slug": (Tag, "slug")}
        return self.annotate(tags_json=JSONRows(links, link="article", join="tag", fields=fields))

    def with_hero(self, renditions=True):
        """The hero image, and all its renditions in one query for a page
        (renditions=False: the caller prefetches them with the page's others)."""
        queryset = self.select_related("hero")
        if renditions:
            queryset = queryset.prefetch_related(
                models.Prefetch("hero__renditions", queryset=Rendition.objects.for_cards())
            )
        return queryset

    def for_listing(self):
        """What a card or a feed item shows, and nothing more (never the body)."""
        return self.with_relations().with_hero().only(*LISTING_FIELDS)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class BodyFormat(models.TextChoices):
        HTML = "html", "HTML"
        MARKDOWN = "markdown", "Markdown"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The article's address. Filled from the title when left empty."),
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("Shown on listings, in feeds and as the meta description."),
    )
    feature_text = models.TextField(
        _("feature text"),
        blank=True,
        help_text=_("The longer lead shown above the body on the article page."),
    )
    # PROTECT: an image cannot be deleted from under an article; the image
    # admin lists the articles that use it instead (images/admin.py).
    hero = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hero_uses",
        verbose_name=_("hero image"),
    )
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=300,
        blank=True,
        help_text=_(
            "Describe the image for readers who cannot see it; empty: the library "
            "image's alt text."
        ),
    )
    hero_image_decorative = models.BooleanField(
        _("hero image is decorative"),
        default=False,
        help_text=_("Tells nothing the text does not: published without alt text."),
    )
    hero_image_url = models.CharField(
        _("external hero image URL"),
        max_length=500,
        blank=True,
        validators=[validate_image_address],
        help_text=_(
            "Used when no library image is chosen, as imported posts carry: an http(s) URL "
            "or a path on this site (/uploads/...)."
        ),
    )
    body = models.TextField(
        _("body"), blank=True, help_text=_("Cleaned of scripts and unsafe markup on save.")
    )
    # The library images the body shows (data-image-id), kept by articles/signals.py.
    body_images = models.ManyToManyField(
        Image, blank=True, editable=False, related_name="body_uses",
        verbose_name=_("body images"),
    )  # fmt: skip
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_("Shown instead of the author's name, e.g. 'Editorial Desk'."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the article; it appears by itself then."),
    )
    expires_at = models.DateTimeField(
        _("embargo end"),
        null=True,
        blank=True,
        help_text=_("Optional. After this time the article leaves the public site."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What readers see as "수정": when the newsroom last changed the published
    # story (or the source's last_modified_at/lastmod on import). Empty means
    # never; `updated_at` is row bookkeeping and moves on every save.
    revised_at = models.DateTimeField(_("revised"), null=True, blank=True)

    # Where an imported article came from, so re-imports update it and export
    # can write back what it was given (see importing/posts.py).
    source_id = models.CharField(
        _("source identity"), max_length=255, unique=True, null=True, blank=True, editable=False
    )
    body_format = models.CharField(
        _("body format"), max_length=10, choices=BodyFormat, default=BodyFormat.HTML,
        editable=False,
    )  # fmt: skip
    body_source = models.TextField(
        _("body source"), blank=True, editable=False,
        help_text=_("The original Markdown of an imported post."),
    )  # fmt: skip
    front_matter = models.JSONField(
        _("front matter"), default=dict, blank=True, editable=False,
        help_text=_("Front-matter keys of an imported post that have no field of their own."),
    )  # fmt: skip
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Bumped on every save; guards concurrent edits.")
    )
    # Derived: published, and uncategorised or in an approved category. Kept by
    # articles/visibility.py; `published()` adds the time conditions.
    listed = models.BooleanField(default=False, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
        ]
        indexes = [
            models.Index(fields=["listed", "-published_at", "-id"], name="article_listed_idx"),
            models.Index(fields=["-published_at"], name="article_published_at_idx"),
            # The next embargo end (selectors.next_visibility_change): few rows have one.
            models.Index(
                fields=["expires_at"],
                name="article_expires_at_idx",
                condition=Q(expires_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Keeping the row valid is the model's job, whoever saves: admin,
        # import, shell.
        created = self._state.adding
        self.clean_for_save()
        if not created:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    # The library images the stored body shows; None when the body was not read.
    saved_body_image_ids = None

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        article = super().from_db(db, field_names, values, **kwargs)
        if "body" in article.__dict__:
            article.saved_body_image_ids = image_ids(article.body)
        return article

    def clean(self):
        """The limits `clean_for_save()` enforces, as field errors for forms."""
        errors = {}
        for name in DATE_FIELDS:
            try:
                check_datetime(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        try:
            check_body(self.body)
        except ValidationError as error:
            errors["body"] = error
        if errors:
            raise ValidationError(errors)

    def clean_for_save(self) -> None:
        """Make the row valid, whoever writes it: `save()` calls this, and bulk
        writers (the import's bulk_create/bulk_update, which skip `save()`) call
        it themselves. Refuses (ValidationError) a time outside the years 1 to
        9999 and a body over the size or nesting limits (articles/limits.py),
        sanitizes the body, drops control characters from the plain text
        fields, fills an empty slug and a published article's time."""
        for name in DATE_FIELDS:
            try:
                check_datetime(getattr(self, name))
            except ValidationError as error:
                raise ValidationError({name: error}) from None
        if self.body_format == self.BodyFormat.MARKDOWN:
            check_markdown(self.body_source)  # export renders it again
        self.body = link_library_images(sanitize_html(self.body))
        for name in PLAIN_TEXT_FIELDS:
            setattr(self, name, strip_control_characters(getattr(self, name)))
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        else:
            self.slug = unicodedata.normalize("NFKC", self.slug).lower()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_public(self) -> bool:
        """Whether readers see this article now: `published()` holds it (one query)."""
        return Article.objects.published().filter(pk=self.pk).exists()

    @property
    def hero_image_src(self) -> str:
        """The library hero's original URL, else the external one, else ''.
        Pages show renditions (`{% picture article.hero %}`), never the original."""
        if self.hero_id:
            return self.hero.file.url
        return self.hero_image_url

    def hero_image_sized(self, width: int) -> tuple[str, int | None, int | None] | None:
        """The hero as one image about `width` px wide (feeds, shares): URL,
        width, height; an external hero is its URL, of unknown size."""
        if self.hero_id:
            return renditions.single_url(self.hero, width)
        if self.hero_image_url:
            return self.hero_image_url, None, None
        return None

    @property
    def share_image(self) -> str:
        """Open Graph, Twitter and JSON-LD: 1200 px."""
        sized = self.hero_image_sized(renditions.SHARE_WIDTH)
        return sized[0] if sized else ""

    @property
    def hero_alt(self) -> str:
        """The alt text of this use: the article's own, else the library's;
        '' for a decorative hero."""
        if self.hero_image_decorative:
            return ""
        return self.hero_image_alt or (self.hero.alt if self.hero_id else "")

    @property
    def state(self) -> str:
        """Where the article stands for readers: draft, scheduled, published,
        expired, or held (published, but none of its categories is approved yet,
        the rule `published()` applies; reads prefetched categories when there)."""
        now = timezone.now()
        if self.status != self.Status.PUBLISHED:
            return "draft"
        if self.published_at and self.published_at > now:
            return "scheduled"
        if self.expires_at and self.expires_at <= now:
            return "expired"
        statuses = {category.status for category in self.categories.all()}
        if statuses and Category.Status.APPROVED not in statuses:
            return "held"
        return "published"

    @property
    def credits(self) -> list[Credit]:
        """Whom the byline names, in order: the article's bylines (read from the
        `with_relations()` annotation when loaded so, else one query), or,
        without any, the names in the `byline` text imported posts still carry
        (no author page to link to)."""
        if "credits_json" in self.__dict__:
            credits = credits_from_json(self.credits_json)
        elif self.pk is not None:
            bylines = self.bylines.select_related("person").order_by("position", "pk")
            credits = [Credit.of(byline.person) for byline in bylines]
        else:
            credits = []
        return credits or credits_from_text(self.byline)

    @property
    def tag_list(self) -> list[Tag]:
        """The article's tags by name: from the `with_tags()` annotation when
        loaded so, else one query."""
        if "tags_json" in self.__dict__:
            rows = sorted(jsonrows.loads(self.tags_json), key=lambda row: row["name"])
            return [Tag(name=row["name"], slug=row["slug"]) for row in rows]
        return list(self.tags.all()) if self.pk else []

    @property
    def byline_name(self) -> str:
        """The byline as one line of text (feeds): "최민지·김도윤 기자"."""
        return byline_text(self.credits)


class Byline(models.Model):
    """A person or desk credited on an article, in print order."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="unique_byline")]

    def __str__(self):
        return str(self.person)


CORRECTION_MAX_LENGTH = 2000


class Correction(models.Model):
    """A dated note on a published article saying what was wrong ("바로잡습니다").
    Added through `services.correction_add`, which also sets the article's
    `revised_at`."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(
        _("correction"),
        max_length=CORRECTION_MAX_LENGTH,
        validators=[MaxLengthValidator(CORRECTION_MAX_LENGTH)],
        help_text=_("Plain text, shown as written."),
    )
    published_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["published_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.text = strip_control_characters(self.text).strip()
        super().save(*args, **kwargs)


class SlugRedirect(models.Model):
    """An address a published article used to have. It answers 301 to the article's
    current address, so chains of renames collapse into one hop."""

    old_slug = models.CharField(_("old slug"), max_length=SLUG_MAX_LENGTH, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.old_slug})


class CategoryListing(models.Model):
    """One listed article in one approved category, with the times `published()`
    compares: the index category pages and related articles read, newest first,
    without touching other categories' rows. Derived data, kept by
    articles/visibility.py."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="category_listings"
    )
    published_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["category", "-published_at", "-article"], name="category_listing_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["category", "article"], name="unique_category_listing")
        ]

    def __str__(self):
        return f"{self.category_id}: {self.article_id}"


class AuditEvent(models.Model):
    """Who changed what an audience sees or which categories exist, and when."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("published")
        SCHEDULED = "scheduled", _("scheduled")
        UNPUBLISHED = "unpublished", _("unpublished")
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        MERGED = "merged", _("merged")
        RETIRED = "retired", _("retired")
        # The review workflow (editorial/): a draft submitted or sent back, and
        # changes to a published article staged, published or discarded.
        SUBMITTED = "submitted", _("submitted for review")
        SENT_BACK = "sent_back", _("sent back")
        STAGED = "staged", _("staged changes")
        REVISED = "revised", _("published changes")
        DISCARDED = "discarded", _("discarded changes")
        CORRECTED = "corrected", _("corrected")
        # The front page (curation/): an article placed as the lead or a pick, or taken off.
        PLACED = "placed", _("placed on the front page")
        UNPLACED = "unplaced", _("taken off the front page")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        help_text=_("Empty when a command or the system did it."),
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.SET_NULL
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_repr = models.CharField(_("what"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        who = self.actor or _("system")
        return f"{who} {self.get_action_display()} {self.object_repr}"
