"""Settings for Newsroom: one module, configured by environment variables.

Development (DEBUG=1) gets safe defaults. In production (DEBUG unset) every
secret must come from the environment, and the security defaults are on.
See .env.example for every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from embeds.providers import FRAME_ORIGINS

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# `make run` writes a .env for development (DEBUG=1, a generated SECRET_KEY), so
# `manage.py <command>` works as printed. The environment wins over the file;
# ENV_FILE names another file, or none when empty (the tests).
ENV_FILE = env("ENV_FILE", default=str(BASE_DIR / ".env"))
if ENV_FILE and Path(ENV_FILE).is_file():
    environ.Env.read_env(ENV_FILE)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public origin (https://news.example.com) for canonical and social links;
# empty: each request's own scheme, host and port (ALLOWED_HOSTS guards the host).
SITE_URL = env("SITE_URL", default="")
SITE_NAME = env("SITE_NAME", default="Newsroom")

INSTALLED_APPS = [
    # Django's admin with a site that guards every changelist (newsroom/admin.py).
    "newsroom.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "ckeditor",
    "reversion",
    "newsroom.apps.AxesConfig",  # django-axes
    "search",
    "embeds",
    "images",
    "people",
    "articles",
    "importing",
    "editorial",
    "curation",
    "readership",
    "demo",
    "benchtools",
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # As early as possible: a hit skips sessions, auth, locale and the view.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old addresses of imported posts: looked up on 404 responses only.
    "importing.middleware.LegacyAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.AdminContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user:pass@host:5432/newsroom.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    from newsroom.database import check_pooled_connection

    # psycopg 3's connection pool replaces persistent connections (CONN_MAX_AGE must be 0).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
        "timeout": 10,
        # A connection the server closed (restart, failover, pg_terminate_backend,
        # an idle timeout) is found and replaced before a request gets it.
        "check": check_pooled_connection,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write one file. WAL lets readers run beside the
    # writer; IMMEDIATE takes the write lock when a transaction begins, so two
    # saves queue (up to `timeout` seconds) instead of one failing with
    # "database is locked" when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_config(url: str) -> dict:
    return environ.Env.cache_url_config(
        url,
        # Django's own Redis backend, not the django-redis package environ assumes.
        backend="django.core.cache.backends.redis.RedisCache"
        if url.startswith(("redis://", "rediss://"))
        else None,
    )


# Cache: CACHE_URL, e.g. redis://127.0.0.1:6379/1. Local memory by default.
CACHE_URL = env("CACHE_URL", default="locmemcache://")
CACHES = {"default": _cache_config(CACHE_URL)}

# Feeds carry each article's whole body instead of its excerpt (README, "Feeds").
FEEDS_FULL_TEXT = env.bool("FEEDS_FULL_TEXT", default=False)

# Most read (readership/): Redis when READERSHIP_REDIS_URL is set (or CACHE_URL
# is a Redis one), the database otherwise.
READERSHIP_REDIS_URL = env(
    "READERSHIP_REDIS_URL",
    default=CACHE_URL if CACHE_URL.startswith(("redis://", "rediss://")) else "",
)

# Page cache (pagecache/, README "Page cache"): whole pages for anonymous
# readers in their own cache alias, never stale. PAGE_CACHE=0 turns it off.
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_URL = env("PAGE_CACHE_URL", default=CACHE_URL)
CACHES["pages"] = _cache_config(PAGE_CACHE_URL) | {"KEY_PREFIX": "pages"}
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    # Its own store (not the default cache's), one per process; purges reach
    # every process on the host through PAGE_CACHE_GENERATION_FILE.
    CACHES["pages"] |= {
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_MAX_ENTRIES", default=2000)},
    }
PAGE_CACHE_GENERATION_FILE = env("PAGE_CACHE_GENERATION_FILE", default="")
PAGE_CACHE_NAMESPACES = ["articles"]  # the URL namespaces whose pages are public
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)  # server-side, at most
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=0)  # browsers
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=60)  # s-maxage
PAGE_CACHE_STALE_SECONDS = env.int("PAGE_CACHE_STALE_SECONDS", default=30)
PAGE_CACHE_PURGE_URL = env("PAGE_CACHE_PURGE_URL", default="")
PAGE_CACHE_PURGE_AUTHORIZATION = env("PAGE_CACHE_PURGE_AUTHORIZATION", default="")
PAGE_CACHE_PURGE_TIMEOUT = env.float("PAGE_CACHE_PURGE_TIMEOUT", default=3.0)

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes; README "Security"). Failed logins
# within the cool-off are counted per group below; reaching a group's limit
# locks that group out until AXES_COOLOFF_TIME has passed since its last
# failure (failures during a lockout extend it).
LOGIN_FAILURE_LIMITS = {
    ("username", "ip_address"): 5,  # one account from one address: a mistyped password
    ("ip_address",): 20,  # one address, any accounts: guessing or spraying
    ("username",): 50,  # one account, from anywhere: a distributed guess
}
AXES_LOCKOUT_PARAMETERS = [list(group) for group in LOGIN_FAILURE_LIMITS]
AXES_FAILURE_LIMIT = min(LOGIN_FAILURE_LIMITS.values())
AXES_HANDLER = "newsroom.login_throttle.LoginThrottleHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_CALLABLE = "newsroom.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.login_throttle.client_ip"
# Proxies in front of the app that append the client's address to
# X-Forwarded-For (nginx's $proxy_add_x_forwarded_for: 1). 0 reads REMOTE_ADDR
# only: behind a proxy that would make every client one address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Failed attempts are what throttling needs, and they expire with the
# cool-off; no table of every successful login's address is kept.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"  # after choosing a password from an invitation

LANGUAGE_CODE = env("LANGUAGE_CODE", default="ko")
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Seoul")
USE_I18N = True
USE_TZ = True
# Korean papers print "2025.03.08 06:00" (newsroom/formats/ko/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]

# Static files are served by whitenoise; media (uploads) by the storage backend.
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = env("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# S3-compatible object storage for uploads: set AWS_STORAGE_BUCKET_NAME (and the
# usual AWS_* variables, AWS_S3_ENDPOINT_URL for non-AWS providers).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Email: EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587.
# Development prints mail to the console; production defaults to a local MTA.
_email = environ.Env.email_url_config(
    env("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key: value
            for key, value in {
                "host": _email.get("EMAIL_HOST"),
                "port": _email.get("EMAIL_PORT"),
                "username": _email.get("EMAIL_HOST_USER"),
                "password": _email.get("EMAIL_HOST_PASSWORD"),
                "use_tls": _email.get("EMAIL_USE_TLS"),
                "use_ssl": _email.get("EMAIL_USE_SSL"),
            }.items()
            if value not in (None, "")
        }
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Security. Production defaults are strict; a TLS-terminating proxy sets
# SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: the public site runs no inline script or style at
# all. Images may come from anywhere over HTTPS (external hero images, object
# storage). The admin gets SECURE_CSP_ADMIN instead (newsroom/middleware.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "https:", "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Exactly the embed providers' players (embeds/providers.py).
    "frame-src": FRAME_ORIGINS,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# CKEditor 4 writes inline styles and wires its toolbar with inline event
# handlers (onclick="CKEDITOR.tools.callFunction(...)"), which no nonce or
# hash can allow; its editing area is a same-origin iframe. Only /admin/ gets this.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "https:", "data:", "blob:"],
    "frame-src": [CSP.SELF, *FRAME_ORIGINS],
}

# CKEditor 4 (django-ckeditor). The upload and browse views are our own
# (articles/uploads.py); see "Security" in the README for why.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": [
            ["Format", "Bold", "Italic", "Underline", "Strike"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink", "Image", "Table", "HorizontalRule"],
            ["RemoveFormat", "Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4;pre",
        "height": 420,
        "width": "100%",
        # Upload by XHR so the server answers JSON instead of a script built
        # from request parameters; static/js/ckeditor-csrf.js adds the CSRF header.
        "filebrowserUploadMethod": "xhr",
        "removePlugins": "exportpdf,image",
        # Captioned images (<figure class="image">) with alignment as classes,
        # exactly what articles/sanitize.py keeps (no inline styles).
        "extraPlugins": "image2",
        "image2_alignClasses": ["align-left", "align-center", "align-right"],
        "image2_captionedClass": "image",
        "image2_disableResizer": True,
        # A library image keeps its id; embeds (a provider URL alone on a
        # line becomes one on save) keep their placeholder; links may open a tab.
        "extraAllowedContent": (
            "*[data-ke-size]; img[data-image-id,data-decorative,width,height];"
            " figure(embed)[data-embed-url]; a[target,rel]"
        ),
    },
}
# Every image an editor uploads (hero, body). 25 MB, not less: a full-size
# camera or agency JPEG (20 MB at 3900x2600) must be accepted, since readers
# never get it: they get renditions (images/renditions.py). The pixel limit
# below is what bounds the work of decoding it.
EDITOR_IMAGE_MAX_BYTES = env.int("EDITOR_IMAGE_MAX_BYTES", default=25 * 1024 * 1024)
# Every stored image (hero, editor upload, import): at most this many pixels
# (images/policy.py; Pillow's own bomb guard follows it).
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# `import_posts --fetch-images` refuses loopback, private and other non-public
# addresses; 1 lets it fetch from them (tests, the benchmark harness on
# 127.0.0.1). Never in production.
IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS = env.bool("IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS", default=False)

SILENCED_SYSTEM_CHECKS = [
    # django-ckeditor warns that CKEditor 4 is unsupported upstream. We keep it
    # (the product's choice) behind server-side sanitizing and our own upload
    # views: see "Security: CKEditor" in README.md.
    "ckeditor.W001",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
