"""Embed placeholders in a sanitized body become sandboxed iframes."""

import html
import re

from .providers import resolve

# The placeholder as the sanitizer writes it (articles/sanitize.py keeps
# exactly this markup), whatever follows the attribute inside the figure.
PLACEHOLDER = re.compile(r'<figure class="embed" data-embed-url="([^"]*)">(.*?)</figure>', re.S)
# Frames may run the provider's player and open its links in a new tab; they
# may not navigate this page, submit forms here or reach its storage (their
# origin is the provider's).
SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"
ALLOW = "encrypted-media; picture-in-picture; fullscreen"


def render_embed(url: str, link_html: str) -> str:
    found = resolve(url)
    if found is None:
        return link_html  # not embeddable (any more): the link alone
    provider, src = found
    return (
        f'<figure class="embed embed-{provider.kind}">'
        f'<div class="embed-frame"><iframe src="{html.escape(src)}" '
        f'title="{html.escape(str(provider.label))}" loading="lazy" '
        f'referrerpolicy="strict-origin-when-cross-origin" sandbox="{SANDBOX}" '
        f'allow="{ALLOW}" allowfullscreen></iframe></div>'
        f'<figcaption class="embed-link">{link_html}</figcaption></figure>'
    )


def render_embeds(body: str) -> str:
    if 'class="embed"' not in body:
        return body
    return PLACEHOLDER.sub(lambda m: render_embed(html.unescape(m[1]), m[2]), body)
