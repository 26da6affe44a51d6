from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="home"),
    # Django's <slug:> converter is ASCII-only; Korean slugs need <str:>.
    path("articles/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("category/<str:slug>/", views.CategoryView.as_view(), name="category"),
]
