from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import uploads

urlpatterns = [
    # The names are the ones django-ckeditor's widget reverses.
    path("admin/editor/upload/", uploads.editor_image_upload, name="ckeditor_upload"),
    path("admin/editor/browse/", uploads.editor_image_browse, name="ckeditor_browse"),
    path("admin/", admin.site.urls),
    path("readership/", include("readership.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
