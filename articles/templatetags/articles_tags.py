import json
import re
from datetime import timedelta
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.sanitize import strip_control_characters

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the
# <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
UPDATE_NOTICE_AFTER = timedelta(minutes=10)
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[,·/]|\band\b|\s및\s)\s*")


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


def bylines(article) -> list[str]:
    """Each name in the byline: "홍길동, 김철수 기자" is two people."""
    return [name for name in _BYLINE_SEPARATORS.split(article.byline_name) if name]


@register.simple_tag
def json_ld(data) -> str:
    """`data` as a JSON-LD block: inert data, not a script, so CSP allows it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context, article) -> str:
    """schema.org NewsArticle for search engines."""
    origin = site_origin(getattr(context, "request", None))
    url = absolute(article.get_absolute_url(), origin)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.excerpt,
        "inLanguage": settings.LANGUAGE_CODE,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "author": [{"@type": "Person", "name": name} for name in bylines(article)],
        "articleSection": [category.name for category in article.categories.all()],
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.hero_image_src:
        data["image"] = [absolute(article.hero_image_src, origin)]
    return json_ld(data)


@register.simple_tag
def page_numbers(page_obj):
    """Page numbers around the current one, with … for the gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def updated_after_publication(article) -> bool:
    """Whether the article changed noticeably (10+ minutes) after it was published."""
    if not article.published_at or not article.updated_at:
        return False
    return article.updated_at - article.published_at >= UPDATE_NOTICE_AFTER


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
