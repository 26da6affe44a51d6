"""Embeds and details in imported HTML, as the shared body markup.

Embeds become the placeholder of the `embeds` app (its allow-list of
providers decides); anything else stays a link, with a warning.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

from embeds.providers import embed_placeholder

from . import spans

_IFRAME = re.compile(r"<iframe\b([^>]{0,2000}?)/?>", re.I)
_IFRAME_END = re.compile(r"</iframe\s*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""", re.I)
_YOUTUBE_EMBED = re.compile(
    r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", re.I
)
_VIMEO_EMBED = re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)", re.I)
_TWEET = re.compile(
    r"<blockquote\b[^>]{0,500}class=[\"'][^\"']{0,200}twitter-tweet[^\"']{0,200}[\"'][^>]{0,500}>",
    re.I,
)
_BLOCKQUOTE_END = re.compile(r"</blockquote\s*>", re.I)
_STATUS = re.compile(r"https?://(?:mobile\.)?(?:twitter|x)\.com/(\w+)/status/(\d+)", re.I)
_KNOWN_SCRIPT = re.compile(
    r"<script\b[^>]{0,500}\bsrc=[\"'][^\"']{0,500}(?:platform\.twitter\.com|gist\.github\.com)"
    r"[^\"']{0,500}[\"'][^>]{0,500}>\s*</script>",
    re.I,
)
_SCRIPT = re.compile(r"<script\b", re.I)
_SCRIPT_END = re.compile(r"</script\s*>", re.I)
_DETAILS = re.compile(
    r"<details\b[^>]{0,500}>\s*(?:<summary\b[^>]{0,500}>(.{0,2000}?)</summary>)?", re.DOTALL | re.I
)
_DETAILS_END = re.compile(r"</details\s*>", re.I)


def _iframe_url(src: str) -> str | None:
    if match := _YOUTUBE_EMBED.match(src):
        return f"https://www.youtube.com/watch?v={match[1]}"
    if match := _VIMEO_EMBED.match(src):
        return f"https://vimeo.com/{match[1]}"
    query = parse_qs(urlsplit(src).query)
    if "youtube.com/embed" in src and query.get("v"):
        return f"https://www.youtube.com/watch?v={query['v'][0]}"
    return None


def translate_html(body: str, warn) -> str:
    """Iframes of known players and tweets as embed placeholders, `<details>` as
    a plain block (open, its summary in bold); what cannot be kept is warned of."""

    def iframe(span, inner, match):
        attributes = match[1] or ""
        src = _SRC.search(attributes)
        url = _iframe_url(html.unescape(src[1])) if src else None
        placeholder = embed_placeholder(url) if url else None
        if placeholder is None:
            warn("embed %(src)s dropped", src=(src[1] if src else "<iframe>")[:100])
            return ""
        return placeholder

    def tweet(span, inner, match):
        status = _STATUS.findall(inner)
        if status:
            user, number = status[-1]
            placeholder = embed_placeholder(f"https://twitter.com/{user}/status/{number}")
            if placeholder:
                return placeholder
        return span  # a quotation: the sanitizer keeps its text

    def script(span, inner, match):
        warn("script dropped: %(script)s", script=re.sub(r"\s+", " ", span[:200])[:80])
        return ""

    if "<" not in body:
        return body
    body = spans.sub_spans(body, _IFRAME, _IFRAME_END, iframe)
    body = spans.sub_spans(body, _TWEET, _BLOCKQUOTE_END, tweet)
    body = _KNOWN_SCRIPT.sub("", body)
    body = spans.sub_spans(body, _SCRIPT, _SCRIPT_END, script)
    body = _DETAILS.sub(
        lambda m: "<div>" + (f"<p><strong>{m[1].strip()}</strong></p>" if m[1] else ""), body
    )
    return _DETAILS_END.sub("</div>", body)
