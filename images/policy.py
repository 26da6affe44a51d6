"""The one policy for every image the site stores: the hero upload, the body
editor's upload, and images fetched by an import.

- Pillow must recognise a JPEG, PNG, GIF or WebP (`IMAGE_FORMATS`); SVG, BMP,
  TIFF, ICO, EPS and files that merely carry an image extension are refused.
- At most a number of bytes (the caller's limit) and `IMAGE_MAX_PIXELS` pixels
  (checked from the header, before anything is decoded: a small PNG declaring
  12000x12000 pixels is refused without inflating it).
- Metadata is stripped: the image is re-encoded without EXIF (GPS position,
  camera, author), XMP or comments; the EXIF orientation is applied to the
  pixels first and the ICC colour profile is kept.
- The site names the file: the hash of the stored bytes with the extension of
  the real format (a GIF uploaded as `report.pdf` is stored as `<hash>.gif`).
"""

import hashlib
import io
import posixpath
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Pillow format name -> the file extension the site stores it under.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
DEFAULT_MAX_PIXELS = 40_000_000
# An animation may hold this many times the pixel limit over all its frames.
ANIMATION_PIXEL_FACTOR = 4
JPEG_QUALITY = 90


def max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_upload_bytes() -> int:
    return settings.EDITOR_IMAGE_MAX_BYTES


def configure_pillow() -> None:
    """Pillow warns above MAX_IMAGE_PIXELS and refuses (DecompressionBombError)
    above twice that, whoever opens an image: line it up with the policy."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


def limits_in_words(max_bytes: int | None = None) -> str:
    """The policy as editors read it, e.g. in a help text."""
    return _(
        "JPEG, PNG, GIF or WebP; at most %(size)s and %(megapixels)s megapixels. "
        "Location, camera and author data are removed."
    ) % {
        "size": filesizeformat(max_bytes or max_upload_bytes()),
        "megapixels": f"{max_pixels() / 1_000_000:g}",
    }


# For help texts built at import time: in the language and with the limits of
# the moment they are shown.
limits_in_words_lazy = lazy(limits_in_words, str)


class ImageRefused(ValidationError):
    """An image the policy refuses; the message says why, in words."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    extension: str
    width: int
    height: int

    @property
    def name(self) -> str:
        """A name chosen by the site: the content's hash and the real format."""
        return f"{hashlib.sha256(self.data).hexdigest()}.{self.extension}"

    def as_file(self) -> ContentFile:
        file = ContentFile(self.data, name=self.name)
        file.image_policy_applied = True  # Article.save() does not clean it again
        return file

    def path_in(self, folder: str) -> str:
        return posixpath.join(folder, self.name)


def _read(source, max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRefused(
            _("The image is larger than %(size)s.") % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    return data


def _refuse_invalid():
    return ImageRefused(_("Upload a valid image (JPEG, PNG, GIF or WebP)."), code="invalid_image")


def _refuse_pixels(width=None, height=None):
    limit = f"{max_pixels() / 1_000_000:g}"
    if width is None:
        message = _("The image has more than %(megapixels)s megapixels.") % {"megapixels": limit}
    else:
        message = _(
            "The image is %(width)d×%(height)d pixels; at most %(megapixels)s megapixels "
            "are accepted."
        ) % {"width": width, "height": height, "megapixels": limit}
    return ImageRefused(message, code="too_many_pixels")


def _check_header(data: bytes) -> tuple[str, int, int, int]:
    """Format, size and frame count from the header alone (nothing is decoded)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in IMAGE_FORMATS:
                raise _refuse_invalid()
            if width * height > max_pixels():
                raise _refuse_pixels(width, height)
            frames = getattr(image, "n_frames", 1)
            image.verify()
    except ImageRefused:
        raise
    except Image.DecompressionBombError:
        raise _refuse_pixels() from None
    except Exception:  # Pillow raises many kinds of errors for bad data.
        raise _refuse_invalid() from None
    if width * height * frames > max_pixels() * ANIMATION_PIXEL_FACTOR:
        raise _refuse_pixels()
    return image_format, width, height, frames


def _save_kwargs(image_format: str, image) -> dict:
    kwargs = {}
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        kwargs["icc_profile"] = icc_profile
    if image_format == "JPEG":
        kwargs["quality"] = JPEG_QUALITY
    if image_format == "WEBP" and image.info.get("lossless"):
        kwargs["lossless"] = True
    return kwargs


def clean_image(source, *, max_bytes: int | None = None) -> CleanImage:
    """Check `source` (bytes or a file) against the policy and re-encode it
    without metadata. Raises ImageRefused with a message in words."""
    data = _read(source, max_bytes or max_upload_bytes())
    image_format, width, height, frames = _check_header(data)
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data)) as image:
            kwargs = _save_kwargs(image_format, image)
            if frames > 1:
                # Animations keep their frames and timing; none carry EXIF
                # orientation in practice, and every frame is re-encoded bare.
                kwargs.update(save_all=True, comment=b"")
                for key in ("duration", "loop", "disposal", "background"):
                    if key in image.info:
                        kwargs[key] = image.info[key]
                image.info.pop("comment", None)
                image.info.pop("xmp", None)
                image.info.pop("exif", None)
                image.save(out, format=image_format, **kwargs)
            else:
                image.load()
                upright = ImageOps.exif_transpose(image)
                if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
                    upright = upright.convert("RGB")
                upright.info = {}
                if image_format == "GIF" and "transparency" in image.info:
                    kwargs["transparency"] = image.info["transparency"]
                upright.save(out, format=image_format, **kwargs)
                width, height = upright.size
    except Exception:
        raise _refuse_invalid() from None
    return CleanImage(
        data=out.getvalue(),
        extension=IMAGE_FORMATS[image_format],
        width=width,
        height=height,
    )


def clean_new_field_file(file) -> None:
    """A model's image field file not yet stored passes the policy and takes
    the name it gives, whoever saves (a form's PolicyImageField has already
    applied it; a shell or another path has not)."""
    if not file or file._committed or getattr(file.file, "image_policy_applied", False):
        return
    clean = clean_image(file.file)
    file.file = clean.as_file()
    file.name = clean.name
