"""People and bylines: names in Korean order, the byline convention, the data
migration from authors and byline texts, author pages and feeds, the admin."""

import importlib
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Byline
from people import names
from people.credits import Credit, byline_text
from people.models import Person
from people.services import person_for_byline, person_for_user

from .factories import (
    article_form_data,
    hours_ago,
    image_bytes,
    inline_form_data,
    make_article,
    make_user,
)

pytestmark = pytest.mark.django_db


def credited(article, *people):
    for position, person in enumerate(people):
        Byline.objects.create(article=article, person=person, position=position)
    return article


# Names


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("민지", "최", "최민지"),
        ("도윤", "김", "김도윤"),
        ("Jane", "Doe", "Jane Doe"),
        ("민지", "", "민지"),
        ("", "", "user7"),
    ],
)
def test_a_users_name_is_written_in_its_languages_order(first, last, expected):
    assert names.person_name(first, last, "user7") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("최민지 기자", [("최민지", "기자")]),
        ("홍길동·김철수 기자", [("홍길동", "기자"), ("김철수", "기자")]),
        ("홍길동, 김철수 특파원", [("홍길동", "특파원"), ("김철수", "특파원")]),
        ("홍길동 기자, 김철수 특파원", [("홍길동", "기자"), ("김철수", "특파원")]),
        ("경제부", [("경제부", "")]),
        ("Jane Doe and John Roe", [("Jane Doe", ""), ("John Roe", "")]),
        ("  ", []),
    ],
)
def test_a_printed_byline_is_read_into_names_and_titles(text, expected):
    assert names.parse_byline(text) == expected


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        ([("최민지", "기자")], "최민지 기자"),
        ([("최민지", "기자"), ("김도윤", "기자")], "최민지·김도윤 기자"),
        ([("최민지", "기자"), ("김도윤", "특파원")], "최민지 기자, 김도윤 특파원"),
        ([("경제부", "")], "경제부"),
    ],
)
def test_bylines_print_as_korean_papers_print_them(credits, expected):
    assert byline_text([Credit(name, title, "person", "") for name, title in credits]) == expected


def test_person_for_byline_finds_or_makes_one_person_per_name():
    first = person_for_byline("최민지 기자")
    assert (first.name, first.title, first.kind) == ("최민지", "기자", Person.Kind.PERSON)
    assert person_for_byline("최민지") == first
    desk = person_for_byline("Economy Desk")
    assert desk.kind == Person.Kind.ORGANIZATION
    assert person_for_byline("경제부").is_organization
    with pytest.raises(ValueError):
        person_for_byline("   ")


def test_people_with_one_name_get_their_own_addresses():
    one, two = Person.objects.create(name="김민준"), Person.objects.create(name="김민준")
    assert (one.slug, two.slug) == ("김민준", "김민준-2")
    assert one.get_absolute_url() == "/people/%EA%B9%80%EB%AF%BC%EC%A4%80/"


def test_a_person_outlives_their_account():
    user = make_user(first_name="민지", last_name="최")
    person = person_for_user(user)
    assert (person.name, person.user) == ("최민지", user)
    assert person_for_user(user) == person
    user.delete()
    person.refresh_from_db()
    assert person.user is None


def test_links_must_be_web_addresses():
    person = Person(name="최민지", links=["https://x.com/minji", "javascript:alert(1)"])
    with pytest.raises(ValidationError, match="javascript"):
        person.full_clean()


def test_a_photo_passes_the_image_policy(settings):
    person = Person(name="최민지", photo=SimpleUploadedFile("me.png", image_bytes(size=(40, 50))))
    person.save()
    assert person.photo.name.startswith("people/") and person.photo.name.endswith(".png")
    assert (person.photo_width, person.photo_height) == (40, 50)
    refused = Person(name="김도윤", photo=SimpleUploadedFile("x.png", b"<svg></svg>"))
    with pytest.raises(ValidationError):
        refused.save()


