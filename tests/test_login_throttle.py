"""/admin/login/ is throttled (django-axes, newsroom/login_throttle.py): per
account at one address, per address, per account from anywhere. Tested through
the real login view, as a browser posts it."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from newsroom.login_throttle import client_ip

from .factories import make_user

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "correct horse battery"  # what factories.make_user sets
LOCKED_TEXT = "너무 많이 실패"  # the Korean lockout page


def attempt(username, password, *, ip="203.0.113.5", forwarded_for=None):
    """One login as the admin's form posts it, from a fresh browser."""
    headers = {"REMOTE_ADDR": ip}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        **headers,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def locked_out(response) -> bool:
    return response.status_code == 429 and LOCKED_TEXT in response.content.decode()


@pytest.fixture
def editor_account():
    return make_user(username="editor", role="editor")


def fail(username, times, **where):
    """Wrong passwords: the login form again, or, from the failure that reaches
    a limit on, the lockout page."""
    for _ in range(times):
        response = attempt(username, "wrong password", **where)
        assert response.status_code in (200, 429)
    return response


def test_a_wrong_password_gets_the_login_form_again(editor_account):
    response = attempt("editor", "wrong password")
    assert response.status_code == 200
    assert "form" in response.context
    assert logged_in(attempt("editor", PASSWORD))


def test_five_wrong_passwords_lock_the_account_at_that_address(editor_account):
    assert fail("editor", 4).status_code == 200
    assert logged_in(attempt("editor", PASSWORD))  # four mistakes are allowed
    assert locked_out(fail("editor", 1))  # the fifth says so at once
    response = attempt("editor", PASSWORD)
    assert locked_out(response)
    assert response["Retry-After"] == "900"
    assert "15" in response.content.decode()  # says how long
    # The same person from another address is not affected.
    assert logged_in(attempt("editor", PASSWORD, ip="198.51.100.7"))


def test_a_locked_out_attempt_hashes_no_password(editor_account):
    """The throttle protects the CPU too: a locked-out attempt never reaches
    the password check."""
    fail("editor", 5)
    with mock.patch.object(ModelBackend, "authenticate", autospec=True) as authenticate:
        assert locked_out(attempt("editor", "another guess"))
    authenticate.assert_not_called()


def test_an_address_trying_many_accounts_is_locked_out(editor_account):
    limit = settings.LOGIN_FAILURE_LIMITS[("ip_address",)]
    for n in range(limit):
        fail(f"someone{n}", 1, ip="192.0.2.66")
    assert locked_out(attempt("editor", PASSWORD, ip="192.0.2.66"))
    assert logged_in(attempt("editor", PASSWORD, ip="192.0.2.67"))


def test_an_account_guessed_from_many_addresses_is_locked_everywhere(editor_account):
    limit = settings.LOGIN_FAILURE_LIMITS[("username",)]
    for n in range(limit - 1):
        fail("editor", 1, ip=f"10.0.{n // 250}.{n % 250 + 1}")
    assert logged_in(attempt("editor", PASSWORD, ip="198.51.100.7"))
    fail("editor", 1, ip="10.9.9.9")
    assert locked_out(attempt("editor", PASSWORD, ip="198.51.100.8"))
    # Other accounts are not affected.
    make_user(username="writer", role="writer")
    assert logged_in(attempt("writer", PASSWORD, ip="198.51.100.8"))


def test_the_lockout_ends_a_cool_off_after_the_last_attempt(editor_account):
    cool_off = settings.AXES_COOLOFF_TIME
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail("editor", 5)
        clock.shift(cool_off - timedelta(seconds=1))
        # Locked out still; and an attempt during the lockout starts it again,
        # so guessing on through it gains nothing.
        assert locked_out(attempt("editor", PASSWORD))
        clock.shift(timedelta(seconds=2))
        assert locked_out(attempt("editor", PASSWORD))
        clock.shift(cool_off + timedelta(seconds=1))
        assert logged_in(attempt("editor", PASSWORD))


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(editor_account):
    """Without TRUSTED_PROXY_COUNT the header is the client's own words: a
    fresh value per attempt must not get fresh attempts."""
    for n in range(5):
        fail("editor", 1, forwarded_for=f"198.51.100.{n}")
    assert locked_out(attempt("editor", PASSWORD, forwarded_for="198.51.100.99"))


def test_behind_a_trusted_proxy_the_address_it_saw_counts(editor_account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"ip": "127.0.0.1"}
    # The client writes anything it likes left of what the proxy appends.
    for n in range(5):
        fail("editor", 1, forwarded_for=f"6.6.6.{n}, 203.0.113.9", **proxy)
    assert locked_out(attempt("editor", PASSWORD, forwarded_for="203.0.113.9", **proxy))
    # Everyone else behind the same proxy logs in.
    assert logged_in(attempt("editor", PASSWORD, forwarded_for="203.0.113.10", **proxy))


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "6.6.6.6", "127.0.0.1"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "not an address", "127.0.0.1"),
        (2, "203.0.113.9", "127.0.0.1"),  # fewer hops than proxies: misconfigured
        (1, "", "127.0.0.1"),
        (1, "\x00", "127.0.0.1"),
    ],
)
def test_client_ip(settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for
    )
    assert client_ip(request) == expected


def test_the_lockout_page_speaks_english_to_english_browsers(editor_account):
    fail("editor", 5)
    response = Client(headers={"accept-language": "en"}).post(
        LOGIN_URL, {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5"
    )
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
