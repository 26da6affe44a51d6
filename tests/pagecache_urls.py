"""The site's URLs plus a few test views in a cached namespace, for the page
cache's rules about what it must not store (tests/test_pagecache.py)."""

from collections import Counter

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache

calls = Counter()


def plain(request):
    calls["plain"] += 1
    return HttpResponse("plain")


def sets_cookie(request):
    calls["cookie"] += 1
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def uses_csrf_token(request):
    calls["csrf"] += 1
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


@never_cache
def not_cached(request):
    calls["never"] += 1
    return HttpResponse("never")


def varies_on_user_agent(request):
    calls["vary"] += 1
    response = HttpResponse(request.headers.get("User-Agent", ""))
    patch_vary_headers(response, ["User-Agent"])
    return response


def fails(request):
    calls["error"] += 1
    return HttpResponse("busy", status=503)


views = (
    [
        path("plain/", plain),
        path("cookie/", sets_cookie),
        path("csrf/", uses_csrf_token),
        path("never/", not_cached),
        path("vary/", varies_on_user_agent),
        path("fails/", fails),
    ],
    "pagecache_test",
)

urlpatterns = [path("t/", include(views)), path("", include("newsroom.urls"))]
