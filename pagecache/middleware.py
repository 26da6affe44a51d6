"""PageCacheMiddleware: whole responses for anonymous readers, never stale.

Place it right after SecurityMiddleware and WhiteNoiseMiddleware, before
SessionMiddleware: a hit then costs no session, auth, locale or view work and
no SQL query. What the inner middleware add (Content-Language, Vary,
X-Frame-Options, the CSP header) is stored with the page; what the outer ones
add (HSTS, nosniff, referrer policy) is added on every response.

A request is served from and stored in the cache when it is a GET or HEAD
without a session cookie or an Authorization header. A response is stored
when it comes from a URL in PAGE_CACHE_NAMESPACES, is a 200, 301, 404 or 410
(redirects of renamed articles and merged categories, and the 404/410 of
removed content, are as much a function of the content as pages are, and
purged the same way; crawlers ask for them often), sets no cookie, is not
marked private/no-store/no-cache (previews are never-cache), varies on
nothing but Accept-Language and Cookie, and was made for an anonymous user.

The key is (generation, language, absolute URL). The language is the one
LocaleMiddleware will choose (language cookie, then Accept-Language), so the
key covers what `Vary: Accept-Language` means. `Vary: Cookie` (added when a
view reads `request.user`) is dropped from stored pages: every request
without a session cookie gets the same page, and requests with one never get
a cached page. Django's UpdateCacheMiddleware/FetchFromCacheMiddleware are not
used: they key on the raw varied headers (every cookie string would be a
separate page) and cannot be invalidated.
"""

import math
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    get_max_age,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import (
    http_date,
    parse_http_date_safe,
    split_directive_names,
    split_header_value,
)
from django.utils.translation import get_language_from_path

from . import store

CACHED_STATUSES = {200, 301, 404, 410}
ALLOWED_VARY = {"accept-language", "cookie"}
UNCACHEABLE = {"private", "no-store", "no-cache"}
# Headers computed per response, never stored.
UNSTORED_HEADERS = {"cache-control", "expires", "set-cookie", "x-page-cache", "date"}


def request_language(request) -> str:
    """The language LocaleMiddleware will activate for this request."""
    if not settings.USE_I18N:
        return ""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=i18n_patterns_used)
    if (
        i18n_patterns_used
        and not prefixed_default_language
        and not get_language_from_path(request.path_info)
    ):
        language = settings.LANGUAGE_CODE
    return language


def is_public_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and bool(set(match.namespaces) & set(settings.PAGE_CACHE_NAMESPACES))


def _is_personal(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def _is_anonymous(request) -> bool:
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _max_seconds(request, response) -> float | None:
    """How long `response` may be kept, or None when it must not be stored."""
    if (
        response.status_code not in CACHED_STATUSES
        or response.streaming
        or response.cookies
        or not is_public_page(request)
        or not _is_anonymous(request)
    ):
        return None
    if set(split_directive_names(response.get("Cache-Control", ""))) & UNCACHEABLE:
        return None
    vary = {name.lower() for name in split_header_value(response.get("Vary", ""))}
    if not vary <= ALLOWED_VARY:
        return None
    seconds = float(settings.PAGE_CACHE_SECONDS)
    view_max_age = get_max_age(response)  # a view may ask for less
    if view_max_age is not None:
        seconds = min(seconds, view_max_age)
    return seconds if seconds > 0 else None


def _entry(response, expires: float, since: float):
    """What is stored: (expires, status, etag, last modified, headers, content)."""
    if not response.has_header("ETag"):
        set_response_etag(response)
    # A view's own Last-Modified (the sitemaps') may predate a removal; the
    # horizon record's is never earlier than the content's last change.
    view_modified = parse_http_date_safe(response.get("Last-Modified", "")) or 0
    last_modified = math.floor(max(since, view_modified))
    headers = []
    for name, value in response.items():
        lower = name.lower()
        if lower in UNSTORED_HEADERS:
            continue
        if lower == "vary":
            value = ", ".join(v for v in split_header_value(value) if v.lower() != "cookie")
            if not value:
                continue
        if lower == "last-modified":
            continue
        headers.append((name, value))
    etag = response.get("ETag")
    return (expires, response.status_code, etag, last_modified, headers, response.content)


def _respond(request, entry, now: float, outcome: str):
    expires, status, etag, last_modified, headers, content = entry
    response = HttpResponse(content, status=status, headers=dict(headers))
    # Shared caches (a CDN) keep it at most PAGE_CACHE_CDN_SECONDS and never
    # past the page's horizon; browsers PAGE_CACHE_MAX_AGE (0: revalidate each
    # time, a cheap 304). Serving stale while revalidating stops at the horizon too.
    left = max(0, math.floor(expires - now))
    s_maxage = min(settings.PAGE_CACHE_CDN_SECONDS, left)
    stale = max(0, min(settings.PAGE_CACHE_STALE_SECONDS, left - s_maxage))
    max_age = min(settings.PAGE_CACHE_MAX_AGE, left)
    response.headers["Cache-Control"] = (
        f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={stale}"
    )
    if last_modified < math.floor(now):
        response.headers["Last-Modified"] = http_date(last_modified)
    else:
        # HTTP dates have whole seconds: a page served in the second its
        # content last changed could change again within that second, and a
        # later If-Modified-Since would wrongly match. Its ETag still works.
        last_modified = None
    response = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    response.headers["X-Page-Cache"] = outcome
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if _is_personal(request):
            return self._uncached(request)
        language = request_language(request)
        uri = request.build_absolute_uri()
        generation, entry = store.lookup(language, uri)
        started = time.time()
        if entry is not None and started < entry[0]:
            return _respond(request, entry, started, "hit")

        response = self.get_response(request)
        seconds = _max_seconds(request, response)
        if seconds is None:
            if is_public_page(request) and not _is_anonymous(request):
                self._make_private(response)
            return response
        since, horizon = store.horizon_record(generation, started)
        expires = min(started + seconds, horizon)
        now = time.time()
        if expires <= now:
            return response  # content changed by itself while this was rendered
        entry = _entry(response, expires, since)
        store.store(generation, language, uri, entry, expires - now)
        return _respond(request, entry, now, "miss")

    def _uncached(self, request):
        """Staff and anyone else with a session: fresh pages, kept by no cache."""
        response = self.get_response(request)
        if is_public_page(request):
            self._make_private(response)
        return response

    @staticmethod
    def _make_private(response):
        patch_cache_control(response, private=True, no_store=True)
        response.headers["X-Page-Cache"] = "bypass"
