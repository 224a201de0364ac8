"""Fetch a release page or a feed from the web, safely and politely.

A URL comes from an editor or from a feed someone else writes, so it may point anywhere:
only http and https are fetched; the host is resolved here and every address it resolves to
is checked (private, loopback, link-local, reserved, multicast and the cloud metadata
address are refused; settings.FETCH_ALLOW_PRIVATE allows all but the last), on the first
request and on every redirect; and the connection goes to the address that was checked, never to a second
resolution of the name (a host that answers a public address to the check and a private one
to the connection gets nowhere). A fetch is capped in size, time and redirects, and checks the
content type. Politeness: a user agent naming the product, robots.txt (read through this same
fetcher), a delay between two requests to one host (or the site's Crawl-delay, if longer),
and conditional requests (ETag, Last-Modified) so an unchanged feed costs one short answer.
"""

from __future__ import annotations

import codecs
import ipaddress
import socket
import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    *HTML_TYPES,  # a listing page, or a feed served as HTML by a careless server
)

_METADATA = ipaddress.ip_address("169.254.169.254")
METADATA_REFUSAL = "the cloud metadata address"


class FetchError(Exception):
    """A fetch that gave no usable answer; the message is the reason an editor reads."""


class FetchRefused(FetchError):
    """Refused before anything was sent: the URL's scheme, or an address it resolves to."""


class HTTPStatusError(FetchError):
    def __init__(self, status: int, url: str):
        self.status = status
        super().__init__(f"the server answered HTTP {status} for {url}")


@dataclass
class Fetched:
    url: str  # where the answer came from, after redirects
    status: int  # 200, or 304 for a conditional request whose resource has not changed
    body: bytes = b""
    content_type: str = ""
    charset: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return self.body.decode(self.charset or "utf-8", errors="replace")


