from django.contrib import admin
from django.urls import path

from . import admin_views

app_name = "importing"

urlpatterns = [
    path("", admin.site.admin_view(admin_views.import_posts_view), name="import"),
]
