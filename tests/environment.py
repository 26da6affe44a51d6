"""Loaded as a pytest plugin (see pyproject.toml) before Django's settings.

Tests run with production settings (DEBUG off); only the secret key is a
stand-in, and HTTPS redirects are off for the test client.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The developer's .env (written by `make run`) is not the tests' environment.
os.environ.setdefault("ENV_FILE", "")
