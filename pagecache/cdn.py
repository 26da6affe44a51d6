"""Purging a CDN in front of the site.

With PAGE_CACHE_PURGE_URL set, every committed purge POSTs
`{"purge_everything": true}` to it, with PAGE_CACHE_PURGE_AUTHORIZATION as the
Authorization header: Cloudflare's purge-all call takes exactly that
(`https://api.cloudflare.com/client/v4/zones/<zone>/purge_cache`, "Bearer <token>").
For another CDN, point it at a small relay or connect your own receiver to
`pagecache.signals.purged`. A failed purge is logged, not raised (the change is
already committed): the CDN then keeps the old page at most its s-maxage
(PAGE_CACHE_CDN_SECONDS) plus stale-while-revalidate.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.dispatch import receiver

from .signals import purged

logger = logging.getLogger(__name__)


@receiver(purged, dispatch_uid="pagecache.cdn.purge")
def purge_cdn(**kwargs) -> None:
    url = getattr(settings, "PAGE_CACHE_PURGE_URL", "")
    if not url:
        return
    headers = {"Content-Type": "application/json"}
    if authorization := getattr(settings, "PAGE_CACHE_PURGE_AUTHORIZATION", ""):
        headers["Authorization"] = authorization
    request = urllib.request.Request(
        url, data=json.dumps({"purge_everything": True}).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.PAGE_CACHE_PURGE_TIMEOUT) as answer:
            answer.read()
    except (OSError, ValueError) as error:
        logger.error("CDN purge at %s failed: %s", url, error)
