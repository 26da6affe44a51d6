"""How images enter the library: one function for every path (the admin, the
body editor's upload, an import's download)."""

import hashlib
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from . import policy, renditions
from .models import Image


def set_focal_point(image: Image, x: int, y: int) -> None:
    if (image.focal_x, image.focal_y) == (x, y):
        return
    image.focal_x, image.focal_y = x, y
    image.save(update_fields=["focal_x", "focal_y"])
    renditions.forget_crops(image)


def original_name(clean: policy.CleanImage) -> str:
    digest = hashlib.sha256(clean.data).hexdigest()
    return posixpath.join("images/originals", digest[:2], f"{digest}.{clean.extension}")


def image_from_bytes(
    data: bytes,
    *,
    filename: str,
    alt: str = "",
    caption: str = "",
    credit: str = "",
    source_url: str = "",
    uploaded_by=None,
    max_bytes: int | None = None,
    make_renditions: bool = True,
) -> Image:
    """The library image for `data`: the one already stored when the same
    picture was stored before (same bytes after the policy's cleaning), else
    a new one. Runs the image policy (images/policy.py), which raises
    ValidationError with the reason in words. Text given for an existing
    image fills only what it lacks. `filename` is the uploader's name; the
    site names the file, so it is kept nowhere."""
    clean = policy.clean_image(data, max_bytes=max_bytes)
    content_hash = hashlib.sha256(clean.data).hexdigest()
    texts = {"alt": alt, "caption": caption, "credit": credit, "source_url": source_url}
    image = Image.objects.filter(content_hash=content_hash).first()
    if image is None:
        name = original_name(clean)
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(clean.data))
        try:
            with transaction.atomic():
                image = Image.objects.create(
                    file=name, content_hash=content_hash, width=clean.width,
                    height=clean.height, uploaded_by=uploaded_by, **texts,
                )  # fmt: skip
        except IntegrityError:  # the same image, stored meanwhile by another request
            image = Image.objects.get(content_hash=content_hash)
        else:
            if make_renditions:
                renditions.make_common(image)
            return image
    missing = {key: value for key, value in texts.items() if value and not getattr(image, key)}
    if missing:
        for key, value in missing.items():
            setattr(image, key, value)
        image.save(update_fields=list(missing))
    return image
