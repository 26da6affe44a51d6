"""The page cache (pagecache/): hits cost no query, and no page is ever stale.

The staleness tests change content the way editors do (the admin, the
services, the importer, time passing) on real commits (transactional tests),
and check every surface a reader had cached before."""

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles import selectors, services
from articles.models import Article, Byline, Category
from pagecache import store
from people.models import Person

from . import pagecache_urls
from .factories import article_form_data, make_article, make_category, make_user

HOME = "/"
FEED = "/feed/"


@pytest.fixture
def reader():
    """An anonymous reader (no cookies at all)."""
    return Client()


@pytest.fixture
def section(db):
    return make_category(name="경제", slug="economy")


def midday():
    """Today at noon in Seoul: a start for time-travel tests that no horizon at
    local midnight (when every cached page ends) can cut short."""
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)


def get(client, url, **headers):
    return client.get(url, headers=headers)


def cached(client, url) -> str:
    """Ask twice: the second answer must come from the cache. Its text."""
    get(client, url)
    response = get(client, url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def page(client, url) -> str:
    response = get(client, url)
    assert response.status_code == 200, url
    return response.content.decode()


def change_form(client, article, **overrides):
    article.refresh_from_db()
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, **overrides),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


# What a hit costs


@pytest.mark.django_db
def test_a_hit_runs_no_query_and_renders_nothing(reader, section, django_assert_num_queries):
    article = make_article(title="캐시된 기사", categories=[section])
    first = get(reader, article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    for method in (reader.get, reader.head):
        with django_assert_num_queries(0):
            again = method(article.get_absolute_url())
        assert again["X-Page-Cache"] == "hit"
        assert again.status_code == 200
    with django_assert_num_queries(0):
        again = get(reader, article.get_absolute_url())
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_miss_adds_one_query_per_generation(reader, section, settings):
    article = make_article(categories=[section])

    def queries(url, *, page_cache):
        settings.PAGE_CACHE = page_cache
        cache.clear()  # the header's categories: each measure reads them
        with CaptureQueriesContext(connection) as context:
            get(reader, url)
        return len(context)

    article_uncached = queries(article.get_absolute_url(), page_cache=False)
    home_uncached = queries(HOME, page_cache=False)
    # The horizon (the next scheduled change) is asked once per generation.
    assert queries(article.get_absolute_url(), page_cache=True) == article_uncached + 1
    assert queries(HOME, page_cache=True) == home_uncached


# No page is stale after any kind of change (real commits)


@pytest.mark.django_db(transaction=True)
def test_an_edit_shows_everywhere(client, reader, section):
    client.force_login(make_user(role="editor"))
    article = make_article(title="옛 제목", slug="story", categories=[section])
    urls = [HOME, article.get_absolute_url(), section.get_absolute_url(), FEED, "/sitemap.xml"]
    for url in urls[:4]:
        assert "옛 제목" in cached(reader, url)
    cached(reader, urls[4])

    change_form(client, article, title="새 제목")

    for url in urls[:4]:
        html = page(reader, url)
        assert "새 제목" in html and "옛 제목" not in html, url
    assert get(reader, urls[4])["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_publishing_and_unpublishing_show_at_once(reader, section):
    editor = make_user(role="editor")
    article = make_article(
        title="발행 기사", status=Article.Status.DRAFT, published_at=None, categories=[section]
    )
    for url in (HOME, section.get_absolute_url(), FEED):
        assert "발행 기사" not in cached(reader, url)
    get(reader, article.get_absolute_url())
    assert get(reader, article.get_absolute_url()).status_code == 404  # cached 404

    services.article_publish(article=article, actor=editor)

    for url in (HOME, section.get_absolute_url(), FEED):
        assert "발행 기사" in page(reader, url), url
    assert "발행 기사" in cached(reader, article.get_absolute_url())

    services.article_unpublish(article=article)

    for url in (HOME, section.get_absolute_url(), FEED):
        assert "발행 기사" not in page(reader, url), url
    assert get(reader, article.get_absolute_url()).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_article_appears_on_time_without_a_purge(reader, section):
    start = midday()
    with time_machine.travel(start, tick=False):
        make_article(title="오래된 기사", categories=[section], published_at=start - timedelta(1))
        article = services.article_schedule(
            article=make_article(status=Article.Status.DRAFT, published_at=None, title="예약"),
            at=start + timedelta(minutes=5),
        )
        article.categories.set([section])
        for url in (HOME, section.get_absolute_url(), FEED):
            assert "예약" not in cached(reader, url)
        get(reader, article.get_absolute_url())
        response = get(reader, article.get_absolute_url())
        assert (response.status_code, response["X-Page-Cache"]) == (404, "hit")
        # Kept by a CDN no longer than until the publication, not served stale past it.
        assert "s-maxage=60, stale-while-revalidate=30" in get(reader, HOME)["Cache-Control"]

    with time_machine.travel(start + timedelta(minutes=4, seconds=50), tick=False):
        response = get(reader, HOME)
        assert response["X-Page-Cache"] == "hit"
        assert "s-maxage=10, stale-while-revalidate=0" in response["Cache-Control"]

    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        for url in (HOME, section.get_absolute_url(), FEED, article.get_absolute_url()):
            assert "예약" in page(reader, url), url


@pytest.mark.django_db(transaction=True)
def test_an_embargo_end_takes_the_article_off_on_time(reader, section):
    start = midday()
    with time_machine.travel(start, tick=False):
        article = make_article(
            title="엠바고 기사", categories=[section], expires_at=start + timedelta(minutes=3)
        )
        for url in (HOME, section.get_absolute_url(), FEED, article.get_absolute_url()):
            assert "엠바고 기사" in cached(reader, url)
    with time_machine.travel(start + timedelta(minutes=3), tick=False):
        for url in (HOME, section.get_absolute_url(), FEED):
            assert "엠바고 기사" not in page(reader, url), url
        assert get(reader, article.get_absolute_url()).status_code == 410


@pytest.mark.django_db(transaction=True)
def test_approving_a_category_shows_it_and_its_articles(reader):
    moderator = make_user(role="moderator")
    proposal = make_category(name="신설 분야", slug="new-desk", status=Category.Status.PROPOSED)
    make_article(title="보류 기사", categories=[proposal])
    assert "보류 기사" not in cached(reader, HOME)
    assert "new-desk" not in cached(reader, HOME)  # not in the header either
    get(reader, proposal.get_absolute_url())
    assert get(reader, proposal.get_absolute_url()).status_code == 404

    services.category_approve(category=proposal, actor=moderator)

    html = page(reader, HOME)
    assert "보류 기사" in html and "/category/new-desk/" in html
    assert "보류 기사" in page(reader, proposal.get_absolute_url())


@pytest.mark.django_db(transaction=True)
def test_merging_a_category_redirects_it_and_moves_its_articles(reader):
    source = make_category(name="옛 분야", slug="old-desk")
    target = make_category(name="새 분야", slug="new-desk")
    article = make_article(title="이동 기사", categories=[source])
    assert "이동 기사" in cached(reader, source.get_absolute_url())
    assert "이동 기사" not in cached(reader, target.get_absolute_url())
    assert "옛 분야" in cached(reader, article.get_absolute_url())
    cached(reader, "/category/old-desk/feed/")

    services.category_merge(source=source, target=target)

    response = get(reader, source.get_absolute_url())
    assert (response.status_code, response["Location"]) == (301, target.get_absolute_url())
    assert get(reader, "/category/old-desk/feed/")["Location"] == "/category/new-desk/feed/"
    assert "이동 기사" in page(reader, target.get_absolute_url())
    html = page(reader, article.get_absolute_url())
    assert "새 분야" in html and "옛 분야" not in html


@pytest.mark.django_db(transaction=True)
def test_retiring_a_category_answers_410_and_hides_its_only_articles(reader):
    desk = make_category(name="폐지 분야", slug="closing-desk")
    make_article(title="폐지 기사", categories=[desk])
    assert "폐지 기사" in cached(reader, desk.get_absolute_url())
    assert "/category/closing-desk/" in cached(reader, HOME)

    services.category_retire(category=desk)

    assert get(reader, desk.get_absolute_url()).status_code == 410
    html = page(reader, HOME)
    assert "폐지 기사" not in html and "/category/closing-desk/" not in html


@pytest.mark.django_db(transaction=True)
def test_renaming_a_category_shows_in_the_header_at_once(reader):
    desk = make_category(name="옛 이름")
    make_article(categories=[desk])
    assert "옛 이름" in cached(reader, HOME)
    desk.name = "새 이름"
    desk.save()  # not a moderation service: only the purge forgets the header's categories
    html = page(reader, HOME)
    assert "새 이름" in html and "옛 이름" not in html


@pytest.mark.django_db(transaction=True)
def test_renaming_a_slug_redirects_the_cached_old_address(client, reader, section):
    client.force_login(make_user(role="editor"))
    article = make_article(title="주소 변경", slug="old-address", categories=[section])
    assert "주소 변경" in cached(reader, "/articles/old-address/")
    assert "/articles/old-address/" in cached(reader, HOME)
    get(reader, "/articles/new-address/")  # a 404, cached

    change_form(client, article, slug="new-address")

    response = get(reader, "/articles/old-address/")
    assert (response.status_code, response["Location"]) == (301, "/articles/new-address/")
    assert "주소 변경" in page(reader, "/articles/new-address/")
    assert "/articles/new-address/" in page(reader, HOME)


@pytest.mark.django_db(transaction=True)
def test_deleting_an_article_removes_it_everywhere(client, reader, section):
    client.force_login(make_user(superuser=True))
    article = make_article(title="삭제 기사", categories=[section])
    for url in (HOME, FEED, section.get_absolute_url(), article.get_absolute_url()):
        assert "삭제 기사" in cached(reader, url)

    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not Article.objects.exists()

    for url in (HOME, FEED, section.get_absolute_url()):
        assert "삭제 기사" not in page(reader, url)
    assert get(reader, article.get_absolute_url()).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_an_import_shows_new_and_changed_posts(reader, tmp_path):
    post = tmp_path / "2024-06-01-import.md"
    post.write_text("---\ntitle: 첫 가져오기\nslug: imported\n---\n본문\n", encoding="utf-8")
    assert "첫 가져오기" not in cached(reader, HOME)
    call_command("import_posts", str(post), stdout=open(os.devnull, "w"))
    assert "첫 가져오기" in cached(reader, HOME)
    assert "첫 가져오기" in cached(reader, "/articles/imported/")

    post.write_text("---\ntitle: 고친 가져오기\nslug: imported\n---\n본문\n", encoding="utf-8")
    call_command("import_posts", str(post), stdout=open(os.devnull, "w"))
    for url in (HOME, "/articles/imported/"):
        html = page(reader, url)
        assert "고친 가져오기" in html and "첫 가져오기" not in html


@pytest.mark.django_db(transaction=True)
def test_a_persons_new_name_shows_in_the_byline(reader):
    person = Person.objects.create(name="홍길동", title="기자")
    article = make_article()
    Byline.objects.create(article=article, person=person)
    assert "홍길동" in cached(reader, article.get_absolute_url())
    person.name = "홍철수"
    person.save()
    assert "홍철수" in page(reader, article.get_absolute_url())
    # An admin account is not a byline: its changes (a login) keep the cache.
    cached(reader, HOME)
    make_user().save(update_fields=["last_login"])
    assert get(reader, HOME)["X-Page-Cache"] == "hit"


# How purges follow transactions


@pytest.mark.django_db(transaction=True)
def test_a_purge_waits_for_the_commit_and_a_rollback_keeps_the_cache(reader):
    article = make_article(title="트랜잭션")
    cached(reader, HOME)
    before = store.current_generation()
    store._state["touched"] = False  # no page read in this transaction
    with transaction.atomic():
        article.title = "커밋 전"
        article.save()
        assert store.current_generation() == before  # nothing committed yet
    assert store.current_generation() != before
    assert "커밋 전" in page(reader, HOME)

    cached(reader, HOME)
    kept = store.current_generation()
    store._state["touched"] = False
    with transaction.atomic():
        article.title = "되돌림"
        article.save()
        transaction.set_rollback(True)
    assert store.current_generation() == kept
    assert get(reader, HOME)["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_many_changes_in_one_transaction_bump_once_at_commit(monkeypatch):
    bumps = []
    monkeypatch.setattr(store, "bump", lambda cache=None: bumps.append(1))
    store._state["touched"] = False
    with transaction.atomic():
        for n in range(5):
            make_article(title=f"묶음 {n}")
        assert bumps == []
    assert bumps == [1]


@pytest.mark.django_db
def test_a_purge_from_another_process_reaches_this_one(reader, settings):
    make_article(title="다른 프로세스")
    cached(reader, HOME)
    env = {
        **os.environ,
        "PAGE_CACHE_GENERATION_FILE": settings.PAGE_CACHE_GENERATION_FILE,
        "DEBUG": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "purge_pages"],
        cwd=django_settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )
    assert get(reader, HOME)["X-Page-Cache"] == "miss"


# Who never gets (or fills) the cache


@pytest.mark.django_db
def test_staff_get_fresh_private_pages_and_never_fill_the_cache(client, reader, section):
    client.force_login(make_user(role="editor"))
    article = make_article(title="원래 제목", categories=[section])
    for _ in range(2):
        response = get(client, article.get_absolute_url())
        assert response["X-Page-Cache"] == "bypass"
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
    assert get(reader, article.get_absolute_url())["X-Page-Cache"] == "miss"

    # A write that sends no signal (and so no purge): readers keep the cached
    # page, staff see the database.
    Article.objects.filter(pk=article.pk).update(title="바뀐 제목")
    assert "원래 제목" in cached(reader, article.get_absolute_url())
    assert "바뀐 제목" in page(client, article.get_absolute_url())


@pytest.mark.django_db
def test_a_preview_is_never_cached(client, reader):
    client.force_login(make_user(role="editor"))
    draft = make_article(title="미리보기", status=Article.Status.DRAFT, published_at=None)
    for _ in range(2):
        response = get(client, draft.get_absolute_url())
        assert "preview-banner" in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    assert get(reader, draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_any_session_cookie_bypasses_the_cache(reader):
    make_article()
    cached(reader, HOME)
    reader.cookies[django_settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = get(reader, HOME)
    assert response["X-Page-Cache"] == "bypass" and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_other_cookies_share_the_anonymous_page(reader):
    make_article()
    cached(reader, HOME)
    reader.cookies["csrftoken"] = "x" * 32
    reader.cookies["_ga"] = "GA1.1.1"
    assert get(reader, HOME)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache_urls")
@pytest.mark.parametrize(
    ("url", "view"),
    [
        ("/t/cookie/", "cookie"),
        ("/t/csrf/", "csrf"),
        ("/t/never/", "never"),
        ("/t/vary/", "vary"),
        ("/t/fails/", "error"),
    ],
)
def test_responses_with_cookies_or_private_headers_are_not_stored(reader, settings, url, view):
    settings.PAGE_CACHE_NAMESPACES = ["articles", "pagecache_test"]
    pagecache_urls.calls.clear()
    first, second = get(reader, url), get(reader, url)
    assert pagecache_urls.calls[view] == 2
    assert "X-Page-Cache" not in second
    if view in ("cookie", "csrf"):
        assert first.cookies and second.cookies


@pytest.mark.django_db
@pytest.mark.urls("tests.pagecache_urls")
def test_only_pages_in_the_public_namespaces_are_stored(reader, settings):
    pagecache_urls.calls.clear()
    get(reader, "/t/plain/")
    assert "X-Page-Cache" not in get(reader, "/t/plain/")
    assert pagecache_urls.calls["plain"] == 2
    settings.PAGE_CACHE_NAMESPACES = ["articles", "pagecache_test"]
    cached(reader, "/t/plain/")
    assert pagecache_urls.calls["plain"] == 3


@pytest.mark.django_db
def test_pages_outside_the_public_urls_are_not_stored(reader):
    for _ in range(2):
        response = get(reader, "/no-such-page/")
        assert response.status_code == 404 and "X-Page-Cache" not in response
        response = get(reader, reverse("admin:login"))
        assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_page_cache_off_caches_nothing(reader, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE = False
    make_article(title="끔")
    for _ in range(2):
        response = get(reader, HOME)
        assert "X-Page-Cache" not in response and "ETag" not in response
        assert "public" not in response.get("Cache-Control", "")
    with django_assert_max_num_queries(6):
        get(reader, HOME)


# Languages, headers, conditional requests


@pytest.mark.django_db
def test_each_language_is_a_page_of_its_own(reader):
    make_article()
    korean = cached(reader, HOME)
    english = get(reader, HOME, accept_language="en")
    assert english["X-Page-Cache"] == "miss"
    assert "최신" in korean and "Latest" in english.content.decode()
    assert get(reader, HOME, accept_language="en")["X-Page-Cache"] == "hit"
    assert english["Content-Language"] == "en"
    # The language cookie chooses as LocaleMiddleware does.
    reader.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = get(reader, HOME)
    assert (response["X-Page-Cache"], response["Content-Language"]) == ("hit", "en")


@pytest.mark.django_db
def test_cached_pages_vary_on_language_not_cookies_and_suit_a_cdn(reader):
    make_article()
    for outcome in ("miss", "hit"):
        response = get(reader, HOME)
        assert response["X-Page-Cache"] == outcome
        assert response["Vary"] == "Accept-Language"
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
        )
        assert "Set-Cookie" not in response and not response.cookies
        assert response["ETag"]
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response
        assert response["X-Content-Type-Options"] == "nosniff"  # added outside the cache


@pytest.mark.django_db
def test_conditional_requests_get_304_on_hits_and_misses(reader, section):
    start = midday()
    with time_machine.travel(start, tick=False):
        article = make_article(title="조건부", categories=[section])
        url = article.get_absolute_url()
        first = get(reader, url)
        # Served in the second its content changed: no Last-Modified yet.
        assert "Last-Modified" not in first
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        response = get(reader, url)
        etag, modified = response["ETag"], response["Last-Modified"]
        assert etag == first["ETag"] and modified == http_date(start.timestamp())

        hit = get(reader, url, if_none_match=etag)
        assert (hit.status_code, hit["X-Page-Cache"], hit["ETag"]) == (304, "hit", etag)
        assert hit.content == b"" and hit["Cache-Control"].startswith("public")
        assert get(reader, url, if_modified_since=modified).status_code == 304
        assert get(reader, url, if_none_match='"other"').status_code == 200

        caches["pages"].clear()
        miss = get(reader, url, if_none_match=etag)
        assert (miss.status_code, miss["X-Page-Cache"]) == (304, "miss")

        article.title = "조건부 수정"
        article.save()
        changed = get(reader, url, if_none_match=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag
        assert get(reader, url, if_modified_since=modified).status_code == 200


@pytest.mark.django_db
def test_last_modified_never_predates_a_change_to_the_sitemap(reader):
    """Django's sitemap sends its newest item's time as Last-Modified; after an
    article is removed that would answer If-Modified-Since wrongly with 304."""
    start = midday()
    with time_machine.travel(start, tick=False):
        make_article(title="남는 기사")
        gone = make_article(title="지울 기사")
        get(reader, "/sitemap.xml")
    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        modified = get(reader, "/sitemap.xml")["Last-Modified"]
        gone.delete()
        response = get(reader, "/sitemap.xml", if_modified_since=modified)
        assert response.status_code == 200 and "지울" not in response.content.decode()


# The horizon


@pytest.mark.django_db
def test_next_visibility_change_is_the_nearest_publication_or_embargo_end():
    now = timezone.now()
    assert selectors.next_visibility_change(now) is None
    make_article(published_at=now + timedelta(hours=3))
    make_article(published_at=now - timedelta(hours=1), expires_at=now + timedelta(hours=2))
    make_article(status=Article.Status.DRAFT, published_at=now + timedelta(minutes=5))
    make_article(status=Article.Status.DRAFT, expires_at=now + timedelta(minutes=5))
    make_article(published_at=now - timedelta(hours=1), expires_at=now - timedelta(minutes=5))
    assert selectors.next_visibility_change(now) == now + timedelta(hours=2)
    assert selectors.next_visibility_change(now + timedelta(hours=2)) == now + timedelta(hours=3)
    assert selectors.next_visibility_change(now + timedelta(hours=3)) is None


@pytest.mark.django_db
def test_no_page_outlives_the_day_it_shows(reader):
    start = timezone.localtime().replace(hour=23, minute=59, second=30, microsecond=0)
    with time_machine.travel(start, tick=False):
        make_article()
        cached(reader, HOME)
        assert "s-maxage=30" in get(reader, HOME)["Cache-Control"]
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert get(reader, HOME)["X-Page-Cache"] == "miss"


# A CDN in front


class _PurgeReceiver(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Authorization"], json.loads(body)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = HTTPServer(("127.0.0.1", 0), _PurgeReceiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _PurgeReceiver.received = []
    settings.PAGE_CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    settings.PAGE_CACHE_PURGE_AUTHORIZATION = "Bearer token"
    yield _PurgeReceiver.received
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_purges_the_cdn_once(cdn):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    cdn.clear()
    services.article_publish(article=article)
    assert cdn == [("/purge", "Bearer token", {"purge_everything": True})]
    with transaction.atomic():
        article.title = "롤백"
        article.save()
        transaction.set_rollback(True)
    assert len(cdn) == 1


# A shared cache: Redis


def _redis_reachable() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_pages(settings):
    if not _redis_reachable():
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "pages-test",
        },
    }
    caches["pages"].clear()
    store._last_generation.clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.mark.django_db(transaction=True)
def test_redis_hits_take_one_round_trip_and_purges_reach_them(
    reader, section, redis_pages, monkeypatch, django_assert_num_queries
):
    article = make_article(title="레디스", categories=[section])
    assert "레디스" in cached(reader, article.get_absolute_url())
    trips = []
    for name in ("get", "get_many"):
        original = getattr(type(redis_pages), name)

        def counted(self, *args, _name=name, _original=original, **kwargs):
            trips.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(type(redis_pages), name, counted)
    with django_assert_num_queries(0):
        assert get(reader, article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert trips == ["get_many"]
    monkeypatch.undo()

    services.article_unpublish(article=article)
    assert get(reader, article.get_absolute_url()).status_code == 404
    assert "레디스" not in page(reader, HOME)


# System checks


def test_the_checks_want_the_alias_and_the_middleware_in_place(settings, tmp_path):
    from pagecache.checks import MIDDLEWARE, check_page_cache

    assert check_page_cache() == []
    order = list(settings.MIDDLEWARE)
    order.remove(MIDDLEWARE)
    settings.MIDDLEWARE = [*order, MIDDLEWARE]
    assert [error.id for error in check_page_cache()] == ["pagecache.E003"]
    settings.MIDDLEWARE = order
    assert [error.id for error in check_page_cache()] == ["pagecache.E002"]
    settings.PAGE_CACHE_GENERATION_FILE = "/proc/no/such/file"
    settings.CACHES = {"default": settings.CACHES["default"]}
    assert [error.id for error in check_page_cache()] == ["pagecache.E001", "pagecache.E002"]
    settings.PAGE_CACHE = False
    assert check_page_cache() == []


def test_the_check_wants_a_writable_generation_file(settings, tmp_path):
    from pagecache.checks import check_page_cache

    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "new" / "folders" / "pages.generation")
    assert check_page_cache() == []
    (tmp_path / "a-file").write_text("")
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "a-file" / "pages.generation")
    assert [error.id for error in check_page_cache()] == ["pagecache.E004"]
