from django import template

from ..credits import byline_text, grouped

register = template.Library()


@register.inclusion_tag("people/includes/byline.html")
def byline(credits, links=True):
    """An article's byline, each name linked to its author page when `links`."""
    return {"groups": grouped(credits), "links": links}


@register.filter
def byline_plain(credits) -> str:
    return byline_text(credits)
