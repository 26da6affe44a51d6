"""RSS 2.0 and Atom feeds of the newest public articles, overall and per category.

Items carry the excerpt, or with `FEEDS_FULL_TEXT` the whole body (as
sanitized on save; embeds are their placeholder's plain link). Items carry the
hero image as a Media RSS element (`media:content`), which
feed readers understand in RSS and Atom alike and which, unlike an
enclosure, needs no file size (unknown for external images).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from images import renditions
from people.models import Person

from . import redirects
from .models import LISTING_FIELDS, Article, Category, Tag
from .sanitize import strip_control_characters

FEED_ITEMS = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"


def _xml_safe(value):
    """`value` with the characters XML cannot carry dropped from every string in
    it. Saves drop them already; this keeps rows written around `save()` (raw
    SQL, `QuerySet.update`, a user's name) from breaking the whole feed."""
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    return value


def with_text(articles):
    """The body too when feeds carry the full text (listings never load it)."""
    return articles.only(*LISTING_FIELDS, "body") if settings.FEEDS_FULL_TEXT else articles


class MediaFeedMixin:
    """Writes each item's `image` as <media:content>, made absolute against the
    feed link; text that XML cannot carry never reaches the writer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_xml_safe(args), **_xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*_xml_safe(args), **_xml_safe(kwargs))

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            attrs = {"url": urljoin(self.feed["link"], image["src"]), "medium": "image"}
            if image.get("width"):
                attrs |= {"width": str(image["width"]), "height": str(image["height"])}
            handler.startElement("media:content", attrs)
            if image.get("alt"):
                handler.addQuickElement("media:description", image["alt"])
            handler.endElement("media:content")


class MediaRssFeed(MediaFeedMixin, Rss201rev2Feed):
    pass


class MediaAtomFeed(MediaFeedMixin, Atom1Feed):
    pass


class LatestArticlesFeed(Feed):
    feed_type = MediaRssFeed
    description = _("The newest articles.")

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return "/"

    def items(self, obj=None):
        return with_text(Article.objects.published().for_listing())[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if settings.FEEDS_FULL_TEXT:
            return item.body
        return item.excerpt

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline_name or None

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]

    def item_extra_kwargs(self, item):
        sized = item.hero_image_sized(renditions.FEED_WIDTH)
        if sized is None:
            return {}
        src, width, height = sized
        image = {"src": src, "alt": item.hero_alt}
        if width:
            image |= {"width": width, "height": height}
        return {"image": image}


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = MediaAtomFeed
    subtitle = LatestArticlesFeed.description


class CategoryFeed(LatestArticlesFeed):
    """The newest articles of one approved category. A merged category's feed
    redirects to its target's, a retired one's is 410 Gone, others are a 404."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            response = redirects.gone_or_redirect_for_category(
                request, kwargs["slug"], url_name="articles:category_feed"
            )
            if response is None:
                raise
            return response

    def get_object(self, request, slug):
        return get_object_or_404(Category.objects.approved(), slug=slug)

    def title(self, obj=None):
        return f"{obj.name} | {settings.SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.description or obj.name

    def items(self, obj=None):
        return with_text(Article.objects.published().filter(categories=obj).for_listing())[
            :FEED_ITEMS
        ]


class ObjectAtomFeed(LatestArticlesAtomFeed):
    """The newest public articles of one object (a person, a tag), in Atom.
    Subclasses give `model` and `articles_of(obj)`."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.public_objects(), slug=slug)

    def public_objects(self):
        return self.model.objects.all()

    def title(self, obj=None):
        return f"{obj} | {settings.SITE_NAME}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def subtitle(self, obj=None):
        return str(obj)

    def items(self, obj=None):
        return with_text(self.articles_of(obj).for_listing())[:FEED_ITEMS]


class PersonFeed(ObjectAtomFeed):
    model = Person

    def articles_of(self, person):
        return Article.objects.published().filter(bylines__person=person)


class TagFeed(ObjectAtomFeed):
    model = Tag

    def public_objects(self):
        return Tag.objects.on_public_articles()

    def articles_of(self, tag):
        return Article.objects.published().filter(tags=tag)
