import hashlib
import re

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article

from . import selectors
from .counters import counter, local_today

# Crawlers, link previewers, monitors and headless browsers: not readers.
BOT_USER_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python|java/|go-http|headless"
    r"|lighthouse|facebookexternalhit|kakaotalk-scrap|yeti|daum|phantom|scrapy",
    re.IGNORECASE,
)
# A reader counts once per article in this window.
SEEN_SECONDS = 30 * 60


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_USER_AGENTS.search(user_agent))


def first_view(request, article_id: int) -> bool:
    """Whether this reader has not been counted for this article lately. The
    reader is a salted hash of address and browser kept in the cache only,
    never stored or sent: no cookie, nothing in the database."""
    # The client's address as login throttling reads it (TRUSTED_PROXY_COUNT),
    # so readers behind one proxy are not one reader.
    reader = f"{settings.SECRET_KEY}|{get_client_ip_address(request) or ''}|"
    reader += f"{request.META.get('HTTP_USER_AGENT', '')}|{article_id}|{local_today()}"
    digest = hashlib.blake2b(reader.encode(), digest_size=16).hexdigest()
    return cache.add(f"readership:seen:{digest}", 1, SEEN_SECONDS)


@csrf_exempt  # a count, sent by navigator.sendBeacon without a token; nothing else changes
@require_POST
def article_view(request, pk: int):
    """Counts one view of a public article (the article page's beacon). Always
    204: a bot, a repeat, or an article that is not public is simply not counted."""
    if not is_bot(request.META.get("HTTP_USER_AGENT", "")) and first_view(request, pk):
        if Article.objects.published().filter(pk=pk).exists():
            counter().record(pk, local_today())
    return HttpResponse(status=204)


@require_GET
def most_read(request):
    """The most read lists as JSON, for the home page's box (static/js/readership.js).
    Apart from the pages, so that no page runs a query for them and a cached
    page still shows lists a minute old at most."""
    response = JsonResponse(selectors.most_read())
    patch_cache_control(response, public=True, max_age=selectors.CACHE_SECONDS)
    return response
