from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from search.querysets import WINDOW as SEARCH_WINDOW
from search.tokenizer import QUERY_MAX_CHARS

from . import frontpage, redirects, roles, selectors
from .filters import ArchiveFilter
from .models import Article, Category
from .pagination import PAGE_SIZE, KeysetPaginator


class KeysetListMixin:
    """A listing paged by cursor (articles/pagination.py), never counted.

    Subclasses give `get_keys()`: the listing's (published_at, id) rows,
    newest first. The page's articles are then read by id."""

    count_label = ""
    id_field = "id"

    def get_keys(self):
        raise NotImplementedError

    def get_extra_ids(self, page) -> list[int]:
        """Ids of public articles the page shows besides its listing, read in
        the same query as the listing's."""
        return []

    def get_context_data(self, **kwargs):
        paginator = KeysetPaginator(
            self.get_keys(), id_field=self.id_field, label=self.count_label
        )
        page = paginator.page(self.request)
        ids = [pk for _, pk in page.keys] + self.get_extra_ids(page)
        self.articles_by_id = Article.objects.for_listing().in_bulk(ids)
        page.object_list = [
            self.articles_by_id[pk] for _, pk in page.keys if pk in self.articles_by_id
        ]
        kwargs.update(page=page, article_list=page.object_list, object_list=page.object_list)
        return super().get_context_data(**kwargs)


class ArticleListView(KeysetListMixin, TemplateView):
    """The home page: the newest articles; on the first page the pinned lead
    story (else the newest) and the editor's picks (articles/frontpage.py)."""

    template_name = "articles/article_list.html"
    count_label = "home"
    lead_id, pick_ids = None, []

    def get_keys(self):
        return Article.objects.published()

    def get_extra_ids(self, page):
        if page.is_first:
            self.lead_id, self.pick_ids = frontpage.choose()
        return [pk for pk in [self.lead_id, *self.pick_ids] if pk is not None]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = context["article_list"]
        if context["page"].is_first and latest:
            lead = self.articles_by_id.get(self.lead_id) or latest[0]
            context["lead"] = lead
            picks = [self.articles_by_id[pk] for pk in self.pick_ids if pk in self.articles_by_id]
            shown = {lead.pk, *(pick.pk for pick in picks)}
            context["picks"] = picks
            context["latest"] = [article for article in latest if article.pk not in shown]
        else:
            context["latest"] = latest
        return context


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
        articles = Article.objects.with_relations()
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
        return selectors.related_articles(self.object)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response


class CategoryView(KeysetListMixin, SingleObjectMixin, TemplateView):
    """An approved category with its articles, newest first."""

    template_name = "articles/category_detail.html"
    id_field = "article_id"

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object(queryset=Category.objects.approved())
        except Http404:
            # Merged: 301 to the target category; retired: 410 Gone.
            response = redirects.gone_or_redirect_for_category(request, kwargs["slug"])
            if response is None:
                raise
            return response
        self.count_label = f"category-{self.object.pk}"
        return super().get(request, *args, **kwargs)

    def get_keys(self):
        return selectors.category_listing(self.object)


class ArchiveView(KeysetListMixin, FilterView):
    """Every public article, filtered by category, date range and words."""

    filterset_class = ArchiveFilter
    template_name = "articles/archive.html"

    def get_queryset(self):
        return Article.objects.published()

    def get_keys(self):
        return self.object_list  # the filtered queryset (none when the form is invalid)


class SearchView(ListView):
    paginate_by = PAGE_SIZE
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:QUERY_MAX_CHARS]
        return Article.objects.published().for_listing().search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, search_page=True, **kwargs)
        # Search ranks the newest SEARCH_WINDOW matches; a full window means "or more".
        context["more_results"] = context["paginator"].count >= SEARCH_WINDOW
        return context


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
