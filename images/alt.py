"""Alt text at publication: which images of an article would reach readers
without a description. Decorative images say so explicitly (the hero's
checkbox, `data-decorative` on a body image) and need none."""

import html
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .body import ATTRIBUTE, IMG_TAG
from .models import Image


def images_missing_alt(*, hero=None, hero_alt="", hero_decorative=False, body="") -> list[str]:
    """Descriptions (in words, for the editor) of the images lacking alt text."""
    missing = []
    if hero is not None and not hero_decorative and not (hero_alt or hero.alt).strip():
        missing.append(_("the hero image (%(name)s)") % {"name": _image_name(hero)})
    tags = []
    for tag in IMG_TAG.findall(body or ""):
        attrs = dict(ATTRIBUTE.findall(tag))
        if "data-decorative" in attrs or html.unescape(attrs.get("alt", "")).strip():
            continue
        tags.append(attrs)
    ids = {int(a["data-image-id"]) for a in tags if a.get("data-image-id", "").isdigit()}
    library = Image.objects.in_bulk(ids) if ids else {}
    for attrs in tags:
        image = library.get(int(attrs["data-image-id"])) if "data-image-id" in attrs else None
        if image is not None and image.alt.strip():
            continue
        name = _image_name(image) if image else re.sub(r".*/", "", attrs.get("src", ""))[:60]
        missing.append(_("a body image (%(name)s)") % {"name": name})
    return missing


def _image_name(image) -> str:
    return image.caption[:40] or image.file.name.rsplit("/", 1)[-1][:20]


def refusal(missing: list[str]) -> ValidationError:
    return ValidationError(
        _(
            "Describe these images (alt text) or mark them decorative before "
            "publishing: %(images)s."
        )
        % {"images": ", ".join(missing)},
        code="alt_text",
    )
