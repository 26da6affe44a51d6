from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from search.querysets import WINDOW as SEARCH_WINDOW
from search.tokenizer import QUERY_MAX_CHARS

from . import redirects, roles
from .filters import ArchiveFilter
from .models import Article, Category

PAGE_SIZE = 20
RELATED_ARTICLES = 4


class ArticleListView(ListView):
    """The home page: the newest articles, the first one as the lead story."""

    paginate_by = PAGE_SIZE

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
        return articles if self.request.user.is_staff else articles.published()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # Staff who may edit an unpublished article preview it at its real URL
        # (roles.can_preview); everyone else gets a 404.
        self.is_preview = self.request.user.is_staff and not article.is_public()
        if self.is_preview and not roles.can_preview(self.request.user, article):
            raise Http404
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.is_preview
        context["related_articles"] = self.get_related_articles()
        return context

    def get_related_articles(self):
        """The newest public articles sharing an approved category with this one."""
        categories = [category.pk for category in self.object.categories.all()]
        if not categories:
            return []
        return list(
            Article.objects.published()
            .filter(categories__in=categories)
            .exclude(pk=self.object.pk)
            .distinct()[:RELATED_ARTICLES]
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response


class CategoryView(SingleObjectMixin, ListView):
    """An approved category with its articles, newest first."""

    paginate_by = PAGE_SIZE
    template_name = "articles/category_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object(queryset=Category.objects.approved())
        except Http404:
            # Merged: 301 to the target category; retired: 410 Gone.
            response = redirects.gone_or_redirect_for_category(request, kwargs["slug"])
            if response is None:
                raise
            return response
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().filter(categories=self.object).for_listing()

    def get_context_data(self, **kwargs):
        # SingleObjectMixin names the category `category`; name the list too.
        context = super().get_context_data(**kwargs)
        context["article_list"] = context["object_list"]
        return context


class ArchiveView(FilterView):
    """Every public article, filtered by category, date range and words."""

    filterset_class = ArchiveFilter
    paginate_by = PAGE_SIZE
    template_name = "articles/archive.html"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        words = self.filterset.is_valid() and self.filterset.form.cleaned_data.get("q")
        context["more_results"] = bool(words) and context["paginator"].count >= SEARCH_WINDOW
        return context


class SearchView(ListView):
    paginate_by = PAGE_SIZE
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:QUERY_MAX_CHARS]
        return Article.objects.published().for_listing().search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        # Search ranks the newest SEARCH_WINDOW matches; a full window means "or more".
        context["more_results"] = context["paginator"].count >= SEARCH_WINDOW
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
