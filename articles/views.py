from django.db.models import Q
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from . import redirects, roles
from .models import Article


class ArticleListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Renamed: 301 to the new address; expired: 410 Gone.
            response = redirects.gone_or_redirect_for_article(request, kwargs["slug"])
            if response is None:
                raise
            return response

    def get_queryset(self):
        articles = Article.objects.for_listing()
        # Editors preview any unpublished article at its real URL, writers their
        # own; readers get a 404.
        user = self.request.user
        if user.is_staff and roles.can_publish(user):
            return articles
        if user.is_staff and user.has_perm("articles.change_article"):
            return articles.filter(Q(pk__in=Article.objects.published()) | Q(author=user))
        return articles.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not Article.objects.published().filter(pk=self.object.pk).exists()
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response


class CategoryView(ListView):
    """Placeholder until the public-site issue; lists a category's articles."""

    paginate_by = 20
    template_name = "articles/article_list.html"

    def get(self, request, *args, **kwargs):
        # Merged: 301 to the target category; retired: 410 Gone.
        response = redirects.gone_or_redirect_for_category(request, kwargs["slug"])
        return response or super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(categories__slug=self.kwargs["slug"], categories__status="approved")
            .for_listing()
        )
