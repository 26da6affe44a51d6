from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_client_addresses(app_configs, **kwargs):
    """Behind a proxy, login throttling must read the address the proxy saw."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXY_COUNT:
        return [
            checks.Warning(
                "SECURE_PROXY_SSL_HEADER says a proxy is in front, but TRUSTED_PROXY_COUNT "
                "is 0: login throttling sees every client as the proxy's address, and 20 "
                "failed logins from anyone lock everyone out.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (nginx: 1). See README 'Security'.",
                id="newsroom.W001",
            )
        ]
    return []
