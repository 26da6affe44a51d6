"""Old addresses of imported posts answer 301 to their articles.

Runs only on a 404 response (a page that exists costs nothing): the path is
looked up among the imported posts' old addresses (`LegacyAddress`), and a
public article found there is redirected to. Drafts stay 404, as everywhere.
"""

from django.http import HttpResponsePermanentRedirect

from .models import LegacyAddress


class LegacyAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path
        if len(path) > 500 or any(ord(char) < 32 for char in path):
            return response  # no imported address looks like that (and PostgreSQL refuses NUL)
        candidates = {path, path.rstrip("/") or "/", path if path.endswith("/") else path + "/"}
        address = (
            LegacyAddress.objects.filter(path__in=candidates).select_related("article").first()
        )
        if address is None or not address.article.is_public():
            return response
        return HttpResponsePermanentRedirect(address.article.get_absolute_url())