# The data migration


def test_the_migration_turns_authors_and_byline_texts_into_people():
    migration = importlib.import_module("articles.migrations.0014_bylines_corrections")
    owner = make_user(first_name="민지", last_name="최")
    by_user = make_article(author=owner)
    by_text = make_article(author=owner, byline="홍길동·김철수 기자")
    desk = make_article(byline="Economy Desk")
    nobody = make_article()
    migration.make_bylines(django_apps, None)

    def printed(article):
        return [
            (b.person.name, b.person.title, b.person.kind)
            for b in article.bylines.select_related("person")
        ]

    assert printed(by_user) == [("최민지", "", "person")]
    assert Person.objects.get(name="최민지").user == owner
    assert printed(by_text) == [("홍길동", "기자", "person"), ("김철수", "기자", "person")]
    assert printed(desk) == [("Economy Desk", "", "organization")]
    assert printed(nobody) == []
    assert Person.objects.filter(name="민지 최").count() == 0


# Pages


def test_the_article_links_each_byline_to_its_author_page(client):
    minji = Person.objects.create(name="최민지", title="기자")
    doyun = Person.objects.create(name="김도윤", title="특파원")
    article = credited(make_article(), minji, doyun)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<a href="{minji.get_absolute_url()}" rel="author">최민지</a> 기자, '
        f'<a href="{doyun.get_absolute_url()}" rel="author">김도윤</a> 특파원'
    ) in html


def test_the_author_page_shows_the_profile_and_only_public_articles(client):
    minji = Person.objects.create(
        name="최민지",
        title="기자",
        bio="반도체를 취재합니다.",
        email="minji@example.com",
        links=["https://x.com/minji"],
    )
    public = credited(make_article(title="공개 기사"), minji)
    credited(make_article(title="초안 기사", status=Article.Status.DRAFT), minji)
    credited(make_article(title="예약 기사", published_at=hours_ago(-2)), minji)
    make_article(title="남의 기사")
    response = client.get(minji.get_absolute_url())
    html = response.content.decode()
    assert response.context["article_list"] == [public]
    assert '<h1>최민지 <span class="person-title">기자</span></h1>' in html
    assert "반도체를 취재합니다." in html and 'href="mailto:minji@example.com"' in html
    assert 'href="https://x.com/minji" rel="me noopener"' in html
    for hidden in ("초안 기사", "예약 기사", "남의 기사"):
        assert hidden not in html


def test_the_author_page_describes_the_person_for_search_engines(client, settings):
    settings.SITE_URL = "https://news.example.com"
    minji = Person.objects.create(
        name="최민지", title="기자", bio="반도체 담당", links=["https://x.com/minji"]
    )
    html = client.get(minji.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"] == {
        "@type": "Person",
        "name": "최민지",
        "url": "https://news.example.com" + minji.get_absolute_url(),
        "jobTitle": "기자",
        "description": "반도체 담당",
        "sameAs": ["https://x.com/minji"],
    }
    desk = Person.objects.create(name="경제부", kind=Person.Kind.ORGANIZATION, title="데스크")
    html = client.get(desk.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["mainEntity"]["@type"] == "Organization" and "jobTitle" not in data["mainEntity"]


def test_a_departed_reporters_page_stays(client):
    person = person_for_user(make_user(first_name="민지", last_name="최"))
    credited(make_article(), person)
    person.user.delete()
    Person.objects.filter(pk=person.pk).update(is_active=False)
    assert client.get(person.get_absolute_url()).status_code == 200


def test_author_pages_page_by_cursor(client):
    minji = Person.objects.create(name="최민지")
    for n in range(25):
        credited(make_article(title=f"기사 {n}", published_at=hours_ago(n + 1)), minji)
    first = client.get(minji.get_absolute_url())
    assert len(first.context["article_list"]) == 20
    older = first.context["page"].older_cursor
    second = client.get(minji.get_absolute_url() + f"?before={older}")
    titles = [article.title for article in second.context["article_list"]]
    assert titles == [f"기사 {n}" for n in range(20, 25)]


@pytest.mark.parametrize("url", ["/people/nobody/", "/people/nobody/feed/", "/people/%00/"])
def test_unknown_people_are_404(client, url):
    assert client.get(url).status_code == 404


def test_the_author_feed_is_atom_with_public_articles_only(client):
    minji = Person.objects.create(name="최민지", title="기자")
    credited(make_article(title="공개 기사"), minji)
    credited(make_article(title="초안 기사", status=Article.Status.DRAFT), minji)
    response = client.get(reverse("articles:person_feed", kwargs={"slug": minji.slug}))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("atom:title", namespaces=ns) for e in root.findall("atom:entry", ns)] == [
        "공개 기사"
    ]
    assert root.find("atom:entry/atom:author/atom:name", ns).text == "최민지 기자"


