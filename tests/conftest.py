import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from .factories import make_user


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, and uploads in a throwaway folder (real files, real storage)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the header caches its categories),
    and with content types read afresh: a transactional (browser) test flushes
    the database, which gives them new ids."""
    ContentType.objects.clear_cache()
    cache.clear()
    yield
    cache.clear()


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
