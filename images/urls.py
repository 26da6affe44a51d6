from django.urls import path

from . import views

app_name = "images"
urlpatterns = [
    path(
        "images/renditions/<str:content_hash>/<str:spec>.<str:ext>",
        views.rendition,
        name="rendition",
    ),
]
