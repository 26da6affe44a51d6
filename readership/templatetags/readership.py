from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("readership/most_read.html")
def most_read():
    """The "most read" box: today's and this week's lists, from the cache (no query)."""
    return {"lists": selectors.most_read()}
