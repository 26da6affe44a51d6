"""Embeds from an allow-list of providers.

A body stores an embed as a safe placeholder (the link is the fallback for
feeds and readers without frames):

    <figure class="embed" data-embed-url="https://www.youtube.com/watch?v=ID">
    <a href="https://www.youtube.com/watch?v=ID">https://www.youtube.com/watch?v=ID</a></figure>

and the public page renders it as a sandboxed iframe from the provider's
player address (`render_embeds`). Only URLs a provider below recognises are
embedded; anything else (another host, `javascript:`) is not. The frame
origins are exactly `FRAME_ORIGINS`, which the site's CSP allows.
"""

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, quote, urlsplit

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    kind: str  # "video", "post" or "map": the frame's shape (CSS)
    hosts: tuple[str, ...]
    origin: str  # where the frame is loaded from


def _id(pattern: str, path: str) -> str | None:
    match = re.fullmatch(pattern, path)
    return match[1] if match else None


def _youtube(parts) -> str | None:
    query = parse_qs(parts.query)
    if parts.hostname == "youtu.be":
        video = _id(r"/([\w-]{6,20})/?", parts.path)
    elif parts.path == "/watch":
        video = (query.get("v") or [""])[0]
        video = video if re.fullmatch(r"[\w-]{6,20}", video) else None
    else:
        video = _id(r"/(?:embed|shorts|live)/([\w-]{6,20})/?", parts.path)
    return f"https://www.youtube-nocookie.com/embed/{video}" if video else None


def _vimeo(parts) -> str | None:
    video = _id(r"/(?:video/)?(\d{1,12})/?", parts.path)
    return f"https://player.vimeo.com/video/{video}" if video else None


def _twitter(parts) -> str | None:
    post = _id(r"/\w{1,15}/status/(\d{1,25})/?", parts.path)
    return f"https://platform.twitter.com/embed/Tweet.html?id={post}" if post else None


def _instagram(parts) -> str | None:
    post = _id(r"/(?:p|reel|tv)/([\w-]{5,40})/?", parts.path)
    return f"https://www.instagram.com/p/{post}/embed" if post else None


def _facebook(parts) -> str | None:
    if not re.fullmatch(r"/[\w.-]{1,80}/videos/(?:[\w.-]+/)?\d{1,25}/?|/watch/?", parts.path):
        return None
    if parts.path.startswith("/watch") and not re.fullmatch(r"v=\d{1,25}", parts.query):
        return None
    href = f"https://www.facebook.com{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return f"https://www.facebook.com/plugins/video.php?href={quote(href, safe='')}"


def _naver_tv(parts) -> str | None:
    clip = _id(r"/(?:v|embed)/(\d{1,15})/?", parts.path)
    return f"https://tv.naver.com/embed/{clip}" if clip else None


def _kakao_tv(parts) -> str | None:
    clip = _id(r"/(?:v|channel/\d+/cliplink|embed/player/cliplink)/(\d{1,15})/?", parts.path)
    return f"https://play-tv.kakao.com/embed/player/cliplink/{clip}" if clip else None


def _google_maps(parts) -> str | None:
    query = parse_qs(parts.query)
    if parts.path == "/maps/embed" and re.fullmatch(
        r"[\w!.%*-]{1,2000}", query.get("pb", [""])[0]
    ):
        return f"https://www.google.com/maps/embed?pb={query['pb'][0]}"
    place = _id(r"/maps/place/([^/]{1,200})(?:/.*)?", parts.path)
    if place is None and parts.path in ("/maps", "/maps/"):
        place = quote((query.get("q") or [""])[0])
    return f"https://maps.google.com/maps?q={place}&output=embed" if place else None


def _naver_map(parts) -> str | None:
    place = _id(r"/(?:p/)?(?:entry/)?place/(\d{1,15})/?", parts.path)
    return f"https://map.naver.com/p/entry/place/{place}" if place else None


def _kakao_map(parts) -> str | None:
    if parts.hostname == "place.map.kakao.com":
        place = _id(r"/(\d{1,15})/?", parts.path)
    else:
        place = (parse_qs(parts.query).get("itemId") or [""])[0]
        place = place if re.fullmatch(r"\d{1,15}", place) else None
    return f"https://map.kakao.com/?itemId={place}" if place else None


PROVIDERS = {
    _youtube: Provider("youtube", _("YouTube video"), "video",
                       ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
                       "https://www.youtube-nocookie.com"),
    _vimeo: Provider("vimeo", _("Vimeo video"), "video", ("vimeo.com", "www.vimeo.com"),
                     "https://player.vimeo.com"),
    _twitter: Provider("x", _("Post on X"), "post",
                       ("twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com",
                        "www.x.com"),
                       "https://platform.twitter.com"),
    _instagram: Provider("instagram", _("Instagram post"), "post",
                         ("instagram.com", "www.instagram.com"), "https://www.instagram.com"),
    _facebook: Provider("facebook", _("Facebook video"), "video",
                        ("facebook.com", "www.facebook.com", "m.facebook.com"),
                        "https://www.facebook.com"),
    _naver_tv: Provider("navertv", _("Naver TV video"), "video", ("tv.naver.com",),
                        "https://tv.naver.com"),
    _kakao_tv: Provider("kakaotv", _("Kakao TV video"), "video", ("tv.kakao.com",),
                        "https://play-tv.kakao.com"),
    _google_maps: Provider("googlemaps", _("Google map"), "map",
                           ("google.com", "www.google.com", "maps.google.com"),
                           "https://www.google.com https://maps.google.com"),
    _naver_map: Provider("navermap", _("Naver map"), "map", ("map.naver.com",),
                         "https://map.naver.com"),
    _kakao_map: Provider("kakaomap", _("Kakao map"), "map",
                         ("map.kakao.com", "place.map.kakao.com"), "https://map.kakao.com"),
}  # fmt: skip

# What the CSP's frame-src allows: these and nothing else.
FRAME_ORIGINS = sorted({o for p in PROVIDERS.values() for o in p.origin.split()})

MAX_URL_LENGTH = 2000


def resolve(url: str) -> tuple[Provider, str] | None:
    """The provider and the frame address for an embeddable `url`; None otherwise."""
    if not isinstance(url, str) or len(url) > MAX_URL_LENGTH:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme != "https" and parts.scheme != "http":
        return None
    if parts.username or parts.password or parts.port or not parts.hostname:
        return None
    if any(c in url for c in "\"'<>\\ \t\r\n"):
        return None
    for frame_src, provider in PROVIDERS.items():
        if parts.hostname in provider.hosts:
            src = frame_src(parts)
            return (provider, src) if src else None
    return None


def embed_placeholder(url: str) -> str | None:
    """The body markup that stores an embed of `url`; None when no allowed
    provider embeds it."""
    if resolve(url) is None:
        return None
    url = escape(url.strip(), quote=True)
    return f'<figure class="embed" data-embed-url="{url}"><a href="{url}">{url}</a></figure>'
