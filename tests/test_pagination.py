"""Listings page by cursor ("newer"/"older"), never count the archive, and keep
old ?page=N addresses working, read from the nearer end."""

import re
from html import unescape

import pytest

from articles.pagination import PAGE_SIZE, decode_cursor, encode_cursor

from .factories import hours_ago, make_article, make_category

pytestmark = pytest.mark.django_db

TOTAL = 2 * PAGE_SIZE + 5  # three pages: 20, 20, 5


@pytest.fixture
def section():
    category = make_category(name="경제", slug="economy")
    # Two articles share one instant: the cursor must still split them exactly.
    same = hours_ago(30)
    for n in range(TOTAL):
        make_article(
            title=f"기사 {n:02d}",
            categories=[category],
            published_at=same if n in (PAGE_SIZE - 1, PAGE_SIZE) else hours_ago(n),
        )
    return category


def titles(response):
    return [article.title for article in response.context["article_list"]]


def link(response, rel):
    match = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize("path", ["/", "/category/economy/", "/archive/"])
def test_older_and_newer_links_walk_every_article_once(client, section, path):
    seen, response = [], client.get(path)
    pages = [titles(response)]
    while older := link(response, "next"):
        response = client.get(path + older)
        assert response.status_code == 200
        pages.append(titles(response))
    seen = [title for page in pages for title in page]
    assert len(pages) == 3 and [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert len(seen) == len(set(seen)) == TOTAL
    # And back: "newer" from the last page gives the pages in reverse.
    for expected in reversed(pages[:-1]):
        response = client.get(path + link(response, "prev"))
        assert titles(response) == expected
    assert link(response, "prev") is None


def test_the_lead_story_is_only_on_the_first_page(client, section):
    assert 'class="lead-story"' in client.get("/").content.decode()
    older = link(client.get("/"), "next")
    assert 'class="lead-story"' not in client.get("/" + older).content.decode()


@pytest.mark.parametrize("path", ["/", "/category/economy/"])
def test_legacy_page_numbers_give_the_same_pages(client, section, path):
    first = titles(client.get(path))
    second = titles(client.get(path + link(client.get(path), "next")))
    assert titles(client.get(f"{path}?page=1")) == first
    assert titles(client.get(f"{path}?page=2")) == second
    last = client.get(f"{path}?page=3")  # read from the oldest end
    assert titles(last) == [f"기사 {n:02d}" for n in range(2 * PAGE_SIZE, TOTAL)]
    assert link(last, "next") is None and link(last, "prev")
    assert client.get(f"{path}?page=4").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "before=abc",
        "after=%00",
        "before=" + "A" * 500,
        "before=MTIzNDU",
        "after=OTk5OTk5OTk5OTk5OTk5OTk5OTkuMQ",
    ],
)
def test_garbage_cursors_are_a_404_not_a_500(client, section, query):
    assert client.get(f"/?{query}").status_code == 404


@pytest.mark.parametrize("pk", [2**63, 10**30, -1])
@pytest.mark.parametrize("path", ["/", "/category/economy/", "/archive/"])
@pytest.mark.parametrize("direction", ["before", "after"])
def test_cursors_with_ids_no_row_can_have_are_a_404(client, section, path, direction, pk):
    # Found by tests/test_fuzz.py: an id past 64 bits reached SQLite, which
    # cannot bind it (OverflowError, a 500 on the category page).
    cursor = encode_cursor(hours_ago(1), pk)
    assert client.get(f"{path}?{direction}={cursor}").status_code == 404


def test_a_cursor_round_trips_to_the_microsecond():
    when = hours_ago(1.2345)
    assert decode_cursor(encode_cursor(when, 42)) == (when, 42)


def test_a_deep_page_runs_the_same_queries_as_the_first(
    client, section, django_assert_max_num_queries
):
    response = client.get("/category/economy/")
    while older := link(response, "next"):
        with django_assert_max_num_queries(4):
            response = client.get("/category/economy/" + older)
