import pytest
from django.urls import reverse

from articles.models import Article

from .factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db

EDITOR_PERMS = ["articles.add_article", "articles.change_article", "articles.view_article"]


@pytest.fixture
def editor(client):
    user = make_user(perms=EDITOR_PERMS + ["articles.view_category"])
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "url_name", ["admin:articles_article_add", "admin:articles_article_changelist"]
)
def test_anonymous_users_are_sent_to_the_login_page(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_permission_cannot_add_articles(client):
    client.force_login(make_user())
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


def test_add_page_shows_ckeditor_for_the_body(client, editor):
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ckeditor/ckeditor.js" in html
    assert 'data-type="ckeditortype"' in html
    assert "js/ckeditor-csrf.js" in html


def test_editor_adds_an_article_and_becomes_its_author(client, editor):
    category = make_category(name="반도체")
    response = client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "AI반도체 혁신센터",
            "slug": "",
            "excerpt": "요약",
            "feature_text": "",
            "body": '<p>본문</p><script>alert(1)</script><img src="x" onerror="alert(1)">',
            "hero_image_url": "",
            "hero_image_alt": "",
            "status": "draft",
            "categories": [category.pk],
            "byline": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.slug == "ai반도체-혁신센터"
    assert article.author == editor
    assert article.body == '<p>본문</p><img src="x">'
    assert list(article.categories.all()) == [category]


def test_change_page_works_for_staff(client, editor):
    article = make_article(title="제목", categories=[make_category()])
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "제목" in response.content.decode()


def test_changelist_lists_categories_and_searches(client, editor):
    make_article(title="반도체 기사", categories=[make_category(name="뉴스")])
    make_article(title="다른 기사")
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "반도체"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "반도체 기사" in html and "뉴스" in html
    assert "다른 기사" not in html


def test_changelist_query_count_does_not_grow_with_categories(
    client, editor, django_assert_max_num_queries
):
    categories = [make_category() for _ in range(5)]
    for _ in range(20):
        make_article(categories=categories)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_bulk_publish_and_unpublish(client):
    client.force_login(make_user(superuser=True))
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish_now", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.published_at
    client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_category_admin_shows_article_counts(client):
    client.force_login(make_user(superuser=True))
    category = make_category(name="정책")
    make_article(categories=[category])
    make_article(categories=[category])
    response = client.get(reverse("admin:articles_category_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "정책" in html
    assert '<td class="field-article_count">2</td>' in html


def test_category_autocomplete_finds_korean_names(client, editor):
    make_category(name="반도체")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "반도",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "categories",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["반도체"]


def test_an_imported_article_with_a_site_relative_image_saves_in_the_admin(client):
    from .factories import article_form_data

    client.force_login(make_user(superuser=True))
    article = make_article(hero_image_url="/uploads/2024/06/fab-water.jpg")
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, title="고친 제목"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "고친 제목"
    assert article.hero_image_url == "/uploads/2024/06/fab-water.jpg"


def test_bulk_publish_reports_an_invalid_article_and_publishes_the_rest(client):
    client.force_login(make_user(superuser=True))
    good = make_article(status=Article.Status.DRAFT, published_at=None)
    bad = make_article(
        title="잘못된 기사", status=Article.Status.DRAFT, published_at=None,
        hero_image_url="javascript:alert(1)",
    )  # fmt: skip
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    assert response.status_code == 200
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == Article.Status.PUBLISHED
    assert bad.status == Article.Status.DRAFT
    messages = [str(m) for m in response.context["messages"]]
    # One error naming the refused article, one success counting the other.
    assert len(messages) == 2
    assert messages[0].startswith("잘못된 기사:")
    assert "1" in messages[1]


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.PUBLISHED])
@pytest.mark.parametrize(
    "slug, body",
    [(" ", "<dl><dd>" * 5000), ("슬러그 공백", "<p>본문</p>"), ("a/b", "<p>본문</p>")],
)
def test_an_invalid_form_shows_again_with_the_saved_address_not_a_500(client, status, slug, body):
    """Found by the fuzz run: the form shown again with errors built the
    "view on site"/"preview" link from the submitted slug."""
    from .factories import article_form_data

    client.force_login(make_user(role="editor"))
    article = make_article(title="기사", status=status)
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, slug=slug, body=body))
    assert response.status_code == 200, response.content.decode()[:300]
    assert response.context_data["adminform"].form.errors
    assert article.get_absolute_url() in response.content.decode()
