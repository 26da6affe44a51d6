"""Most read (readership/): views counted by the article page's beacon, in the
database or in Redis; bots, repeats and non-public articles are not counted;
the article page itself runs no query for it."""

import os
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from readership import counters, selectors
from readership.counters import TODAY, WEEK, DatabaseCounter, RedisCounter, local_today
from readership.models import DailyViews

from .factories import hours_ago, make_article, make_category

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
REDIS_URL = os.environ.get("READERSHIP_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def reader(address="203.0.113.7", agent=BROWSER) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)


def beacon(client, article) -> int:
    return client.post(reverse("readership:view", args=[article.pk])).status_code


@pytest.fixture
def database_counter(settings):
    settings.READERSHIP_REDIS_URL = ""
    counters.counter.cache_clear()
    yield
    counters.counter.cache_clear()


@pytest.fixture
def redis_counter(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.READERSHIP_REDIS_URL = REDIS_URL
    counters.counter.cache_clear()
    yield
    redis.Redis.from_url(REDIS_URL).flushdb()
    counters.counter.cache_clear()


@pytest.fixture(params=["database", "redis"])
def store(request):
    request.getfixturevalue(f"{request.param}_counter")
    return request.param


@pytest.mark.django_db
def test_a_readers_view_is_counted_once_without_a_cookie(store):
    article = make_article()
    client = reader()
    response = client.post(reverse("readership:view", args=[article.pk]))
    assert response.status_code == 204
    assert not response.cookies
    assert beacon(client, article) == 204  # the same reader again
    assert beacon(reader(address="198.51.100.2"), article) == 204
    top = counters.counter().most_read(local_today(), 5)
    assert [a.pk for a in top[TODAY]] == [article.pk] == [a.pk for a in top[WEEK]]
    if store == "database":
        assert DailyViews.objects.get().views == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agent",
    ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "Mozilla/5.0 HeadlessChrome/131",
     "facebookexternalhit/1.1", "curl/8.5.0", "Mozilla/5.0 (compatible; Yeti/1.1; +http://naver.me/spd)"],
)  # fmt: skip
def test_bots_are_not_counted(database_counter, agent):
    article = make_article()
    assert beacon(reader(agent=agent), article) == 204
    assert not DailyViews.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [{"status": Article.Status.DRAFT, "published_at": None},
     {"published_at": hours_ago(-2)}, {"expires_at": hours_ago(0.5)}],
    ids=["draft", "scheduled", "expired"],
)  # fmt: skip
def test_articles_readers_cannot_see_are_not_counted(database_counter, fields):
    article = make_article(**fields)
    assert beacon(reader(), article) == 204
    assert not DailyViews.objects.exists()


@pytest.mark.django_db
def test_only_post_counts_and_unknown_articles_are_ignored(database_counter, client):
    assert client.get(reverse("readership:view", args=[1])).status_code == 405
    assert reader().post("/readership/view/999999/").status_code == 204
    assert reader().post("/readership/view/abc/").status_code == 404
    assert not DailyViews.objects.exists()


@pytest.mark.django_db
def test_most_read_ranks_today_and_the_week_and_drops_articles_no_longer_public(store):
    old, hot, gone = (
        make_article(title="지난주 화제"),
        make_article(title="오늘 화제"),
        make_article(),
    )
    count = counters.counter()
    today = local_today()
    for _ in range(5):
        count.record(old.pk, today - timedelta(days=3))
    for _ in range(3):
        count.record(hot.pk, today)
    count.record(old.pk, today)
    for _ in range(9):
        count.record(gone.pk, today)
    count.record(old.pk, today - timedelta(days=8))  # outside the week
    Article.objects.filter(pk=gone.pk).update(status=Article.Status.DRAFT, listed=False)
    top = count.most_read(today, 5)
    assert [a.title for a in top[TODAY]] == ["오늘 화제", "지난주 화제"]
    assert [a.title for a in top[WEEK]] == ["지난주 화제", "오늘 화제"]


@pytest.mark.django_db
def test_concurrent_first_views_of_a_day_make_one_row(database_counter):
    article = make_article()
    counter = DatabaseCounter()
    DailyViews.objects.create(article=article, day=local_today(), views=0)
    counter.record(article.pk, local_today())
    assert DailyViews.objects.get().views == 1


@pytest.mark.django_db
def test_the_most_read_lists_are_read_in_one_query_and_cached_for_a_minute(
    database_counter, client, django_assert_num_queries
):
    article = make_article(title="많이 본 기사")
    DatabaseCounter().record(article.pk, local_today())
    with django_assert_num_queries(1):
        response = client.get(reverse("readership:most_read"))
    expected = [{"title": "많이 본 기사", "url": article.get_absolute_url()}]
    assert response.json() == {TODAY: expected, WEEK: expected}
    assert "max-age=60" in response["Cache-Control"] and not response.cookies
    with django_assert_num_queries(0):
        assert selectors.most_read()[TODAY] == expected


@pytest.mark.django_db
def test_pages_run_no_query_for_most_read_and_the_article_page_carries_its_beacon(
    database_counter, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    article = make_article(title="화제의 기사", categories=[make_category()])
    DatabaseCounter().record(article.pk, local_today())
    with django_assert_max_num_queries(5):
        html = Client().get("/").content.decode()
    assert 'data-most-read="/readership/most-read/"' in html
    # The article page: the same queries as before most read existed (the
    # count comes later, from the beacon, which a cached page sends too).
    with django_assert_max_num_queries(4):
        html = Client().get(article.get_absolute_url()).content.decode()
    assert f'data-beacon="/readership/view/{article.pk}/"' in html
    assert 'data-most-read="/readership/most-read/"' in html


@pytest.mark.django_db
def test_redis_counts_expire_and_the_week_is_a_union(redis_counter):
    article = make_article()
    counter = counters.counter()
    assert isinstance(counter, RedisCounter)
    counter.record(article.pk, local_today())
    key = counter.day_key(local_today())
    assert 0 < counter.redis.ttl(key) <= counters.REDIS_DAY_SECONDS
    assert counter.redis.zscore(key, article.pk) == 1


@pytest.mark.django_db
def test_readers_behind_a_trusted_proxy_are_told_apart(database_counter, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    article = make_article()
    for address in ["198.51.100.1", "198.51.100.2"]:
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_USER_AGENT=BROWSER)
        client.post(reverse("readership:view", args=[article.pk]), HTTP_X_FORWARDED_FOR=address)
    assert DailyViews.objects.get().views == 2
