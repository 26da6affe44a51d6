"""Downloading an image from another site (`import_posts --fetch-images`),
without letting a post's author reach the site's own network or hold the
import up.

- Only http(s), only public addresses: the host is resolved here, every address
  it resolves to must be public (no loopback, private, link-local, shared,
  reserved, multicast or unspecified address, IPv4 or IPv6, IPv4-mapped
  included), and the connection goes to the address that was checked, so a
  second DNS answer cannot swap in another one. Redirects are followed by hand,
  at most `MAX_REDIRECTS`, each hop checked the same way.
- One deadline over the whole download (connecting, redirects, every read):
  a server trickling bytes is cut off when it passes.
- At most `max_bytes`, whatever Content-Length says.

`IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS` lifts the address check, for tests and
benchmarks that serve images from 127.0.0.1; never in production.
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5
CHUNK_BYTES = 64 * 1024
USER_AGENT = "Newsroom post import"


class FetchError(Exception):
    """The download failed or was refused; the message says why."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def allow_private_hosts() -> bool:
    return bool(getattr(settings, "IMPORT_IMAGE_ALLOW_PRIVATE_HOSTS", False))


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError("took too long")
    return left


def _resolve(host: str, port: int, deadline: float) -> str:
    """A checked address for `host`: refused when any address it has is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host} ({error})") from None
    _remaining(deadline)
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"cannot resolve {host}")
    if not allow_private_hosts():
        for address in addresses:
            if not is_public_address(address):
                raise FetchError(f"{host} is not a public address ({address})")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = self.pinned_sock = socket.create_connection(
            (self._address, self.port), self.timeout
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self.pinned_sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _connect(url: str, deadline: float):
    """A connection to the checked address of `url`'s host, and the request path."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http(s) URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("bad port") from None
    address = _resolve(parts.hostname, port, deadline)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port, address=address, timeout=_remaining(deadline)
    )
    connection.connect()
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return connection, path


def _get(url: str, *, max_bytes: int, deadline: float) -> bytes | str:
    """The body at `url`, or the URL a redirect points to."""
    connection, path = _connect(url, deadline)
    # Socket timeouts bound each read, not their sum: at the deadline the
    # connection is shut down, whatever phase (headers or body) is trickling in.
    # A duplicate of the socket, as http.client may close its own early.
    guard = connection.pinned_sock.dup()
    watchdog = threading.Timer(_remaining(deadline), _shut, args=(guard,))
    watchdog.start()
    try:
        connection.pinned_sock.settimeout(_remaining(deadline))
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
        response = connection.getresponse()
        try:
            _remaining(deadline)
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} without a Location")
                return urljoin(url, location)
            if response.status != 200:
                raise FetchError(f"HTTP {response.status}")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"larger than {max_bytes} bytes")
            chunks, size = [], 0
            while chunk := response.read1(CHUNK_BYTES):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"larger than {max_bytes} bytes")
                chunks.append(chunk)
                _remaining(deadline)
            _remaining(deadline)  # a shut-down socket reads as the end
            return b"".join(chunks)
        finally:
            response.close()
    except (OSError, http.client.HTTPException):
        _remaining(deadline)
        raise
    finally:
        watchdog.cancel()
        guard.close()
        connection.close()


def _shut(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def fetch(url: str, *, max_bytes: int, timeout: float) -> bytes:
    """The body at `url`, following redirects; FetchError when refused, failed,
    larger than `max_bytes`, or not done within `timeout` seconds in all."""
    deadline = time.monotonic() + timeout
    try:
        for _ in range(MAX_REDIRECTS + 1):
            result = _get(url, max_bytes=max_bytes, deadline=deadline)
            if isinstance(result, bytes):
                return result
            url = result
        raise FetchError("too many redirects")
    except TimeoutError:
        raise FetchError("took too long") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FetchError(str(error) or type(error).__name__) from error
