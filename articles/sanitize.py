"""How article body HTML is cleaned: one allow-list, applied on every save."""

import html
import re

import nh3

from embeds.providers import embed_placeholder, resolve

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
    "a": {"href", "title", "rel", "target", "id"},
    "li": {"id"},
    "img": {"src", "alt", "width", "height", "title", "class", "data-image-id", "data-decorative"},
    # Captioned images and embeds (CKEditor's image2, embeds/providers.py).
    "figure": {"class", "data-embed-url"},
    "p": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Layout as classes from this list, never inline styles: the body editor's
# image2 writes exactly these (newsroom/settings.py, CKEDITOR_CONFIGS).
ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
ALLOWED_CLASSES = {
    "figure": {"image", "embed", *ALIGN_CLASSES},
    "img": ALIGN_CLASSES,
    "p": {"align-center"},
}
NEW_TAB_REL = ("noopener", "noreferrer")
# The only ids a body keeps: footnotes and their back-references as Markdown
# writes them (fn1, fnref1, fnref1:2), so "[1]" and "↩" jump. Nothing else may
# name an element (an id could shadow the page's own).
FOOTNOTE_ID = re.compile(r"fn(ref)?\d{1,4}(:\d{1,3})?")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "class":
        allowed = ALLOWED_CLASSES.get(tag, set())
        kept = [token for token in value.split() if token in allowed]
        return " ".join(dict.fromkeys(kept)) or None
    if name == "data-embed-url":
        return value if resolve(value) else None  # another host, javascript:, ...
    if name == "id":
        return value if FOOTNOTE_ID.fullmatch(value) else None
    if name == "data-image-id":
        return value if value.isdigit() and len(value) <= 18 else None
    if name == "data-decorative":
        return "true"
    if name == "target":
        return "_blank" if value == "_blank" else None
    return value


_A_TAG = re.compile(r"<a\b[^>]*>")
_REL = re.compile(r'\brel="([^"]*)"')
# A paragraph holding nothing but an embeddable URL (typed, or a link to
# itself) becomes an embed: the editor's way to embed is to put the URL alone
# on a line.
_URL_PARAGRAPH = re.compile(
    r'<p>\s*(?:<a href="([^"<>]+)"[^>]*>\s*([^<]+?)\s*</a>|(https?://[^\s<>"]+))\s*</p>'
)


def _new_tab_links(clean: str) -> str:
    """A link that opens a new tab gets rel="noopener noreferrer"."""

    def fix(match):
        tag = match[0]
        if 'target="_blank"' not in tag:
            return tag
        rel = _REL.search(tag)
        if rel is None:
            return tag[:-1] + ' rel="noopener noreferrer">'
        tokens = rel[1].split()
        missing = [token for token in NEW_TAB_REL if token not in tokens]
        if not missing:
            return tag
        return tag[: rel.start(1)] + " ".join([*tokens, *missing]) + tag[rel.end(1) :]

    return _A_TAG.sub(fix, clean)


def _embeds_on_their_own_line(clean: str) -> str:
    def embed(match):
        if match[1] is not None and html.unescape(match[1]) != html.unescape(match[2]):
            return match[0]  # a link with other text stays a link
        url = html.unescape(match[1] if match[1] is not None else match[3])
        return embed_placeholder(url) or match[0]

    return _URL_PARAGRAPH.sub(embed, clean)


def sanitize_html(body: str) -> str:
    """Return `html` with only the allowed tags, attributes and URL schemes.

    Scripts, styles and iframes are dropped with their content; event handlers,
    inline styles and `javascript:` URLs are dropped; classes only from
    ALLOWED_CLASSES, embeds only from allowed providers, new-tab links get
    rel="noopener noreferrer". Cleaning is idempotent: cleaning clean HTML
    gives it back unchanged (tests/test_sanitize_idempotent.py). A body over
    the size or nesting limits raises ValidationError before nh3 sees it
    (articles/limits.py).
    """
    if not body:
        return ""
    check_body(body)
    body = strip_control_characters(body)
    # Cleaning until nothing changes (twice, nearly always): the parser can
    # rebuild a cleaned tree differently (a heading that ends up inside a
    # heading, say) and a second pass must give back what the first gave.
    cleaned = _clean(body)
    for _ in range(3):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean(body: str) -> str:
    clean = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        # Keep the author's rel values (imported posts carry them) instead of
        # letting nh3 overwrite them.
        link_rel=None,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )
    clean = _TAG.sub(_keep_leading_newline, clean)
    # A placeholder whose URL was refused is an ordinary figure (its link stays).
    clean = clean.replace('<figure class="embed">', "<figure>")
    return _embeds_on_their_own_line(_new_tab_links(clean))


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