def address_refusal(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """Why an address may not be fetched from ("" when it may): a name for its kind."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip == _METADATA:
        return METADATA_REFUSAL
    for test, name in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(ip, test):
            return name
    if not ip.is_global:
        return "not a public address"
    return ""


def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address the host resolves to, in the resolver's order, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"the host {host} could not be found ({exc})") from None
    found: list = []
    for _family, _type, _proto, _name, sockaddr in infos:
        ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
        if ip not in found:
            found.append(ip)
    if not found:
        raise FetchError(f"the host {host} could not be found")
    return found


class Fetcher:
    """One fetcher per run (a poll, an import): it remembers each host's robots.txt and the
    time of its last request there."""

    def __init__(
        self,
        *,
        allow_private: bool | None = None,
        max_bytes: int | None = None,
        timeout: float | None = None,
        host_delay: float | None = None,
        user_agent: str | None = None,
        robots: bool = True,
    ):
        self.allow_private = settings.FETCH_ALLOW_PRIVATE if allow_private is None else allow_private
        self.max_bytes = settings.FETCH_MAX_BYTES if max_bytes is None else max_bytes
        self.timeout = settings.FETCH_TIMEOUT if timeout is None else timeout
        self.host_delay = settings.FETCH_HOST_DELAY if host_delay is None else host_delay
        self.user_agent = user_agent or settings.FETCH_USER_AGENT
        self.robots = robots
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_why: dict[str, str] = {}  # why a host's robots.txt counts as "nothing allowed"

    def get(
        self,
        url: str,
        *,
        accept: tuple[str, ...] | None = HTML_TYPES,
        etag: str = "",
        last_modified: str = "",
    ) -> Fetched:
        """The answer at `url` (following up to MAX_REDIRECTS redirects), or FetchError with
        the reason. With `etag` or `last_modified`, an unchanged resource comes back as 304."""
        deadline = time.monotonic() + self.timeout
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, accept=accept, headers=headers, deadline=deadline, robots=self.robots)

    def _get(self, url, *, accept, headers, deadline, robots, max_bytes=None) -> Fetched:
        for _hop in range(MAX_REDIRECTS + 1):
            if robots:
                self._robots_allow(url, deadline)
            response = self._request(url, headers, deadline)
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location", "")
                    if not location:
                        raise FetchError(f"the server answered a redirect without a location for {url}")
                    url = urljoin(url, location.strip())
                    continue
                return self._answer(url, response, accept, deadline, max_bytes or self.max_bytes)
            finally:
                # Each request has its own connection, never reused: close it, read to the end
                # or not (an oversized answer is left unread).
                response.close()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects, starting from the URL given")

    def _answer(self, url, response, accept, deadline, max_bytes) -> Fetched:
        etag = response.headers.get("ETag", "")
        last_modified = response.headers.get("Last-Modified", "")
        if response.status == 304:
            return Fetched(url, 304, etag=etag, last_modified=last_modified)
        if response.status != 200:
            raise HTTPStatusError(response.status, url)
        content_type, _, params = response.headers.get("Content-Type", "").partition(";")
        content_type = content_type.strip().lower()
        if accept is not None and content_type not in accept:
            shown = content_type or "no content type"
            raise FetchError(f"the server sent {shown}, not a web page or feed ({url})")
        charset = ""
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "charset":
                charset = value.strip().strip("\"'")
        too_big = f"the answer is larger than {_size(max_bytes)} (FETCH_MAX_BYTES); it was not read ({url})"
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(too_big)
        chunks, size = [], 0
        try:
            for chunk in response.stream(64 * 1024, decode_content=True):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(too_big)
                if time.monotonic() > deadline:
                    raise self._timed_out(url)
                chunks.append(chunk)
        except urllib3.exceptions.ReadTimeoutError:
            raise self._timed_out(url) from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"the answer from {url} broke off ({type(exc).__name__})") from None
        return Fetched(url, 200, b"".join(chunks), content_type, _known_charset(charset), etag, last_modified)

    def _timed_out(self, url: str) -> FetchError:
        return FetchError(f"timed out after {self.timeout:g} s (FETCH_TIMEOUT) fetching {url}")

    def _target(self, url: str):
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchRefused(f"{url!r} is not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise FetchRefused(f"only http and https URLs are fetched, not {parts.scheme or 'this'}: {url}")
        host = parts.hostname
        if not host:
            raise FetchRefused(f"the URL has no host: {url}")
        return parts, host, port or (443 if parts.scheme == "https" else 80)

    def checked_addresses(self, host: str, port: int) -> list:
        """The host's addresses, every one checked: one refused address refuses the host (a
        resolver may hand out any of them next time)."""
        addresses = resolve(host, port)
        for ip in addresses:
            reason = address_refusal(ip)
            # The metadata address hands out the machine's cloud credentials: no intranet feed
            # lives there, so FETCH_ALLOW_PRIVATE never opens it.
            if reason and (not self.allow_private or reason == METADATA_REFUSAL):
                which = str(ip) if str(ip) == host else f"{host} resolves to {ip}, which"
                if reason == METADATA_REFUSAL:
                    raise FetchRefused(f"refused: {which} is {reason}, never fetched from")
                raise FetchRefused(
                    f"refused: {which} is {reason}; fetching from such addresses is off "
                    "(set FETCH_ALLOW_PRIVATE=1 to allow it, for tests or an intranet feed)"
                )
        return addresses

    def _request(self, url: str, extra_headers: dict, deadline: float):
        parts, host, port = self._target(url)
        addresses = self.checked_addresses(host, port)
        self._wait_for(host, deadline)
        default_port = 443 if parts.scheme == "https" else 80
        shown_host = f"[{host}]" if ":" in host else host
        headers = {
            "Host": shown_host if port == default_port else f"{shown_host}:{port}",
            "User-Agent": self.user_agent,
            "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
            "application/xml;q=0.9, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            **extra_headers,
        }
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        last_error: Exception | None = None
        for ip in addresses:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._timed_out(url)
            pool = _pool(parts.scheme, str(ip), port, host, remaining)
            try:
                return pool.urlopen(
                    "GET",
                    target,
                    headers=headers,
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    assert_same_host=False,
                )
            except (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.ReadTimeoutError):
                raise self._timed_out(url) from None
            except urllib3.exceptions.SSLError as exc:
                raise FetchError(f"the secure connection to {host} failed: {exc}") from None
            except urllib3.exceptions.HTTPError as exc:
                last_error = exc
            finally:
                self._last_request[host] = time.monotonic()
        raise FetchError(f"could not connect to {host}:{port} ({type(last_error).__name__})")

    def _wait_for(self, host: str, deadline: float) -> None:
        delay = self.host_delay
        robots = self._robots.get(host)
        if robots is not None:
            delay = max(delay, float(robots.crawl_delay(self.user_agent) or 0))
        last = self._last_request.get(host)
        if last is None or delay <= 0:
            return
        wait = last + delay - time.monotonic()
        if wait > 0:
            if time.monotonic() + wait > deadline:
                raise FetchError(f"the delay between two requests to {host} would pass the time cap (FETCH_TIMEOUT)")
            time.sleep(wait)

    def _robots_allow(self, url: str, deadline: float) -> None:
        parts, host, _port = self._target(url)
        if host not in self._robots:
            self._robots[host], self._robots_why[host] = self._robots_read(
                f"{parts.scheme}://{parts.netloc}/robots.txt", deadline
            )
        if not self._robots[host].can_fetch(self.user_agent, url):
            why = self._robots_why[host]
            if why:
                raise FetchError(f"not fetched: {why}, so the site counts as closed to robots for now ({url})")
            raise FetchError(f"the site's robots.txt asks robots not to fetch {url}")

    def _robots_read(self, robots_url: str, deadline: float) -> tuple[urllib.robotparser.RobotFileParser, str]:
        # RFC 9309: no robots.txt (4xx) allows everything; a refusal of access (401, 403)
        # and an unreachable one (5xx, no answer) allow nothing, for now.
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            fetched = self._get(
                robots_url, accept=None, headers={}, deadline=deadline, robots=False, max_bytes=ROBOTS_MAX_BYTES
            )
        except FetchRefused:
            raise
        except HTTPStatusError as exc:
            if exc.status in (401, 403) or exc.status >= 500:
                parser.disallow_all = True
                return parser, f"its robots.txt answered HTTP {exc.status}"
            parser.allow_all = True
            return parser, ""
        except FetchError as exc:
            parser.disallow_all = True
            return parser, f"its robots.txt could not be read ({exc})"
        parser.parse(fetched.text().splitlines())
        return parser, ""


def _pool(scheme: str, ip: str, port: int, host: str, timeout: float):
    """A connection pool that connects to the checked address `ip` while speaking to `host`
    (the Host header is set by the caller; TLS names and verifies `host`)."""
    timeouts = urllib3.Timeout(connect=timeout, read=timeout)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            ip,
            port,
            timeout=timeouts,
            maxsize=1,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
        )
    return urllib3.HTTPConnectionPool(ip, port, timeout=timeouts, maxsize=1, retries=False)


def _known_charset(charset: str) -> str:
    try:
        return codecs.lookup(charset).name if charset else ""
    except LookupError:
        return ""


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} kB"
