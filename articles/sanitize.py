"""How article body HTML is cleaned: one allow-list, applied on every save."""

import re

import nh3

from .limits import check_body

# Characters XML 1.0 cannot carry (C0 controls other than tab, newline and
# carriage return, and two non-characters): one in a title would break every
# feed and sitemap that lists it. They have no use in text.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_control_characters(text: str) -> str:
    return _XML_INVALID.sub("", text) if text else text


ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    # The Korean blog editor (Tistory) marks text sizes with data-ke-size.
    "*": {"data-ke-size"},
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return `html` with only the allowed tags, attributes and URL schemes.

    Scripts, styles and iframes are dropped with their content; event handlers,
    inline styles and `javascript:` URLs are dropped. Cleaning is idempotent:
    cleaning clean HTML gives it back unchanged (tests/test_sanitize_idempotent.py).
    A body over the size or nesting limits raises ValidationError before nh3
    sees it (articles/limits.py).
    """
    if not html:
        return ""
    check_body(html)
    html = strip_control_characters(html)
    # Cleaning until nothing changes (twice, nearly always): the parser can
    # rebuild a cleaned tree differently (a heading that ends up inside a
    # heading, say) and a second pass must give back what the first gave.
    cleaned = _clean(html)
    for _ in range(3):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean(html: str) -> str:
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Keep the author's rel values (imported posts carry them) instead of
        # letting nh3 overwrite them.
        link_rel=None,
        strip_comments=True,
    )
    return _TAG.sub(_keep_leading_newline, cleaned)


# A start tag as nh3 writes it (attribute values double-quoted, `"` escaped),
# matched tag by tag so that nothing inside an attribute value is taken for one.
_TAG = re.compile(r"""<([a-zA-Z][\w-]*)((?:\s+[^\s"'=/>]+(?:="[^"]*")?)*)\s*/?>(\n?)""")


def _keep_leading_newline(match) -> str:
    # HTML drops a newline right after <pre>; serializing does not put it back,
    # so "<pre>\n\nx" came out "<pre>\nx", and "<pre>x" the next time. Doubling
    # a leading newline gives back what the parser saw: cleaning is idempotent.
    if match[1].lower() == "pre" and match[3]:
        return match[0] + "\n"
    return match[0]
