"""Renditions: resized copies of a library image, made once and stored.

A *use* (what a template asks for: "card", "hero", ...) names an optional
crop ratio and the `sizes` the browser picks a width with. Each use is served
at the widths in `WIDTHS` that the (cropped) original reaches (never
upscaled), in AVIF and WebP, with JPEG (PNG for images that may carry
transparency) for browsers without either. A rendition's `spec` is its crop
and width (`w640`, `16x9-w640`); its file lives at
`images/renditions/<ab>/<content hash>-<spec>.<ext>` in the default storage
(local files or S3), next to `images/originals/<ab>/<content hash>.<ext>`.

Renditions are made on upload for the common uses (`make_common`); any other
is made on its first request by `images.views.rendition`, one file per
request (a resize from a JPEG decoded at reduced scale: under a second even
from a 20 MB original), and stored for every later one. Pages only link to
renditions; rendering a page never makes one.
"""

import io
import math
import posixpath
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageOps

WIDTHS = (320, 640, 960, 1280, 1920)
# Open Graph, Twitter cards and JSON-LD: one 1200 px JPEG, what the platforms ask for.
SHARE_WIDTH = 1200
# Feeds' media:content: readers show it small; one JPEG.
FEED_WIDTH = 960
RATIOS = {"16x9": (16, 9), "3x2": (3, 2), "1x1": (1, 1)}
FORMATS = ("avif", "webp")  # in order of preference, before the fallback
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
CONTENT_TYPES = {
    "avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png",
}  # fmt: skip
SAVE_OPTIONS = {
    "avif": {"quality": 50, "speed": 8},
    "webp": {"quality": 72, "method": 4},
    "jpeg": {"quality": 78, "optimize": True, "progressive": True},
    "png": {"optimize": True},
}


CARD_RATIO = "16x9"


@dataclass(frozen=True)
class Use:
    ratio: str | None
    sizes: str


USES = {
    "lead": Use(CARD_RATIO, "(min-width: 64rem) 690px, 100vw"),
    "card": Use(CARD_RATIO, "(min-width: 64rem) 370px, (min-width: 40rem) 50vw, 104px"),
    "related": Use(CARD_RATIO, "(min-width: 64rem) 270px, (min-width: 40rem) 50vw, 104px"),
    "hero": Use(None, "(min-width: 42rem) 672px, 100vw"),
    "body": Use(None, "(min-width: 42rem) 672px, 100vw"),
}
# Made on upload: every use above is one of these crops.
COMMON_RATIOS = (None, CARD_RATIO)

_SPEC = re.compile(r"^(?:(?P<ratio>\d+x\d+)-)?w(?P<width>\d+)$")


def spec_name(ratio: str | None, width: int) -> str:
    return f"{ratio}-w{width}" if ratio else f"w{width}"


def parse_spec(spec: str) -> tuple[str | None, int] | None:
    """(ratio, width) for a spec this site makes; None for any other."""
    match = _SPEC.match(spec)
    if not match:
        return None
    ratio, width = match["ratio"], int(match["width"])
    if ratio is not None and ratio not in RATIOS:
        return None
    if width not in (*WIDTHS, SHARE_WIDTH, FEED_WIDTH) and not 0 < width < WIDTHS[0]:
        return None  # (a small image is served at its own width)
    return ratio, width


def fallback_format(image) -> str:
    return "png" if image.has_alpha else "jpeg"


