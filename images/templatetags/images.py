from django import template
from django.utils.safestring import mark_safe

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
    return mark_safe(
        renditions.picture_html(
            image,
            use,
            alt=image.alt if alt is None else alt,
            sizes=sizes,
            lazy=lazy,
            priority=priority,
            picture_class=css_class,
        )  # fmt: skip
    )
