"""`import_posts --fetch-images` (images/fetching.py): public addresses only,
after every redirect; one deadline over the whole download; never on a dry run.
Against a real HTTP server on 127.0.0.1."""

import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article
from images import fetching
from importing.importer import ImageFetchError, fetch_image

from .factories import image_bytes

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def __init__(self, *args, hits, **kwargs):
        self.hits = hits
        super().__init__(*args, **kwargs)

    def do_GET(self):
        self.hits.append(self.path)
        if self.path == "/image.png":
            body = image_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/redirect?to="))
            self.end_headers()
        elif self.path == "/trickle.png":
            # Every byte well within a socket timeout; the whole never ends.
            self.send_response(200)
            self.end_headers()
            try:
                for byte in image_bytes() * 100:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        elif self.path == "/slow-headers.png":
            try:
                self.wfile.write(b"HTTP/1.0 200 OK\r\n")
                for _ in range(200):
                    self.wfile.write(b"X-Slow: 1\r\n")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def server(settings):
    settings.IMPORT_IMAGE_TIMEOUT_SECONDS = 0.5
    hits = []
    httpd = Server(("127.0.0.1", 0), partial(Handler, hits=hits))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    httpd.hits = hits
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255",
        "::1", "::", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    ],
)  # fmt: skip
def test_non_public_addresses_are_not_public(address):
    assert not fetching.is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are(address):
    assert fetching.is_public_address(address)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "0x7f.1"])
def test_loopback_is_refused_by_default(server, host):
    url = server.base.replace("127.0.0.1", host) + "/image.png"
    with pytest.raises(ImageFetchError):
        fetch_image(url)
    assert server.hits == []


def test_redirects_to_private_addresses_are_refused(server, monkeypatch):
    # Pretend the test server is a public host; it redirects to the cloud's
    # metadata address and to itself under another loopback name.
    monkeypatch.setattr(fetching, "is_public_address", lambda address: address == "127.0.0.1")
    assert fetch_image(server.base + "/image.png", save=False)
    for target in ["http://169.254.169.254/latest/meta-data/", "http://[::1]/image.png"]:
        with pytest.raises(ImageFetchError, match="not a public address"):
            fetch_image(f"{server.base}/redirect?to={target}")


def test_a_trickling_server_is_cut_off_at_the_deadline(server, settings):
    settings.IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS = True
    for path in ["/trickle.png", "/slow-headers.png"]:
        started = time.monotonic()
        with pytest.raises(ImageFetchError, match="took too long"):
            fetch_image(server.base + path)
        assert time.monotonic() - started < 1.5


def test_the_setting_allows_private_hosts_and_redirects_are_followed(server, settings):
    settings.IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS = True
    name = fetch_image(f"{server.base}/redirect?to={server.base}/image.png")
    assert name.startswith("images/originals/") and name.endswith(".png")
    assert server.hits == ["/redirect?to=" + server.base + "/image.png", "/image.png"]


def test_a_dry_run_fetches_nothing(server, settings, tmp_path):
    settings.IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS = True
    post = tmp_path / "post.html"
    post.write_text(
        f"---\ntitle: Images\nimage: {server.base}/image.png\n---\n"
        f'<p>Text first.</p><p><img src="{server.base}/image.png"></p>\n'
    )
    call_command("import_posts", post, "--fetch-images", "--dry-run", stdout=StringIO())
    assert server.hits == []
    call_command("import_posts", post, "--fetch-images", stdout=StringIO())
    assert server.hits == ["/image.png", "/image.png"]
    assert Article.objects.get().hero.file.name.endswith(".png")
