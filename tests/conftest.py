import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.db.backends.signals import connection_created

from .factories import make_user


def _probe_features(sender, connection, **kwargs):
    # Django asks SQLite whether it has JSON functions the first time a query
    # uses them (three statements, once per connection). Ask at connect time,
    # so that no test counting a page's queries counts the probe.
    connection.features.supports_json_field  # noqa: B018


connection_created.connect(_probe_features, dispatch_uid="tests.probe_features")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a database file as production does, not in memory:
    the journal mode, locking and busy timeout that concurrent requests meet
    (tests/test_concurrent_writes.py) exist only for files."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, and uploads in a throwaway folder (real files, real storage)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # The page cache's generation file: one per test, not shared with a server
    # or another test run on the same checkout.
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "pages.generation")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (the header caches its categories, the
    page cache whole pages), and with content types read afresh: a transactional
    (browser) test flushes the database, which gives them new ids."""
    ContentType.objects.clear_cache()
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


def _logged_in(client, role):
    user = make_user(role=role)
    client.force_login(user)
    return user


@pytest.fixture
def writer(client):
    """A writer, logged in on `client`."""
    return _logged_in(client, "writer")


@pytest.fixture
def editor(client):
    """An editor, logged in on `client`."""
    return _logged_in(client, "editor")


@pytest.fixture
def moderator(client):
    """A category moderator, logged in on `client`."""
    return _logged_in(client, "moderator")
