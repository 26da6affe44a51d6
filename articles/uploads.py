"""Image upload and browse views for the body editor (CKEditor 4).

These replace django-ckeditor's own views, which accept non-images, skip the
CSRF check and echo a request parameter into a script. Here: staff with the
permission to add or change articles only, CSRF-protected, images only (the
site's image policy, images/policy.py: format, bytes, pixels, metadata
stripped, named by the site), JSON answers only. Uploads land in the image
library (images.services.image_from_bytes); the browser shows the library.
"""

import posixpath

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from images.forms import LibraryImageField
from images.models import Image

from .forms import EditorImageForm


def can_use_editor_uploads(user) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
    )


def refused(message: str, status: int) -> JsonResponse:
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


@require_POST
def editor_image_upload(request):
    """An image the editor uploads goes into the library (deduplicated: the
    same picture uploaded twice is one image)."""
    if not can_use_editor_uploads(request.user):
        return refused(_("You are not allowed to upload images."), 403)
    form = EditorImageForm(files=request.FILES)
    if not form.is_valid():
        errors = form.errors.get("upload") or [_("Upload a valid image (JPEG, PNG, GIF or WebP).")]
        return refused(" ".join(errors), 400)
    try:
        image = LibraryImageField.store(form.cleaned_data["upload"], uploaded_by=request.user)
    except ValidationError as error:
        return refused(" ".join(error.messages), 400)
    return JsonResponse(
        {
            "uploaded": 1,
            "fileName": posixpath.basename(image.file.name),
            "url": image.file.url,
            "imageId": image.pk,
        }
    )


BROWSE_LIMIT = 200


@never_cache
@require_GET
def editor_image_browse(request):
    """The library for the editor: newest first, searchable by alt text,
    caption and credit; hero images are library images too."""
    if not can_use_editor_uploads(request.user):
        return refused(_("You are not allowed to browse images."), 403)
    query = request.GET.get("q", "")[:100].strip()
    images = Image.objects.with_renditions()
    for word in query.split()[:5]:
        images = images.filter(
            Q(alt__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
        )
    return render(
        request,
        "admin/articles/image_browser.html",
        {"images": images[:BROWSE_LIMIT], "query": query},
    )
