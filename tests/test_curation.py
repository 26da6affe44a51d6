"""Front-page curation (curation/): the pinned lead and the editor's picks show
only while their window is open and their article is public; the page cache
follows them."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import Article, AuditEvent
from curation.models import Placement
from curation.selectors import front_page, next_placement_change
from pagecache import store

from .factories import hours_ago, make_article, make_category, make_user

HOME = "/"


def place(article, slot=Placement.Slot.PICK, **fields):
    fields.setdefault("starts_at", hours_ago(1))
    return Placement.objects.create(article=article, slot=slot, **fields)


def lead_title(client) -> str:
    html = client.get(HOME).content.decode()
    lead = html.split('class="lead-story"', 1)[1].split("</section>", 1)[0]
    return lead


@pytest.mark.django_db
def test_the_pinned_lead_leads_the_home_page_instead_of_the_newest():
    pinned = make_article(title="고정된 머리기사", published_at=hours_ago(30))
    make_article(title="가장 최신 기사", published_at=hours_ago(1))
    place(pinned, Placement.Slot.LEAD)
    lead = lead_title(Client())
    assert "고정된 머리기사" in lead and "가장 최신 기사" not in lead


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"published_at": timezone.now() + timedelta(hours=2)},  # scheduled
        {"published_at": hours_ago(5), "expires_at": hours_ago(1)},  # embargo over
    ],
    ids=["draft", "scheduled", "expired"],
)
def test_a_placed_article_that_is_not_public_never_shows(fields):
    hidden = make_article(title="비공개 기사", **fields)
    newest = make_article(title="공개 기사")
    place(hidden, Placement.Slot.LEAD)
    place(hidden, Placement.Slot.PICK)
    html = Client().get(HOME).content.decode()
    assert "비공개 기사" not in html
    assert front_page() == (None, [])
    assert newest.title in lead_title(Client())


@pytest.mark.django_db
def test_placements_outside_their_window_do_not_show():
    article = make_article(title="창 밖의 기사")
    make_article(title="다른 기사")
    place(article, Placement.Slot.LEAD, starts_at=hours_ago(-1))
    place(article, Placement.Slot.PICK, starts_at=hours_ago(5), ends_at=hours_ago(1))
    assert front_page() == (None, [])


@pytest.mark.django_db
def test_picks_show_in_their_own_section_in_order_without_the_lead():
    lead = make_article(title="머리기사")
    first, second = make_article(title="추천 하나"), make_article(title="추천 둘")
    place(lead, Placement.Slot.LEAD)
    place(lead, Placement.Slot.PICK, position=0)
    place(second, position=2)
    place(first, position=1)
    assert front_page() == (lead.pk, [first.pk, second.pk])
    html = Client().get(HOME).content.decode()
    picks, rest = html.split('class="picks"', 1)[1].split("</section>", 1)
    assert picks.index("추천 하나") < picks.index("추천 둘")
    assert "머리기사" not in picks
    assert "추천 하나" not in rest and "추천 둘" not in rest  # each story once a page


@pytest.mark.django_db
def test_older_pages_show_no_picks_and_no_pinned_lead(settings):
    settings.PAGE_CACHE = False
    for n in range(25):
        make_article(title=f"기사 {n}", published_at=hours_ago(n + 1))
    place(make_article(title="추천 기사", published_at=hours_ago(100)))
    html = Client().get(HOME).content.decode()
    older = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    html = Client().get(older).content.decode()
    assert 'class="picks"' not in html and 'class="lead-story"' not in html


@pytest.mark.django_db
def test_the_home_page_stays_within_six_queries_with_a_lead_and_picks(
    settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    section = make_category()
    articles = [make_article(categories=[section]) for _ in range(25)]
    place(articles[-1], Placement.Slot.LEAD)
    for article in articles[5:9]:
        place(article)
    with django_assert_max_num_queries(5):  # cold: the header's categories uncached
        html = Client().get(HOME).content.decode()
    assert 'class="picks"' in html
    with django_assert_max_num_queries(4):  # warm, as almost every request finds them
        Client().get(HOME)


@pytest.mark.django_db
def test_the_page_cache_horizon_follows_a_placement_window():
    now = timezone.now()
    article = make_article()
    place(article, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=3))
    assert next_placement_change(now) == now + timedelta(hours=1)
    assert next_placement_change(now + timedelta(hours=2)) == now + timedelta(hours=3)
    assert next_placement_change(now + timedelta(hours=4)) is None
    assert store.compute_horizon(now.timestamp()) <= (now + timedelta(hours=1)).timestamp()


@pytest.mark.django_db(transaction=True)
def test_a_cached_home_page_changes_when_a_placement_opens_and_when_it_is_saved():
    now = timezone.now()
    make_article(title="최신 기사")
    pinned = make_article(title="예약된 머리기사", published_at=hours_ago(48))
    place(pinned, Placement.Slot.LEAD, starts_at=now + timedelta(minutes=30))
    reader = Client()
    reader.get(HOME)
    assert reader.get(HOME)["X-Page-Cache"] == "hit"
    assert "예약된 머리기사" not in lead_title(reader)
    with time_machine.travel(now + timedelta(minutes=31)):
        assert "예약된 머리기사" in lead_title(reader)
    Placement.objects.all().delete()  # a purge
    assert "예약된 머리기사" not in lead_title(reader)


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused_in_the_admin(client):
    editor = make_user(role="editor")
    client.force_login(editor)
    article = make_article()
    response = client.post(
        "/admin/curation/placement/add/",
        {
            "slot": "lead",
            "article": article.pk,
            "position": 0,
            "starts_at_0": "2026-12-01",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2026-12-01",
            "ends_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert not Placement.objects.exists()
    response = client.get("/admin/curation/placement/add/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_writers_cannot_place_articles(client):
    client.force_login(make_user(role="writer"))
    assert client.get("/admin/curation/placement/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("window", ["", "open", "ahead", "past"])
def test_editors_list_placements_by_time_window(client, window):
    client.force_login(make_user(role="editor"))
    shown = place(make_article(title="지금 1면"), Placement.Slot.LEAD)
    later = place(make_article(title="나중 1면"), starts_at=hours_ago(-2))
    over = place(make_article(title="지난 1면"), starts_at=hours_ago(5), ends_at=hours_ago(1))
    response = client.get("/admin/curation/placement/", {"window": window} if window else {})
    assert response.status_code == 200
    listed = {p.pk for p in response.context["cl"].result_list}
    expected = {"": {shown.pk, later.pk, over.pk}, "open": {shown.pk}, "ahead": {later.pk},
                "past": {over.pk}}[window]  # fmt: skip
    assert listed == expected


@pytest.mark.django_db
def test_an_editor_places_an_article_through_the_admin(client):
    editor = make_user(role="editor")
    client.force_login(editor)
    article = make_article(title="배치할 기사")
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "curation",
            "model_name": "placement",
            "field_name": "article",
            "term": "배치",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["배치할 기사"]
    response = client.post(
        "/admin/curation/placement/add/",
        {"slot": "lead", "article": article.pk, "position": 0,
         "starts_at_0": "2026-01-01", "starts_at_1": "00:00:00", "ends_at_0": "", "ends_at_1": ""},
    )  # fmt: skip
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.created_by == editor
    assert front_page() == (article.pk, [])

    # Placing and taking off are audited, with the slot and the window in Korean.
    url = f"/admin/curation/placement/{placement.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Placement.objects.exists()
    events = AuditEvent.objects.filter(article=article).order_by("pk")
    assert [(e.action, e.actor, e.detail) for e in events] == [
        ("placed", editor, "머리기사, 2026.01.01 00:00부터"),
        ("unplaced", editor, "머리기사, 2026.01.01 00:00부터"),
    ]
    log = client.get("/admin/articles/auditevent/").content.decode()
    assert "1면 배치" in log and "1면 배치 해제" in log
