"""Image upload and browse views for the body editor (CKEditor 4).

These replace django-ckeditor's own views, which accept non-images, skip the
CSRF check and echo a request parameter into a script. Here: staff with the
permission to add or change articles only, CSRF-protected, images only (the
site's image policy, images/policy.py: format, bytes, pixels, metadata
stripped, named by the site), JSON answers only.
"""

import posixpath

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from images.policy import IMAGE_FORMATS

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
    if not can_use_editor_uploads(request.user):
        return refused(_("You are not allowed to upload images."), 403)
    form = EditorImageForm(files=request.FILES)
    if not form.is_valid():
        errors = form.errors.get("upload") or [_("Upload a valid image (JPEG, PNG, GIF or WebP).")]
        return refused(" ".join(errors), 400)
    image = form.cleaned_data["upload"]
    name = posixpath.join(
        settings.CKEDITOR_UPLOAD_PATH, timezone.now().strftime("%Y/%m"), image.name
    )
    saved_name = default_storage.save(name, image)
    return JsonResponse(
        {
            "uploaded": 1,
            "fileName": posixpath.basename(saved_name),
            "url": default_storage.url(saved_name),
        }
    )


def uploaded_images(path=settings.CKEDITOR_UPLOAD_PATH, limit=500):
    """URLs of uploaded editor images, newest folders first."""
    try:
        directories, files = default_storage.listdir(path)
    except (OSError, NotImplementedError):
        return []
    urls = [
        default_storage.url(posixpath.join(path, name))
        for name in sorted(files, reverse=True)
        if posixpath.splitext(name)[1].lstrip(".").lower() in IMAGE_FORMATS.values()
    ]
    for directory in sorted(directories, reverse=True):
        if len(urls) >= limit:
            break
        urls.extend(uploaded_images(posixpath.join(path, directory), limit - len(urls)))
    return urls[:limit]


@never_cache
@require_GET
def editor_image_browse(request):
    if not can_use_editor_uploads(request.user):
        return refused(_("You are not allowed to browse images."), 403)
    return render(request, "admin/articles/image_browser.html", {"images": uploaded_images()})
