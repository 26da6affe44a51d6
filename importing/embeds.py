"""Embeds and details in imported HTML, as the shared body markup.

LEAD: `embed_placeholder` is a stand-in for the media branch's
`embeds.embed_placeholder(url)` and emits exactly the contract's markup;
replace this function by an import of that one at merge time.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

_PROVIDERS = re.compile(
    r"^https://(?:www\.)?(?:youtube\.com/watch\?v=[\w-]+|vimeo\.com/\d+"
    r"|(?:twitter|x)\.com/\w+/status/\d+|gist\.github\.com/[\w-]+/\w+)$"
)


def embed_placeholder(url: str) -> str | None:
    """The contract's embed placeholder for `url`; None when the provider is not allowed."""
    if not _PROVIDERS.match(url):
        return None
    safe = html.escape(url)
    return f'<figure class="embed" data-embed-url="{safe}"><a href="{safe}">{safe}</a></figure>'


_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>|<iframe\b([^>]*)/?>", re.DOTALL | re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""", re.I)
_YOUTUBE_EMBED = re.compile(
    r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]+)", re.I
)
_VIMEO_EMBED = re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)", re.I)
_TWEET = re.compile(
    r"<blockquote\b[^>]*class=[\"'][^\"']*twitter-tweet[^\"']*[\"'][^>]*>(.*?)</blockquote>",
    re.DOTALL | re.I,
)
_STATUS = re.compile(r"https?://(?:mobile\.)?(?:twitter|x)\.com/(\w+)/status/(\d+)", re.I)
_KNOWN_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc=[\"'][^\"']*(?:platform\.twitter\.com|gist\.github\.com)[^\"']*"
    r"[\"'][^>]*>\s*</script>",
    re.I,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.I)
_DETAILS = re.compile(r"<details\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?", re.DOTALL | re.I)
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

    def iframe(match):
        attributes = match[1] or match[2] or ""
        src = _SRC.search(attributes)
        url = _iframe_url(html.unescape(src[1])) if src else None
        placeholder = embed_placeholder(url) if url else None
        if placeholder is None:
            warn("embed %(src)s dropped", src=(src[1] if src else "<iframe>")[:100])
            return ""
        return placeholder

    def tweet(match):
        status = _STATUS.findall(match[1])
        if status:
            user, number = status[-1]
            placeholder = embed_placeholder(f"https://twitter.com/{user}/status/{number}")
            if placeholder:
                return placeholder
        return match[0]  # a quotation: the sanitizer keeps its text

    def script(match):
        warn("script dropped: %(script)s", script=re.sub(r"\s+", " ", match[0])[:80])
        return ""

    body = _IFRAME.sub(iframe, body)
    body = _TWEET.sub(tweet, body)
    body = _KNOWN_SCRIPT.sub("", body)
    body = _SCRIPT.sub(script, body)
    body = _DETAILS.sub(
        lambda m: "<div>" + (f"<p><strong>{m[1].strip()}</strong></p>" if m[1] else ""), body
    )
    return _DETAILS_END.sub("</div>", body)
