"""Korean reading conventions on the article page (dates, 입력/수정, reading
time, photo credit), its schema.org NewsArticle, and the queries each page
with bylines and tags costs."""

import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache, caches
from django.template import Context, Template
from django.utils import timezone

from articles import services
from articles.models import Byline, Tag
from articles.templatetags.articles_tags import READING_CHARACTERS_PER_MINUTE, reading_minutes
from people.models import Person

from .factories import hours_ago, make_article, make_category

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def render(template, **context):
    return Template("{% load articles_tags %}" + template).render(Context(context))


def test_dates_read_as_korean_papers_print_them():
    at = datetime(2025, 3, 8, 6, 0, tzinfo=SEOUL)
    assert render("{{ at|news_time }}", at=at) == "2025.03.08 06:00"
    assert render("{{ at|date:'DATE_FORMAT' }}", at=at) == "2025.03.08"


def test_a_date_only_post_shows_no_time():
    midnight = datetime(2025, 3, 8, 0, 0, tzinfo=SEOUL)
    assert render("{{ at|news_time }}", at=midnight) == "2025.03.08"


def meta_line(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return re.search(r'<p class="article-meta">(.*?)</p>', html, re.S).group(1)


def test_revised_shows_only_when_the_newsroom_changed_the_story(client):
    published = datetime(2025, 3, 8, 6, 0, tzinfo=SEOUL)
    article = make_article(published_at=published)
    line = meta_line(client, article)
    assert "입력 <time" in line and "2025.03.08 06:00" in line and "수정" not in line
    # updated_at is bookkeeping: saving moves it, readers see no 수정.
    article.save()
    assert "수정" not in meta_line(client, article)
    article.revised_at = datetime(2025, 3, 9, 10, 12, tzinfo=SEOUL)
    article.save()
    line = re.sub(r"\s+", " ", meta_line(client, article))
    assert "입력 <time" in line and " · </span><span>수정 <time" in line
    assert "2025.03.09 10:12" in line


def test_reading_time_counts_characters_at_the_stated_rate(client):
    body = "<p>" + "가나다 " * 400 + "</p>"  # 1,200 characters without spaces
    article = make_article(body=body)
    assert READING_CHARACTERS_PER_MINUTE == 500
    assert reading_minutes(article) == 3
    assert "3분 분량" in meta_line(client, article)
    assert reading_minutes(make_article(body="")) == 1


def test_the_hero_credit_reads_the_library_images_credit():
    class Hero:
        credit = "연합뉴스"

    html = Template('{% include "includes/hero_credit.html" %}').render(
        Context({"article": {"hero": Hero()}})
    )
    assert '<figcaption class="hero-credit">사진=연합뉴스</figcaption>' in html
    empty = Template('{% include "includes/hero_credit.html" %}').render(
        Context({"article": make_article()})
    )
    assert empty.strip() == ""


# schema.org NewsArticle

ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _is_url(value) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s]+$", value) is not None


def _check_thing(value, types, required, path):
    assert isinstance(value, dict), f"{path}: an object"
    assert value.get("@type") in types, f"{path}: @type {value.get('@type')} not in {types}"
    for name in required:
        assert value.get(name), f"{path}: {name} missing"
    if "url" in value:
        assert _is_url(value["url"]), f"{path}.url: {value['url']}"


def validate_news_article(data: dict) -> None:
    """What Google's and schema.org's NewsArticle expect, checked offline:
    required and recommended properties, each of its expected type."""
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert isinstance(data["headline"], str) and 0 < len(data["headline"]) <= 110
    for name in ("datePublished", "dateModified"):
        assert ISO_8601.match(data[name]), f"{name}: {data[name]}"
    assert data["dateModified"] >= data["datePublished"]
    assert isinstance(data["author"], list) and data["author"], "author: a non-empty list"
    for n, author in enumerate(data["author"]):
        _check_thing(author, {"Person", "Organization"}, ["name"], f"author[{n}]")
        if author["@type"] == "Organization":
            assert "jobTitle" not in author, "an organization has no job title"
    _check_thing(data["publisher"], {"Organization", "NewsMediaOrganization"}, ["name"], "pub")
    _check_thing(data["publisher"]["logo"], {"ImageObject"}, ["url"], "publisher.logo")
    _check_thing(data["mainEntityOfPage"], {"WebPage"}, ["@id"], "mainEntityOfPage")
    assert _is_url(data["mainEntityOfPage"]["@id"])
    if "image" in data:
        images = data["image"] if isinstance(data["image"], list) else [data["image"]]
        for n, image in enumerate(images):
            if isinstance(image, str):
                assert _is_url(image)
            else:
                _check_thing(image, {"ImageObject"}, ["url"], f"image[{n}]")
                for size in ("width", "height"):
                    assert isinstance(image.get(size, 1), int)
    for n, correction in enumerate(data.get("correction", [])):
        _check_thing(correction, {"CorrectionComment"}, ["text"], f"correction[{n}]")
        assert ISO_8601.match(correction["datePublished"])


