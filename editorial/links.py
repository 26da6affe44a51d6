"""Full addresses for links that leave the site without a request to take the
host from: notification e-mails, preview links, invitations printed by a
command."""

from django.conf import settings

# What `make run` serves; production sets SITE_URL.
DEVELOPMENT_ORIGIN = "http://127.0.0.1:8000"


def site_link(path: str) -> str:
    return (settings.SITE_URL or DEVELOPMENT_ORIGIN).rstrip("/") + path
