from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import cache_control

from . import renditions
from .models import Image


@cache_control(public=True, max_age=86400)
def rendition(request, content_hash: str, spec: str, ext: str):
    """A rendition not made yet: make this one file, store it, and send the
    browser to it (every later page points at the stored file directly).
    Addressed by the image's content hash, not its id: like the originals'
    addresses it cannot be guessed, so images of unpublished articles cannot
    be listed by counting."""
    formats = {value: key for key, value in renditions.EXTENSIONS.items()}
    if renditions.parse_spec(spec) is None or ext not in formats:
        raise Http404
    image = get_object_or_404(Image, content_hash=content_hash)
    image_format = formats[ext]
    if image_format not in renditions.formats_for(image):
        raise Http404
    made = renditions.make(image, [(spec, image_format)])
    return redirect(made[0].file.url)
