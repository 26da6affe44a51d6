import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache


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
