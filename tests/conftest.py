import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast hashing, and uploads in a throwaway folder (real files, real storage)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
