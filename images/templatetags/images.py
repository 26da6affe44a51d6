from django import template
from django.template.loader import render_to_string

from .. import renditions

register = template.Library()


@register.simple_tag
def picture(image, use="body", *, alt=None, sizes=None, lazy=True, priority=False, css_class=""):
    """`{% picture image "card" lazy=False priority=True %}`: a <picture> with
    AVIF and WebP sources and a JPEG/PNG fallback, width and height (no layout
    shift), lazy loading below the fold and high priority for the lead image.
    Reads the image's prefetched renditions (`Image.objects.with_renditions()`)."""
    if image is None:
        return ""
    context = renditions.sources(image, use)
    context |= {
        "alt": image.alt if alt is None else alt,
        "lazy": lazy and not priority,
        "priority": priority,
        "css_class": css_class,
    }
    if sizes:
        context["sizes"] = sizes
    return render_to_string("images/picture.html", context)
