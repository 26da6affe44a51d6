from django.core.cache import cache
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from embeds.rendering import render_embeds
from images import renditions
from images.body import library_images, render_library_images
from people.models import Person
from search.querysets import WINDOW as SEARCH_WINDOW
from search.tokenizer import QUERY_MAX_CHARS

from . import frontpage, redirects, roles, selectors, signals
from .filters import ArchiveFilter
from .models import Article, Category, Tag
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


# Long enough to matter, short enough that a changed image is seen soon.
BODY_CACHE_SECONDS = 60 * 60


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
        articles = Article.objects.with_relations().with_tags().with_hero(renditions=False)
        return articles if self.request.user.is_staff else articles.published()

    def get_object(self, queryset=None):
        previewed = self.requested_preview()
        if previewed is not None:
            self.is_preview = True
            return previewed
        article = super().get_object(queryset)
        # Staff who may edit an unpublished article preview it at its real URL
        # (roles.can_preview); everyone else gets a 404.
        self.is_preview = self.request.user.is_staff and not article.is_public()
        if self.is_preview and not roles.can_preview(self.request.user, article):
            raise Http404
        return article

    def requested_preview(self):
        """A staged version or a shared preview link's article (signals.preview_requested)."""
        if not signals.PREVIEW_PARAMETERS & self.request.GET.keys():
            return None
        answers = signals.preview_requested.send(
            sender=Article, request=self.request, slug=self.kwargs["slug"]
        )
        return next((article for _, article in answers if article is not None), None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = self.is_preview
        context["preview_label"] = getattr(self.object, "preview_label", "")
        context["related_articles"] = related = self.get_related_articles()
        context["body_html"] = self.get_body_html(related)
        # Every correction moves revised_at: an article never revised has none.
        context["corrections"] = (
            list(self.object.corrections.all()) if self.object.revised_at else []
        )
        return context

    def get_body_html(self, related):
        """The sanitized body as readers see it: embeds as sandboxed frames
        (embeds/rendering.py) and library images with renditions
        (images/body.py), cached per article version. The renditions of every
        image on the page (hero, body, related cards) come in one query."""
        article = self.object
        # A preview may show staged copy under the live version's number.
        previewing = self.is_preview
        key = f"article-body:{article.pk}:{article.version}"
        body = None if previewing else cache.get(key)
        shown = library_images(article.body) if body is None else {}
        renditions.prefetch([article.hero, *(r.hero for r in related), *shown.values()])
        if body is None:
            body = render_embeds(render_library_images(article.body, shown))
            if not previewing:
                cache.set(key, body, BODY_CACHE_SECONDS)
        return mark_safe(body)  # sanitized on save; what was added is ours

    def get_related_articles(self):
        return selectors.related_articles(self.object)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
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


class ObjectListingView(KeysetListMixin, SingleObjectMixin, TemplateView):
    """A page about one object (a person, a tag) with its public articles,
    newest first. Subclasses give `model` and `get_keys()`."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.count_label = f"{self.model._meta.model_name}-{self.object.pk}"
        return super().get(request, *args, **kwargs)


class PersonView(ObjectListingView):
    """An author's (or a desk's) profile and their articles. The page stays
    when their account or their active flag goes."""

    model = Person
    template_name = "people/person_detail.html"

    def get_keys(self):
        return Article.objects.published().filter(bylines__person=self.object)


class TagView(ObjectListingView):
    model = Tag
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        return Tag.objects.on_public_articles()

    def get_keys(self):
        return Article.objects.published().filter(tags=self.object)


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
