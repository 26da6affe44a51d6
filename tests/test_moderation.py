"""Category moderation through the admin: the queue, approve, reject, merge, retire."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, AuditEvent, Category

from .factories import article_form_data, make_article, make_category, make_user

pytestmark = pytest.mark.django_db

CATEGORIES = reverse("admin:articles_category_changelist")


def act(client, action, categories, **extra):
    """Post an action as the changelist (showing all categories) does."""
    data = {"action": action, "_selected_action": [c.pk for c in categories], **extra}
    return client.post(CATEGORIES + "?queue=all", data)


def test_moderators_land_on_the_queue_of_proposals(client, moderator):
    make_category(name="제안된 분야", status=Category.Status.PROPOSED)
    make_category(name="승인된 분야")
    html = client.get(CATEGORIES).content.decode()
    assert "제안된 분야" in html and "승인된 분야" not in html
    html = client.get(CATEGORIES, {"queue": "all"}).content.decode()
    assert "제안된 분야" in html and "승인된 분야" in html


def test_others_land_on_all_categories(client):
    client.force_login(make_user(role="editor"))
    make_category(name="승인된 분야")
    assert "승인된 분야" in client.get(CATEGORIES).content.decode()


def test_a_proposed_category_can_go_on_a_draft_but_is_not_public_until_approved(client, moderator):
    writer = make_user(role="writer")
    proposal = make_category(name="신규", status=Category.Status.PROPOSED, proposed_by=writer)
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(title="제안 분야 기사", categories=[proposal.pk]),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    article.status, article.published_at = "published", None
    article.save()
    assert client.get(proposal.get_absolute_url()).content.decode().count("제안 분야 기사") == 0
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404

    client.force_login(moderator)
    act(client, "approve", [proposal])
    proposal.refresh_from_db()
    assert proposal.status == Category.Status.APPROVED
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "제안 분야 기사" in client.get(proposal.get_absolute_url()).content.decode()
    event = AuditEvent.objects.get(action="approved")
    assert (event.actor, event.category) == (moderator, proposal)


def test_reject_asks_for_a_reason_and_shows_it_to_the_proposer(client, moderator):
    writer = make_user(role="writer")
    proposal = make_category(
        name="애매한 분야", status=Category.Status.PROPOSED, proposed_by=writer
    )
    page = act(client, "reject", [proposal])
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    act(client, "reject", [proposal], apply="1", reason="")  # a reason is required
    proposal.refresh_from_db()
    assert proposal.status == Category.Status.PROPOSED
    act(client, "reject", [proposal], apply="1", reason="'뉴스'와 겹칩니다.")
    proposal.refresh_from_db()
    assert proposal.status == Category.Status.REJECTED
    assert proposal.moderation_note == "'뉴스'와 겹칩니다."
    assert AuditEvent.objects.filter(action="rejected", actor=moderator).exists()

    client.force_login(writer)
    response = client.get(reverse("admin:articles_category_change", args=[proposal.pk]))
    assert "&#x27;뉴스&#x27;와 겹칩니다." in response.content.decode()


def test_merge_moves_articles_and_redirects_the_old_address(client, moderator):
    source = make_category(name="IT")
    target = make_category(name="기술")
    both = make_article(categories=[source, target])
    only_source = make_article(categories=[source])
    page = act(client, "merge", [source])
    html = page.content.decode()
    assert page.status_code == 200 and "기술" in html
    act(client, "merge", [source], apply="1", target=target.pk)

    source.refresh_from_db()
    assert source.status == Category.Status.RETIRED and source.merged_into == target
    assert list(both.categories.all()) == [target]
    assert list(only_source.categories.all()) == [target]
    response = client.get(source.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()
    assert AuditEvent.objects.filter(action="merged", category=source, actor=moderator).exists()


def test_merges_collapse_into_one_hop(client, moderator):
    first, second, third = (make_category() for _ in range(3))
    act(client, "merge", [first], apply="1", target=second.pk)
    act(client, "merge", [second], apply="1", target=third.pk)
    for old in (first, second):
        response = client.get(old.get_absolute_url())
        assert (response.status_code, response["Location"]) == (301, third.get_absolute_url())


def test_merge_target_must_be_another_approved_category(client, moderator):
    source = make_category()
    proposal = make_category(status=Category.Status.PROPOSED)
    act(client, "merge", [source], apply="1", target=source.pk)
    act(client, "merge", [source], apply="1", target=proposal.pk)
    source.refresh_from_db()
    assert source.status == Category.Status.APPROVED and source.merged_into is None


def test_retire_takes_a_category_off_the_site_with_410(client, moderator):
    category = make_category(name="폐지")
    article = make_article(categories=[category])
    assert client.get(category.get_absolute_url()).status_code == 200
    act(client, "retire", [category], apply="1", note="개편")
    category.refresh_from_db()
    assert category.status == Category.Status.RETIRED
    assert client.get(category.get_absolute_url()).status_code == 410
    # Its only category gone, the article leaves the public site too.
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert AuditEvent.objects.filter(action="retired", detail="개편").exists()


def test_closed_categories_are_not_offered_for_new_articles(client):
    editor = make_user(role="editor")
    client.force_login(editor)
    make_category(name="열린 분야")
    retired = make_category(name="닫힌 분야", status=Category.Status.RETIRED)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "분야",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "categories",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["열린 분야"]
    response = client.post(
        reverse("admin:articles_article_add"), article_form_data(categories=[retired.pk])
    )
    assert response.status_code == 200
    assert "닫힌 분야" in str(response.context["adminform"].form.errors)


def test_a_moderators_own_category_is_approved_at_once(client, moderator):
    client.post(reverse("admin:articles_category_add"), {"name": "정책", "slug": ""})
    category = Category.objects.get()
    assert category.status == Category.Status.APPROVED
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "proposed",
        "approved",
    ]


def test_with_an_empty_queue_moderators_see_all_categories(client, moderator):
    make_category(name="승인된 분야")
    assert "승인된 분야" in client.get(CATEGORIES).content.decode()


def test_moderation_refreshes_the_header_categories_at_once(
    client, django_capture_on_commit_callbacks
):
    proposal = make_category(name="새분야", status=Category.Status.PROPOSED)
    make_article(categories=[proposal])  # held until the category is approved
    assert "새분야" not in client.get("/").content.decode()  # the header is now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.category_approve(category=proposal)
    assert "새분야" in client.get("/").content.decode()
