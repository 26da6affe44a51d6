"""Library images in an article body (`<img data-image-id="…">`) shown with
the same renditions, `srcset` and `sizes` as the site's own images."""

import html
import re
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import renditions
from .models import Image

IMG_TAG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
IMAGE_ID = re.compile(r'data-image-id="(\d{1,18})"')
FIGURE = re.compile(r'(<figure class="image[^"]*">)(.*?)</figure>', re.S)


def image_ids(body: str) -> set[int]:
    return {int(pk) for pk in IMAGE_ID.findall(body or "")}


def _picture(tag: str, image) -> str:
    attrs = dict(ATTRIBUTE.findall(tag))
    if "data-decorative" in attrs:
        alt = ""
    else:  # the editor's own text, else the library's
        alt = html.unescape(attrs.get("alt", "")).strip() or image.alt
    sized = attrs.get("width", "").isdigit() and attrs.get("height", "").isdigit()
    return renditions.picture_html(
        image, "body", alt=alt, picture_class=attrs.get("class", ""),
        width=attrs["width"] if sized else None, height=attrs["height"] if sized else None,
        extra=f' data-image-id="{image.pk}"',
    )  # fmt: skip


def library_images(body: str) -> dict:
    """The library images `body` shows, by id: one query (none without any).
    Their renditions are for the caller to prefetch with the page's others
    (`renditions.prefetch`)."""
    ids = image_ids(body)
    return Image.objects.in_bulk(ids) if ids else {}


def render_library_images(body: str, images: dict) -> str:
    """`body` (sanitized HTML) with each library image in `images` as a
    <picture>, and its credit (and caption, when the editor wrote none) under
    it when it stands in a captioned figure."""
    if not images:
        return body

    def replace(match):
        found = IMAGE_ID.search(match[0])
        image = images.get(int(found[1])) if found else None
        return _picture(match[0], image) if image else match[0]

    def credit(match):
        found = IMAGE_ID.search(match[2])
        image = images.get(int(found[1])) if found else None
        if image is None or not (image.credit or image.caption):
            return match[0]
        inner = match[2]
        if "<figcaption>" not in inner:
            inner += render_to_string("images/caption.html", {"image": image}).strip()
        elif image.credit:
            line = _("Photo: %(credit)s") % {"credit": image.credit}
            inner = inner.replace(
                "</figcaption>",
                f' <span class="credit">{html.escape(line)}</span></figcaption>',
                1,
            )
        return f"{match[1]}{inner}</figure>"

    return FIGURE.sub(credit, IMG_TAG.sub(replace, body))


def link_library_images(body: str) -> str:
    """Mark each <img> showing a library original (inserted from the library
    browser or uploaded in the editor) with its `data-image-id`: one query,
    only when there is such an image."""
    prefix = default_storage.url("images/originals/")
    names = {}
    for tag in IMG_TAG.findall(body or ""):
        if "data-image-id=" in tag:
            continue
        src = html.unescape(dict(ATTRIBUTE.findall(tag)).get("src", ""))
        path = urlsplit(src).path
        at = path.find(urlsplit(prefix).path)
        if at >= 0:
            names[tag] = "images/originals/" + path[at + len(urlsplit(prefix).path) :]
    if not names:
        return body
    ids = dict(Image.objects.filter(file__in=set(names.values())).values_list("file", "pk"))

    def mark(match):
        pk = ids.get(names.get(match[0]))
        return f'{match[0][:-1]} data-image-id="{pk}">' if pk else match[0]

    return IMG_TAG.sub(mark, body)
