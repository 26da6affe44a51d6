"""Login throttling with django-axes: the client's address, a limit for each
kind of lockout, and the page a locked-out client gets.

Settings (newsroom/settings.py) name the limits in LOGIN_FAILURE_LIMITS and
TRUSTED_PROXY_COUNT; README "Security: logins" explains them.
"""

import ipaddress
import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request) -> str | None:
    """The address the login attempt came from.

    Without trusted proxies, the socket's peer (REMOTE_ADDR): X-Forwarded-For is
    whatever the client wrote. With TRUSTED_PROXY_COUNT = N, each of the N
    proxies in front appends the address it received the request from, so the
    Nth entry from the right is the one the outermost trusted proxy saw; entries
    left of it are the client's own and are never read. A missing or malformed
    entry falls back to REMOTE_ADDR.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a failure limit for each group of lockout
    parameters (LOGIN_FAILURE_LIMITS) instead of one limit for all.

    Axes locks a client out when `get_failures()` reaches AXES_FAILURE_LIMIT.
    Each group's failure count is scaled so that it reaches AXES_FAILURE_LIMIT
    exactly when it reaches its own limit: 20 failures from one address count
    like 5 for one username at one address.
    """

    def get_failures(self, request, credentials=None) -> int:
        lockout_at = settings.AXES_FAILURE_LIMIT
        limits = settings.LOGIN_FAILURE_LIMITS.values()
        worst = 0
        for attempts, limit in zip(
            self.get_user_attempts(request, credentials), limits, strict=True
        ):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            worst = max(worst, failures * lockout_at // limit)
        return worst


def lockout_response(request, original_response=None, credentials=None):
    """429 Too Many Requests, as an admin page that says when to try again."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    # Rendered here: AxesMiddleware swaps it in after the view's response was rendered.
    response = render(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Too many failed logins"),
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