def json_ld(client, article) -> dict:
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_article_is_a_valid_news_article_with_people_desks_and_a_correction(client, settings):
    settings.SITE_URL = "https://news.example.com"
    minji = Person.objects.create(name="최민지", title="기자")
    desk = Person.objects.create(name="경제부", kind=Person.Kind.ORGANIZATION)
    article = make_article(
        title="반도체 수출 석 달째 증가",
        published_at=hours_ago(3),
        hero_image_url="https://img.example.com/chip.jpg",
    )
    Byline.objects.create(article=article, person=minji, position=0)
    Byline.objects.create(article=article, person=desk, position=1)
    article.tags.add(Tag.objects.create(name="반도체"))
    services.correction_add(article=article, text="수출액 단위를 바로잡습니다.")
    data = json_ld(client, article)
    validate_news_article(data)
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "최민지",
            "jobTitle": "기자",
            "url": "https://news.example.com" + minji.get_absolute_url(),
        },
        {
            "@type": "Organization",
            "name": "경제부",
            "url": "https://news.example.com" + desk.get_absolute_url(),
        },
    ]
    assert data["correction"][0]["text"] == "수출액 단위를 바로잡습니다."
    assert data["keywords"] == ["반도체"]
    article.refresh_from_db()
    assert data["dateModified"] > data["datePublished"]


def test_an_imported_desk_byline_is_an_organization_and_nobody_falls_back_to_the_publisher(
    client,
):
    data = json_ld(client, make_article(byline="Economy Desk"))
    validate_news_article(data)
    assert data["author"] == [{"@type": "Organization", "name": "Economy Desk"}]
    data = json_ld(client, make_article())
    validate_news_article(data)
    assert data["author"] == [data["publisher"]]


def test_the_validator_can_fail(client):
    data = json_ld(client, make_article())
    for broken in (
        {**data, "author": []},
        {**data, "author": [{"@type": "Thing", "name": "x"}]},
        {**data, "datePublished": "2025.03.08"},
        {**data, "publisher": {"@type": "Organization", "name": "x"}},
    ):
        with pytest.raises((AssertionError, KeyError)):
            validate_news_article(broken)


# Queries


@pytest.fixture
def busy():
    """25 public articles in a category, each with two bylines and two tags,
    the newest with a correction."""
    section = make_category(name="경제", slug="economy")
    minji = Person.objects.create(name="최민지", title="기자")
    doyun = Person.objects.create(name="김도윤", title="특파원")
    tags = [Tag.objects.create(name="반도체"), Tag.objects.create(name="수출")]
    for n in range(25):
        article = make_article(
            categories=[section], published_at=hours_ago(n + 1), body="<p>본문</p>" * 50
        )
        Byline.objects.create(article=article, person=minji, position=0)
        Byline.objects.create(article=article, person=doyun, position=1)
        article.tags.add(*tags)
    newest = article.__class__.objects.published().first()
    services.correction_add(article=newest, text="바로잡습니다.")
    return {"section": section, "person": minji, "tag": tags[0], "article": newest}


@pytest.mark.parametrize(
    "page",
    ["home", "home-older", "article", "category", "tag", "tag-older", "person", "person-feed"],
)
def test_pages_with_bylines_tags_and_corrections_run_at_most_six_queries(
    client, busy, page, django_assert_max_num_queries
):
    urls = {
        "home": "/",
        "article": busy["article"].get_absolute_url(),
        "category": busy["section"].get_absolute_url(),
        "tag": busy["tag"].get_absolute_url(),
        "person": busy["person"].get_absolute_url(),
        "person-feed": busy["person"].get_absolute_url() + "feed/",
    }
    if page.endswith("-older"):
        first = client.get(urls[page.removesuffix("-older")])
        urls[page] = urls[page.removesuffix("-older")] + (
            f"?before={first.context['page'].older_cursor}"
        )
        cache.clear()
        caches["pages"].clear()
    with django_assert_max_num_queries(6):
        response = client.get(urls[page])
    assert response.status_code == 200
    html = response.content.decode()
    if page != "person-feed":
        assert "최민지" in html and "김도윤" in html


def test_article_page_shows_bylines_tags_and_the_correction_within_the_budget(
    client, busy, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        html = client.get(busy["article"].get_absolute_url()).content.decode()
    assert "최민지</a> 기자, <a" in html and "#반도체" in html and "바로잡습니다." in html


def test_revised_at_moves_with_each_correction():
    article = make_article(published_at=hours_ago(10))
    first = services.correction_add(article=article, text="하나", at=timezone.now())
    services.correction_add(article=article, text="둘", at=first.published_at - timedelta(hours=1))
    article.refresh_from_db()
    assert article.revised_at == first.published_at  # an earlier-dated note does not move it back


def test_an_editors_change_to_a_public_story_moves_revised(client, editor):
    from django.urls import reverse

    from .factories import article_form_data

    article = make_article(published_at=hours_ago(3))
    url = reverse("admin:articles_article_change", args=[article.pk])
    client.post(url, article_form_data(article, status="published", excerpt="같은 요약"))
    article.refresh_from_db()
    assert article.revised_at is not None and article.revised_at > article.published_at
    revised = article.revised_at
    client.post(url, article_form_data(article, status="published"))  # nothing changed
    article.refresh_from_db()
    assert article.revised_at == revised
    draft = make_article(status="draft", published_at=None)
    client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        article_form_data(draft, body="<p>고친 본문</p>"),
    )
    draft.refresh_from_db()
    assert draft.revised_at is None  # nobody read it yet
