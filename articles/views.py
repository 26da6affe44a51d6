from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Article


class ArticleListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class ArticleDetailView(DetailView):
    def get_queryset(self):
        articles = Article.objects.for_listing()
        # Editors preview drafts at the real URL; readers get a 404.
        if self.request.user.has_perm("articles.change_article"):
            return articles
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

    def get_queryset(self):
        return (
            Article.objects.published()
            .filter(categories__slug=self.kwargs["slug"], categories__status="approved")
            .for_listing()
        )