def test_cards_print_the_byline(client):
    minji = Person.objects.create(name="최민지", title="기자")
    doyun = Person.objects.create(name="김도윤", title="기자")
    credited(make_article(), minji, doyun)
    html = client.get("/").content.decode()
    assert '<span class="card-byline">최민지·김도윤 기자</span>' in html


# Admin


def test_editors_credit_people_in_order_in_the_admin(client, editor):
    minji = Person.objects.create(name="최민지", title="기자")
    doyun = Person.objects.create(name="김도윤", title="기자")
    article = make_article()
    data = article_form_data(article) | inline_form_data(article, bylines=[doyun, minji])
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [c.name for c in Article.objects.get(pk=article.pk).credits] == ["김도윤", "최민지"]


def test_the_same_person_is_credited_once(client, editor):
    minji = Person.objects.create(name="최민지")
    article = make_article()
    data = article_form_data(article) | inline_form_data(article, bylines=[minji, minji])
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert not article.bylines.exists()


def test_a_new_article_with_no_byline_credits_its_owners_profile(client, editor):
    editor.first_name, editor.last_name = "민지", "최"
    editor.save()
    response = client.post(reverse("admin:articles_article_add"), article_form_data())
    assert response.status_code == 302
    assert [c.name for c in Article.objects.get().credits] == ["최민지"]


def test_writers_find_people_for_bylines(client, writer):
    Person.objects.create(name="최민지")
    Person.objects.create(name="최민호", is_active=False)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "최",
            "app_label": "articles",
            "model_name": "byline",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["최민지"]


def test_the_person_admin_searches_and_filters(client, editor):
    Person.objects.create(name="최민지", title="기자")
    Person.objects.create(name="경제부", kind=Person.Kind.ORGANIZATION)
    url = reverse("admin:people_person_changelist")
    assert "최민지" in client.get(url, {"q": "민지"}).content.decode()
    html = client.get(url, {"kind__exact": "organization"}).content.decode()
    assert "경제부" in html and "최민지" not in html


def test_the_person_form_takes_links_one_a_line(client, editor):
    response = client.post(
        reverse("admin:people_person_add"),
        {
            "name": "최민지",
            "kind": "person",
            "title": "기자",
            "slug": "",
            "links": "https://x.com/minji\n\nhttps://instagram.com/minji",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.get().links == ["https://x.com/minji", "https://instagram.com/minji"]
    bad = client.post(
        reverse("admin:people_person_add"),
        {"name": "김도윤", "kind": "person", "links": "ftp://x", "is_active": "on"},
    )
    assert bad.status_code == 200 and not Person.objects.filter(name="김도윤").exists()


def test_writers_credit_people_on_their_own_drafts(client, writer):
    minji = Person.objects.create(name="최민지", title="기자")
    article = make_article(author=writer, status=Article.Status.DRAFT, published_at=None)
    data = article_form_data(article) | inline_form_data(article, bylines=[minji])
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [c.name for c in Article.objects.get(pk=article.pk).credits] == ["최민지"]
