from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from articles import uploads

urlpatterns = [
    # The names are the ones django-ckeditor's widget reverses.
    path("admin/editor/upload/", uploads.editor_image_upload, name="ckeditor_upload"),
    path("admin/editor/browse/", uploads.editor_image_browse, name="ckeditor_browse"),
    # Before the admin's own URLs, which would take "import" for an object id.
    path("admin/articles/article/import/", include("importing.urls")),
    # Where an invited user (manage.py create_user --invite) chooses a password.
    path(
        "admin/password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "admin/password/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("", include("images.urls")),
    path("readership/", include("readership.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