def crop_box(width: int, height: int, ratio: str | None, focal=(50, 50)):
    """The largest box of `ratio` inside width x height, centred on the focal
    point as far as the edges allow."""
    if ratio is None:
        return 0, 0, width, height
    rw, rh = RATIOS[ratio]
    if width * rh > height * rw:  # too wide: keep the height
        box_w, box_h = max(1, round(height * rw / rh)), height
    else:
        box_w, box_h = width, max(1, round(width * rh / rw))
    left = min(max(round(width * focal[0] / 100 - box_w / 2), 0), width - box_w)
    top = min(max(round(height * focal[1] / 100 - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def widths_for(image, ratio: str | None) -> list[int]:
    """The widths a use is served at: never wider than the crop."""
    left, _top, right, _bottom = crop_box(image.width, image.height, ratio, image.focal_point)
    available = right - left
    widths = [w for w in WIDTHS if w <= available]
    return widths or [available]


def rendition_size(image, ratio: str | None, width: int) -> tuple[int, int]:
    left, top, right, bottom = crop_box(image.width, image.height, ratio, image.focal_point)
    width = min(width, right - left)
    return width, max(1, round((bottom - top) * width / (right - left)))


def storage_name(image, spec: str, image_format: str) -> str:
    """Crops name their focal point too: files never change under a name."""
    ratio, _width = parse_spec(spec)
    focal = f"-f{image.focal_x}x{image.focal_y}" if ratio else ""
    return posixpath.join(
        "images/renditions",
        image.content_hash[:2],
        f"{image.content_hash}{focal}-{spec}.{EXTENSIONS[image_format]}",
    )


def forget_crops(image) -> None:
    """After a change of the focal point: the crops are made again (on request)."""
    crops = [r for r in image.renditions.all() if parse_spec(r.spec)[0] is not None]
    for rendition in crops:
        rendition.file.delete(save=False)
    image.renditions.filter(pk__in=[r.pk for r in crops]).delete()


def _open(image, scale_to: int):
    with image.file.open("rb") as file:
        source = PILImage.open(io.BytesIO(file.read()))
    if source.format == "JPEG":
        # Decode at 1/2, 1/4 or 1/8 scale when that still covers the target.
        source.draft(source.mode, (scale_to, scale_to * source.height // max(source.width, 1)))
    source = ImageOps.exif_transpose(source)
    return source


def _encode(picture, image_format: str, icc_profile) -> bytes:
    out = io.BytesIO()
    if image_format == "jpeg" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    elif picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    options = dict(SAVE_OPTIONS[image_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    picture.save(out, format=image_format.upper(), **options)
    return out.getvalue()


def _resized(source, image, ratio, width):
    box = crop_box(image.width, image.height, ratio, image.focal_point)
    # The source may have been decoded at a reduced scale (draft).
    scale = source.width / image.width
    box = tuple(round(v * scale) for v in box)
    size = rendition_size(image, ratio, width)
    return source.resize(size, PILImage.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def make(image, specs_and_formats, *, source=None):
    """Make and store the renditions asked for that do not exist yet; returns them all."""
    from .models import Rendition

    existing = {(r.spec, r.format): r for r in image.renditions.all()}
    made = []
    for spec, image_format in specs_and_formats:
        if (spec, image_format) in existing:
            made.append(existing[(spec, image_format)])
            continue
        ratio, width = parse_spec(spec)
        if source is None:
            # Decode no larger than this rendition needs (JPEG: at 1/2 to 1/8 scale).
            left, _top, right, _bottom = crop_box(
                image.width, image.height, ratio, image.focal_point
            )
            source = _open(image, math.ceil(width * image.width / (right - left)))
        picture = _resized(source, image, ratio, width)
        data = _encode(picture, image_format, source.info.get("icc_profile"))
        name = storage_name(image, spec, image_format)
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(data))
        try:
            with transaction.atomic():
                rendition = Rendition.objects.create(
                    image=image, spec=spec, format=image_format, file=name,
                    width=picture.width, height=picture.height,
                )  # fmt: skip
        except IntegrityError:  # made meanwhile by another request
            rendition = Rendition.objects.get(image=image, spec=spec, format=image_format)
        existing[(spec, image_format)] = rendition
        made.append(rendition)
    return made


def prefetch(images) -> None:
    """The renditions of all `images` (None skipped), in one query."""
    from django.db.models import prefetch_related_objects

    unique = list({image.pk: image for image in images if image is not None}.values())
    prefetch_related_objects(unique, "renditions")


def formats_for(image) -> tuple[str, ...]:
    return (*FORMATS, fallback_format(image))


def common_specs(image) -> list[tuple[str, str]]:
    """Every width of the common crops, in every format."""
    return [
        (spec_name(ratio, width), image_format)
        for ratio in COMMON_RATIOS
        for width in widths_for(image, ratio)
        for image_format in formats_for(image)
    ]


def make_common(image) -> None:
    """On upload (and `manage.py make_renditions`): the common renditions."""
    make(image, common_specs(image), source=_open(image, max(WIDTHS)))


def _url_prefix() -> str | None:
    """The storage's URL for rendition names when it is a plain prefix (local
    files, S3 public or behind a custom domain): names are hex digits, letters
    and dashes, never quoted. None for a storage that signs each URL."""
    prefix = default_storage.url("images/renditions/")
    probe = "ab/0123abcdef-f50x50-16x9-w640.avif"
    if default_storage.url("images/renditions/" + probe) == prefix + probe:
        return prefix
    return None


def _urls(renditions) -> dict:
    """{(spec, format): URL}, without the storage's cost for each of hundreds."""
    prefix = _url_prefix()
    urls = {}
    for rendition in renditions:
        name = rendition.file.name
        if prefix is not None and name.startswith("images/renditions/"):
            urls[(rendition.spec, rendition.format)] = prefix + name[len("images/renditions/") :]
        else:
            urls[(rendition.spec, rendition.format)] = default_storage.url(name)
    return urls


def _prefetched(image) -> bool:
    return "renditions" in getattr(image, "_prefetched_objects_cache", {})


def url(image, spec: str, image_format: str) -> str:
    """The stored rendition's URL when it exists (read from prefetched
    renditions), else the address that makes it on first request."""
    index = getattr(image, "_rendition_urls", None)
    if index is None:
        index = _urls(image.renditions.all())
        if _prefetched(image):
            image._rendition_urls = index
    if (spec, image_format) in index:
        return index[(spec, image_format)]
    return reverse(
        "images:rendition",
        kwargs={"content_hash": image.content_hash, "spec": spec, "ext": EXTENSIONS[image_format]},
    )


def single_url(image, width: int) -> tuple[str, int, int]:
    """One JPEG/PNG `width` px wide (shares, feeds), or as wide as the image
    when it is narrower: URL, width, height."""
    if image.width < width:
        width = widths_for(image, None)[-1]
    w, h = rendition_size(image, None, width)
    return url(image, spec_name(None, width), fallback_format(image)), w, h


def sources(image, use_name: str):
    """For a <picture>: [(content type, srcset)], the fallback src, width and height."""
    use = USES[use_name]
    widths = widths_for(image, use.ratio)
    picture_sources = []
    fallback_srcset = ""
    for image_format in formats_for(image):
        srcset = ", ".join(
            f"{url(image, spec_name(use.ratio, w), image_format)} {w}w" for w in widths
        )
        if image_format in FORMATS:
            picture_sources.append((CONTENT_TYPES[image_format], srcset))
        else:
            fallback_srcset = srcset
    middle = widths[min(1, len(widths) - 1)]
    src = url(image, spec_name(use.ratio, middle), fallback_format(image))
    width, height = rendition_size(image, use.ratio, widths[-1])
    return {
        "sources": picture_sources,
        "srcset": fallback_srcset,
        "src": src,
        "sizes": use.sizes,
        "width": width,
        "height": height,
    }


def thumbnail_url(image) -> str:
    """The smallest rendition's fallback, for the admin's lists."""
    spec = spec_name(None, widths_for(image, None)[0])
    return url(image, spec, fallback_format(image))


def picture_html(
    image, use: str, *, alt: str, sizes=None, lazy=True, priority=False,
    picture_class="", width=None, height=None, extra="",
) -> str:  # fmt: skip
    """<picture> with AVIF and WebP <source>s and a JPEG/PNG <img> (escaped;
    `extra` is trusted attribute markup)."""
    found = sources(image, use)
    sizes = escape(sizes or found["sizes"])
    parts = [f'<picture class="{escape(picture_class)}">' if picture_class else "<picture>"]
    for content_type, srcset in found["sources"]:
        parts.append(f'<source type="{content_type}" srcset="{escape(srcset)}" sizes="{sizes}">')
    loading = ' loading="lazy" decoding="async"' if lazy and not priority else ""
    parts.append(
        f'<img src="{escape(found["src"])}" srcset="{escape(found["srcset"])}" sizes="{sizes}" '
        f'alt="{escape(alt)}" width="{width or found["width"]}" '
        f'height="{height or found["height"]}"{extra}{loading}'
        f"{' fetchpriority="high"' if priority else ''}></picture>"
    )
    return "".join(parts)
