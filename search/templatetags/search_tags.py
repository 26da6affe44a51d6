from django import template

from ..highlight import highlight as _highlight

register = template.Library()


@register.filter
def highlight(text, query):
    """{{ article.title|highlight:query }}: escaped, the query's words in <mark>."""
    return _highlight(text, query)
