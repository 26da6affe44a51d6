from django.urls import path

from . import views

app_name = "readership"

urlpatterns = [
    path("view/<int:pk>/", views.article_view, name="view"),
    path("most-read/", views.most_read, name="most_read"),
]
