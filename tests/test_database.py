"""The database under stress, on the engines production runs: several requests
writing at once (SQLite's locking), and connections the server drops
(PostgreSQL's pool). Real threads, real commits; no error reaches a request."""

import threading
import time
from functools import partial

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from articles.models import Article

from .factories import article_form_data, make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

STALE_SAVE = "편집하는 동안 다른 사람이 이 기사를 저장했습니다"  # the optimistic lock's refusal


def at_once(*jobs):
    """Run each job in a thread of its own, all released together. Returns
    what each returned, or the exception it raised (a 500 raises in the test
    client)."""
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait(timeout=30)
            results[index] = job()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()  # this thread's connections

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    return results


def logged_in_client(role="editor"):
    client = Client()
    client.force_login(make_user(role=role))
    return client


def test_editors_saving_one_article_at_once_get_no_error():
    """Six editors save the same article in the same instant (on SQLite this
    gave four of them "database is locked"). One save wins; the others are
    told someone saved first and keep their text, as the optimistic lock says."""
    article = make_article(title="경합 기사")
    url = reverse("admin:articles_article_change", args=[article.pk])
    editors = [logged_in_client() for _ in range(6)]
    forms = [article_form_data(article, title=f"편집자 {n}") for n in range(6)]

    responses = at_once(
        *(partial(client.post, url, data) for client, data in zip(editors, forms, strict=True))
    )

    errors = [r for r in responses if isinstance(r, BaseException)]
    assert not errors, errors
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 200, 200, 302]
    refused = [r for r in responses if r.status_code == 200]
    assert all(STALE_SAVE in r.content.decode() for r in refused)
    article.refresh_from_db()
    assert article.title in {f"편집자 {n}" for n in range(6)}


def test_editors_saving_different_articles_at_once_all_succeed():
    articles = [make_article(title=f"기사 {n}") for n in range(6)]
    editors = [logged_in_client() for _ in articles]

    def save(client, article):
        url = reverse("admin:articles_article_change", args=[article.pk])
        return client.post(url, article_form_data(article, body=f"<p>{article.pk} 고침</p>"))

    responses = at_once(*map(partial, [save] * 6, editors, articles))

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 6
    for article in articles:
        article.refresh_from_db()
        assert article.body == f"<p>{article.pk} 고침</p>"


POST = (
    "---\ntitle: {title}\ndate: 2024-06-02 09:30:00 +0900\ncategories: [{category}]\n---\n{body}"
)


def test_imports_at_the_same_time_all_succeed():
    """Three admin imports of 30 posts each, at once (on SQLite the second
    concurrent import failed every file)."""

    def posts(batch):
        return [
            SimpleUploadedFile(
                f"{batch}-{n}.md",
                POST.format(
                    title=f"묶음 {batch} 기사 {n}", category=f"분야 {batch}", body="<p>본문</p>"
                ).encode(),
            )
            for n in range(30)
        ]

    importers = [logged_in_client() for _ in range(3)]
    url = reverse("importing:import")
    responses = at_once(
        *(
            partial(client.post, url, {"files": posts(batch), "categories_status": "approved"})
            for batch, client in enumerate(importers)
        )
    )

    assert [getattr(r, "status_code", r) for r in responses] == [200] * 3
    for response in responses:
        assert "30개 생성, 0개 갱신, 0개 변경 없음, 0개 실패" in response.content.decode()
    assert Article.objects.count() == 90


def _admin_connection():
    """A connection of our own, outside Django and its pool."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


def test_requests_succeed_after_the_server_drops_every_pooled_connection():
    """PostgreSQL restarts, fails over, or an operator runs pg_terminate_backend:
    the pool's connections are dead. The next requests must get live ones
    (the next nine used to answer 500)."""
    if connection.vendor != "postgresql":
        pytest.skip("the connection pool is PostgreSQL's")
    client = logged_in_client()
    make_article(title="살아 있는 연결")
    changelist = reverse("admin:articles_article_changelist")
    # Fill the pool with several open connections, then give them back.
    pool = connection.pool
    held = [pool.getconn() for _ in range(4)]
    for held_connection in held:
        pool.putconn(held_connection)
    assert client.get(changelist).status_code == 200
    connection.close()  # the test's own connection goes back to the pool too

    with _admin_connection() as admin:
        pids = [
            pid
            for (pid,) in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
        ]
        assert len(pids) >= 4
        admin.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [pids])
        deadline = time.monotonic() + 20
        while admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [pids]
        ).fetchone()[0]:
            assert time.monotonic() < deadline, "the backends did not end"
            time.sleep(0.05)  # polling for the server to end them, not waiting for time

    for _ in range(pool.max_size + 2):
        response = client.get(changelist)
        assert response.status_code == 200
        assert "살아 있는 연결" in response.content.decode()
