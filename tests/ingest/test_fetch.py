"""Safe fetching: only the web, never the machine's own network, within size, time and
redirect caps, politely (user agent, robots.txt, per-host delay, conditional requests)."""

import ipaddress
import time

import pytest

from engagements.ingest import fetch
from engagements.ingest.fetch import Fetcher, FetchError, FetchRefused, HTTPStatusError

pytestmark = pytest.mark.usefixtures("fetch_settings")


@pytest.fixture
def loopback_is_public(monkeypatch):
    """The local site stands for a public one: 127.0.0.1 passes the address check, every
    other private address is still refused (FETCH_ALLOW_PRIVATE off)."""
    real = fetch.address_refusal
    monkeypatch.setattr(fetch, "address_refusal", lambda ip: "" if str(ip) == "127.0.0.1" else real(ip))
    return Fetcher(allow_private=False)


@pytest.mark.parametrize(
    ("address", "refusal"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.0.10", "a private address"),
        ("172.16.5.4", "a private address"),
        ("169.254.169.254", "the cloud metadata address"),
        ("169.254.10.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.251", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("93.184.215.14", ""),
        ("2606:4700::1111", ""),
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_refused(address, refusal):
    assert fetch.address_refusal(ipaddress.ip_address(address)) == refusal


def test_without_fetch_allow_private_a_loopback_url_is_refused_with_a_clear_message(site, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchRefused) as refused:
        Fetcher().get(f"{site.base}/releases/japan-meeting.html")
    assert str(refused.value).startswith("refused: 127.0.0.1 is a loopback address")
    assert "FETCH_ALLOW_PRIVATE=1" in str(refused.value)
    assert site.requests == []  # refused before connecting: not even robots.txt was asked for


def test_a_host_name_that_resolves_to_a_private_address_is_refused(site):
    with pytest.raises(FetchRefused, match=r"refused: localhost resolves to (127\.0\.0\.1|::1), which is a loopback"):
        Fetcher(allow_private=False).get(f"http://localhost:{site.server_address[1]}/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/release.txt", "gopher://x/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused, match="only http and https URLs are fetched"):
        Fetcher().get(url)


def test_the_connection_goes_to_the_address_that_was_checked(site, monkeypatch):
    # A name only the check's resolution knows: fetching works only if the connection uses
    # the checked address rather than resolving the name a second time (DNS rebinding).
    seen = []

    def resolve(host, port):
        seen.append(host)
        return [ipaddress.ip_address("127.0.0.1")]

    monkeypatch.setattr(fetch, "resolve", resolve)
    port = site.server_address[1]
    fetched = Fetcher().get(f"http://releases.invalid:{port}/releases/japan-meeting.html")
    assert fetched.status == 200 and b"Kenji Morita" in fetched.body
    assert site.requests[-1][1]["host"] == f"releases.invalid:{port}"
    assert set(seen) == {"releases.invalid"}


def test_a_redirect_is_followed_and_the_final_url_kept(site):
    fetched = Fetcher().get(f"{site.base}/redirect")
    assert fetched.url == f"{site.base}/releases/japan-meeting.html"
    assert b"Kenji Morita" in fetched.body


def test_a_redirect_to_a_private_address_is_refused_with_fetch_allow_private_off(site, loopback_is_public):
    with pytest.raises(FetchRefused, match=r"refused: 169\.254\.169\.254 is the cloud metadata address"):
        loopback_is_public.get(f"{site.base}/redirect-private")
    assert "/redirect-private" in site.paths()  # the first hop was fetched; the second never sent


def test_the_metadata_address_is_refused_even_with_fetch_allow_private(site):
    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254 is the cloud metadata address, never fetched from"):
        Fetcher(allow_private=True).get(f"{site.base}/redirect-private")


def test_more_than_five_redirects_are_refused(site):
    with pytest.raises(FetchError, match="more than 5 redirects"):
        Fetcher().get(f"{site.base}/redirect-loop")
    assert site.paths().count("/redirect-loop") == 6


def test_a_server_error_gives_its_status(site):
    with pytest.raises(HTTPStatusError, match="the server answered HTTP 500") as failed:
        Fetcher().get(f"{site.base}/error500")
    assert failed.value.status == 500


def test_a_slow_answer_times_out(site, settings):
    settings.FETCH_TIMEOUT = 0.5
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.5 s \(FETCH_TIMEOUT\)"):
        Fetcher().get(f"{site.base}/slow.html")
    assert time.monotonic() - started < 1.8


@pytest.mark.parametrize("path", ["/big.html", "/big-stream.html"])
def test_an_oversized_page_is_refused_without_reading_it_all(site, path):
    with pytest.raises(FetchError, match=r"larger than 2 MB \(FETCH_MAX_BYTES\)"):
        Fetcher().get(f"{site.base}{path}")


def test_a_page_that_is_no_web_page_is_refused_by_its_content_type(site):
    with pytest.raises(FetchError, match="the server sent image/png, not a web page or feed"):
        Fetcher().get(f"{site.base}/image.png")


def test_an_unchanged_feed_answers_304_to_its_etag(site):
    fetcher = Fetcher()
    first = fetcher.get(f"{site.base}/feed.xml", accept=fetch.FEED_TYPES)
    assert first.status == 200 and first.etag and first.last_modified
    again = fetcher.get(f"{site.base}/feed.xml", accept=fetch.FEED_TYPES, etag=first.etag)
    assert again.not_modified and again.body == b""
    assert site.requests[-1][1]["if-none-match"] == first.etag


def test_robots_txt_is_respected_and_read_once_per_site(site):
    fetcher = Fetcher()
    with pytest.raises(FetchError, match=r"robots\.txt asks robots not to fetch"):
        fetcher.get(f"{site.base}/private/secret.html")
    fetcher.get(f"{site.base}/releases/japan-meeting.html")
    assert "/private/secret.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1


def test_requests_name_the_product_in_their_user_agent(site, settings):
    settings.FETCH_USER_AGENT = "EngagementsDashboard/9.9 (test)"
    Fetcher().get(f"{site.base}/releases/japan-meeting.html")
    assert {headers["user-agent"] for _path, headers in site.requests} == {"EngagementsDashboard/9.9 (test)"}


def test_two_requests_to_one_host_wait_the_per_host_delay(site, settings):
    settings.FETCH_HOST_DELAY = 0.4
    fetcher = Fetcher(robots=False)
    fetcher.get(f"{site.base}/releases/japan-meeting.html")
    started = time.monotonic()
    fetcher.get(f"{site.base}/releases/india-visit.html")
    assert time.monotonic() - started >= 0.35
