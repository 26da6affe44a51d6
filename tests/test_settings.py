"""Settings come from the environment. Each case imports the settings afresh
in a subprocess, with only the variables it names."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

READ_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "DATABASE": {
        k: settings.DATABASES["default"].get(k)
        for k in ("ENGINE", "NAME", "HOST", "PORT", "USER", "CONN_MAX_AGE", "OPTIONS")
    },
    "CACHE": settings.CACHES["default"],
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "TIME_ZONE": settings.TIME_ZONE,
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "MAILER": settings.MAILERS["default"],
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    "STORAGE": settings.STORAGES["default"]["BACKEND"],
}, default=str))
"""


def run(code_or_args, **env_vars):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "ENV_FILE": "",  # not the developer's .env
        **env_vars,
    }
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def read_settings(**env_vars):
    result = run("import django; django.setup()\n" + READ_SETTINGS, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_defaults():
    s = read_settings(DEBUG="1")
    assert s["DEBUG"] is True
    assert s["SECRET_KEY"]
    assert s["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DATABASE"]["NAME"] == str(ROOT / "db.sqlite3")
    assert s["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["TIME_ZONE"] == "Asia/Seoul"
    assert s["LANGUAGE_CODE"] == "ko"
    assert s["MAILER"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["STORAGE"] == "django.core.files.storage.FileSystemStorage"


def test_production_refuses_to_start_without_a_secret_key():
    result = run("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_defaults_are_secure():
    s = read_settings(SECRET_KEY="k" * 50)
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["MAILER"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["SECURE_PROXY_SSL_HEADER"] is None


def test_values_come_from_the_environment(tmp_path):
    s = read_settings(
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="news.example.com,www.news.example.com",
        DATABASE_URL="postgres://newsroom:pw@db.internal:5433/newsroom",
        CACHE_URL="redis://cache.internal:6379/2",
        MEDIA_ROOT=str(tmp_path),
        TIME_ZONE="UTC",
        LANGUAGE_CODE="en",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.com:587",
        SECURE_PROXY_SSL_HEADER="1",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
    )
    assert s["ALLOWED_HOSTS"] == ["news.example.com", "www.news.example.com"]
    db = s["DATABASE"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"], db["USER"]) == (
        "newsroom", "db.internal", 5433, "newsroom",
    )  # fmt: skip
    assert db["CONN_MAX_AGE"] == 0
    assert db["OPTIONS"]["pool"]["max_size"] == 10
    assert s["CACHE"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert s["CACHE"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert s["MEDIA_ROOT"] == str(tmp_path)
    assert s["TIME_ZONE"] == "UTC"
    assert s["LANGUAGE_CODE"] == "en"
    assert s["MAILER"]["OPTIONS"] == {
        "host": "smtp.example.com",
        "port": 587,
        "username": "mailer",
        "password": "pw",
        "use_tls": True,
    }
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["STORAGE"] == "storages.backends.s3.S3Storage"


def test_check_is_clean_in_development():
    result = run(["manage.py", "check"], DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy"],
        SECRET_KEY=secrets.token_urlsafe(50)[:50],
        ALLOWED_HOSTS="news.example.com",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


@pytest.mark.parametrize("cache_url", ["redis://127.0.0.1:6379/15"])
def test_the_redis_cache_works_against_a_real_server(cache_url):
    code = (
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        "cache.set('newsroom-test', '한글', 30)\n"
        "print(cache.get('newsroom-test'))\n"
    )
    result = run(code, DEBUG="1", CACHE_URL=cache_url)
    if "Connection refused" in result.stderr:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "한글"


def test_the_page_cache_lives_in_cache_url_unless_page_cache_url_says_otherwise():
    code = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        "print(json.dumps([settings.PAGE_CACHE, settings.CACHES['pages']]))\n"
    )

    def pages(**env_vars):
        result = run(code, DEBUG="1", **env_vars)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    on, local = pages()
    assert on is True
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert local["LOCATION"] == "pages"  # not the default cache's store
    redis = "django.core.cache.backends.redis.RedisCache"
    _, shared = pages(CACHE_URL="redis://127.0.0.1:6379/1")
    assert (shared["BACKEND"], shared["LOCATION"]) == (redis, "redis://127.0.0.1:6379/1")
    assert shared["KEY_PREFIX"] == "pages"
    _, separate = pages(CACHE_URL="redis://127.0.0.1:6379/1", PAGE_CACHE_URL="redis://r:6379/2")
    assert separate["LOCATION"] == "redis://r:6379/2"
    off, _ = pages(PAGE_CACHE="0")
    assert off is False


def test_check_deploy_warns_when_a_proxy_is_in_front_but_no_address_is_trusted():
    production = {
        "SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "news.example.com",
    }
    behind_a_proxy = run(
        ["manage.py", "check", "--deploy"], SECURE_PROXY_SSL_HEADER="1", **production
    )
    assert "newsroom.W001" in behind_a_proxy.stderr + behind_a_proxy.stdout
    configured = run(
        ["manage.py", "check", "--deploy"],
        SECURE_PROXY_SSL_HEADER="1", TRUSTED_PROXY_COUNT="1", **production,
    )  # fmt: skip
    assert configured.returncode == 0, configured.stderr
    assert "no issues" in configured.stdout
