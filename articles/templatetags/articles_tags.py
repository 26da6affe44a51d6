import json
import math
import re
from datetime import time
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.sanitize import strip_control_characters
from images import renditions
from search.tokenizer import html_to_text

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the
# <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# Reading speed for Korean text, in characters (spaces not counted) a minute:
# about 500 for news prose, the rate Korean reading-speed studies give for
# adults reading silently (English sites use ~200-250 words a minute).
READING_CHARACTERS_PER_MINUTE = 500
PUBLISHER_LOGO = "img/publisher-logo.png"
PUBLISHER_LOGO_SIZE = (600, 60)


@register.filter
def xml_text(value) -> str:
    """`value` without the characters XML cannot carry (for sitemaps)."""
    return strip_control_characters(str(value)) if value is not None else ""


def site_origin(request=None) -> str:
    """The site's scheme, host and port: SITE_URL when set (behind a proxy or a
    CDN), else the request's own (so `runserver 8001` links to port 8001, as
    feeds and sitemaps do through Django's RequestSite)."""
    if settings.SITE_URL or request is None:
        return settings.SITE_URL.rstrip("/")
    return f"{request.scheme}://{request.get_host()}"


@register.filter
def absolute(url: str, origin: str = "") -> str:
    """`url` made absolute against `origin` or SITE_URL (external URLs stay as they are)."""
    return urljoin((origin or settings.SITE_URL).rstrip("/") + "/", str(url)) if url else ""


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """`url` made absolute against the site's origin (`site_origin`); works in
    an `{% include ... only %}`, which keeps the request."""
    return absolute(url, site_origin(getattr(context, "request", None)))


@register.simple_tag
def json_ld(data) -> str:
    """`data` as a JSON-LD block: inert data, not a script, so CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


def _author(credit, origin) -> dict:
    if credit.is_organization:
        data = {"@type": "Organization", "name": credit.name}
    else:
        data = {"@type": "Person", "name": credit.name}
        if credit.title:
            data["jobTitle"] = credit.title
    if credit.url:
        data["url"] = absolute(credit.url, origin)
    return data


def _publisher(origin) -> dict:
    width, height = PUBLISHER_LOGO_SIZE
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute("/", origin),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(PUBLISHER_LOGO), origin),
            "width": width,
            "height": height,
        },
    }


def _image(article, origin) -> dict | None:
    """The hero as a 1200 px ImageObject (an external hero: its URL, size unknown)."""
    sized = article.hero_image_sized(renditions.SHARE_WIDTH)
    if sized is None:
        return None
    url, width, height = sized
    image = {"@type": "ImageObject", "url": absolute(url, origin)}
    if width:
        image |= {"width": width, "height": height}
    return image


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, corrections=()) -> str:
    """schema.org NewsArticle for search engines. Bylines are Person (with
    their page and title) or Organization (desks); an article with none is
    credited to the publisher, never an empty list."""
    origin = site_origin(getattr(context, "request", None))
    url = absolute(article.get_absolute_url(), origin)
    publisher = _publisher(origin)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.excerpt,
        "inLanguage": settings.LANGUAGE_CODE,
        "datePublished": article.published_at,
        "dateModified": revised_at(article) or article.published_at,
        "author": [_author(credit, origin) for credit in article.credits] or [publisher],
        "articleSection": [category.name for category in article.categories.all()],
        "publisher": publisher,
    }
    if "tags_json" in article.__dict__ and article.tag_list:
        data["keywords"] = [tag.name for tag in article.tag_list]
    if image := _image(article, origin):
        data["image"] = [image]
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.published_at}
            for c in corrections
        ]
    return json_ld(data)


@register.simple_tag(takes_context=True)
def person_json_ld(context, person) -> str:
    """schema.org ProfilePage for an author page: the Person (or the desk's
    Organization) the bylines link to."""
    origin = site_origin(getattr(context, "request", None))
    url = absolute(person.get_absolute_url(), origin)
    kind = "Organization" if person.is_organization else "Person"
    entity = {"@type": kind, "name": person.name, "url": url}
    if person.title and not person.is_organization:
        entity["jobTitle"] = person.title
    if person.bio:
        entity["description"] = person.bio
    if person.photo:
        entity["image"] = absolute(person.photo_url, origin)
    if person.links:
        entity["sameAs"] = person.links
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": url,
            "mainEntity": entity,
        }
    )


@register.simple_tag
def page_numbers(page_obj):
    """Page numbers around the current one, with … for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


def revised_at(article):
    """When the newsroom last changed the published story, if after its
    publication ("수정"); None otherwise."""
    if article.revised_at and article.published_at and article.revised_at > article.published_at:
        return article.revised_at
    return None


register.filter("revised_at", revised_at)


@register.filter
def news_time(value) -> str:
    """ "2025.03.08 06:00", or "2025.03.08" for a date-only post (a time of
    exactly midnight, as imports of a date alone give)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.time() == time(0, 0):
        return date_format(local, "DATE_FORMAT")
    return date_format(local, "DATETIME_FORMAT")


@register.filter
def reading_minutes(article) -> int:
    """Minutes to read the body at READING_CHARACTERS_PER_MINUTE, at least 1."""
    text = html_to_text(article.body or "")
    characters = sum(1 for char in text if not char.isspace())
    return max(1, math.ceil(characters / READING_CHARACTERS_PER_MINUTE))


_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)


@register.filter
def responsive_tables(body: str) -> str:
    """A sanitized body with each table in its own sideways-scrolling box (a
    labelled region, reachable by keyboard), so narrow screens scroll a wide
    table instead of breaking its words. At render time: the stored body stays
    as saved."""
    labels = iter(range(1, 1000))

    def start(match):
        label = _("Table %(number)s") % {"number": next(labels, "")}
        return (
            format_html(
                '<div class="table-scroll" role="region" tabindex="0" aria-label="{}">', label
            )
            + match.group()
        )

    body = _TABLE_END.sub("</table></div>", _TABLE_START.sub(start, str(body)))
    return mark_safe(body)  # noqa: S308  (the body was sanitized on save; only wrappers added)
