"""The site's URLs plus uploaded files, which production serves from the proxy
or object storage and tests serve from the temporary MEDIA_ROOT."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve_media),
    *site_urlpatterns,
]
