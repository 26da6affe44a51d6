"""Tags: pages, feeds, links on articles, the admin and merging."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, AuditEvent, Tag

from .factories import article_form_data, hours_ago, make_article, make_user

pytestmark = pytest.mark.django_db


def tagged(tag, **fields):
    article = make_article(**fields)
    article.tags.add(tag)
    return article


def test_articles_link_their_tags(client):
    chips, ai = Tag.objects.create(name="반도체"), Tag.objects.create(name="AI")
    article = make_article()
    article.tags.add(chips, ai)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{ai.get_absolute_url()}" rel="tag">#AI</a>' in html
    assert f'<a href="{chips.get_absolute_url()}" rel="tag">#반도체</a>' in html
    assert html.index("#AI") < html.index("#반도체")


def test_the_tag_page_lists_only_public_articles(client):
    tag = Tag.objects.create(name="총선 2026")
    assert tag.slug == "총선-2026"
    public = tagged(tag, title="공개 기사")
    tagged(tag, title="초안 기사", status=Article.Status.DRAFT)
    tagged(tag, title="만료 기사", expires_at=hours_ago(0.1))
    make_article(title="다른 기사")
    response = client.get(tag.get_absolute_url())
    html = response.content.decode()
    assert response.context["article_list"] == [public]
    assert "<h1>#총선 2026</h1>" in html
    for hidden in ("초안 기사", "만료 기사", "다른 기사"):
        assert hidden not in html


def test_tag_pages_page_by_cursor(client):
    tag = Tag.objects.create(name="반도체")
    for n in range(23):
        tagged(tag, title=f"기사 {n}", published_at=hours_ago(n + 1))
    first = client.get(tag.get_absolute_url())
    assert len(first.context["article_list"]) == 20
    second = client.get(tag.get_absolute_url(), {"before": first.context["page"].older_cursor})
    assert [a.title for a in second.context["article_list"]] == ["기사 20", "기사 21", "기사 22"]
    assert client.get(tag.get_absolute_url(), {"before": "garbage!"}).status_code == 404


def test_the_tag_feed_is_atom_with_public_articles_only(client):
    tag = Tag.objects.create(name="반도체")
    tagged(tag, title="공개 기사")
    tagged(tag, title="예약 기사", published_at=hours_ago(-1))
    response = client.get(reverse("articles:tag_feed", kwargs={"slug": tag.slug}))
    root = ET.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("atom:title", namespaces=ns) for e in root.findall("atom:entry", ns)]
    assert titles == ["공개 기사"]


@pytest.mark.parametrize("url", ["/tags/nothing/", "/tags/nothing/feed/"])
def test_unknown_tags_are_404(client, url):
    assert client.get(url).status_code == 404


def test_merging_moves_the_articles_and_deletes_the_merged_tags():
    editor = make_user(role="editor")
    target, one, two = (Tag.objects.create(name=n) for n in ("반도체", "반도체 산업", "칩"))
    both = tagged(target)
    both.tags.add(one)
    only_one, only_two = tagged(one), tagged(two)
    services.tag_merge(sources=[one, two], target=target, actor=editor)
    assert set(target.articles.all()) == {both, only_one, only_two}
    assert list(Tag.objects.all()) == [target]
    event = AuditEvent.objects.get(action=AuditEvent.Action.MERGED)
    assert event.actor == editor and "반도체 산업" in event.detail and "칩" in event.detail


def test_writers_may_not_merge_tags():
    from django.core.exceptions import PermissionDenied

    one, two = Tag.objects.create(name="a"), Tag.objects.create(name="b")
    with pytest.raises(PermissionDenied):
        services.tag_merge(sources=[one], target=two, actor=make_user(role="writer"))
    assert Tag.objects.count() == 2


def test_a_tag_is_not_merged_into_itself():
    from django.core.exceptions import ValidationError

    tag = Tag.objects.create(name="a")
    with pytest.raises(ValidationError):
        services.tag_merge(sources=[tag], target=tag)


def test_the_admin_merges_tags_through_an_intermediate_page(client, editor):
    target, one = Tag.objects.create(name="반도체"), Tag.objects.create(name="칩")
    article = tagged(one)
    url = reverse("admin:articles_tag_changelist")
    page = client.post(url, {"action": "merge", "_selected_action": [one.pk]})
    assert page.status_code == 200 and "반도체" in page.content.decode()
    done = client.post(
        url, {"action": "merge", "_selected_action": [one.pk], "apply": "1", "target": target.pk}
    )
    assert done.status_code == 302
    assert list(article.tags.all()) == [target]


def test_the_tag_admin_searches_and_writers_cannot_merge(client, writer):
    Tag.objects.create(name="반도체")
    Tag.objects.create(name="부동산")
    response = client.get(reverse("admin:articles_tag_changelist"), {"q": "반도"})
    html = response.content.decode()
    assert "반도체" in html and "부동산" not in html
    assert 'value="merge"' not in html


def test_the_article_form_sets_tags(client, editor):
    tag = Tag.objects.create(name="반도체")
    article = make_article()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, tags=[tag.pk]),
    )
    assert response.status_code == 302
    assert list(article.tags.all()) == [tag]


def test_writers_find_tags_for_their_articles(client, writer):
    Tag.objects.create(name="반도체")
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "반도", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["반도체"]
