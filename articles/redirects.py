"""What an address that no longer shows content answers: 301 to where the content
went, 410 Gone for what was taken off on purpose, or None (let the view 404).

The public views call these when their own lookup finds nothing public:

    article detail   gone_or_redirect_for_article(request, slug)
    category page    gone_or_redirect_for_category(request, slug)
    category feed    gone_or_redirect_for_category(
                         request, slug, url_name="articles:category_feed")

- A renamed published article: its old slugs 301 to its current address.
- An expired article (past `expires_at`): 410 Gone.
- A merged category: 301 to the category it was merged into (same page kind).
- A retired category: 410 Gone.
"""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse

from .models import Article, Category, SlugRedirect


def gone(request) -> HttpResponse:
    return HttpResponse(render_to_string("410.html", request=request), status=410)


def gone_or_redirect_for_article(request, slug: str) -> HttpResponse | None:
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        redirect = SlugRedirect.objects.filter(old_slug=slug).select_related("article").first()
        if redirect is None:
            return None
        article = redirect.article
        if article.is_public():
            return HttpResponsePermanentRedirect(article.get_absolute_url())
    if article.state == "expired":
        return gone(request)
    # Drafts, scheduled articles and articles held back by their categories stay
    # 404: readers must not learn that they exist, nor their new address.
    return None


def gone_or_redirect_for_category(
    request, slug: str, *, url_name: str = "articles:category"
) -> HttpResponse | None:
    category = Category.objects.filter(slug=slug).select_related("merged_into").first()
    if category is None:
        return None
    # Merges collapse chains (services.category_merge); follow a few hops anyway.
    target, hops = category.merged_into, 0
    while target is not None and target.merged_into_id is not None and hops < 5:
        target, hops = target.merged_into, hops + 1
    if target is not None and target.status == Category.Status.APPROVED:
        return HttpResponsePermanentRedirect(reverse(url_name, kwargs={"slug": target.slug}))
    if category.status == Category.Status.RETIRED:
        return gone(request)
    return None
