"""A local web site of releases and feeds for the fetching tests, and for trying the commands
by hand:

    python -m tests.ingest.web.server [--port 8765]

It serves (see ROUTES) an RSS feed and an Atom feed with ETags (a second request with the
same If-None-Match gets 304), a listing page, the release pages of releases.py, a redirect,
a redirect loop, a redirect to the cloud metadata address, a 500, a slow answer, oversized
pages, an image, a broken feed, and a robots.txt that disallows /private/.
"""

from __future__ import annotations

import argparse
import hashlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.ingest.web import releases

FEED_SLUGS = ["japan-meeting", "budget", "philippines-call", "contract"]
ATOM_SLUGS = ["india-visit", "promotion"]
BIG = 2 * 1024 * 1024 + 1000  # just over the default cap


class ReleasesSite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers), in order
        self.slow_seconds = 2.0
        self.feed_slugs = list(FEED_SLUGS)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def start(self) -> ReleasesSite:
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: ReleasesSite
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self.server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = self.path.split("?")[0]
        base = self.server.base
        if path == "/robots.txt":
            return self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        if path == "/feed.xml":
            return self._send_tagged("application/rss+xml", releases.rss(base, self.server.feed_slugs))
        if path == "/atom.xml":
            return self._send_tagged("application/atom+xml", releases.atom(base, ATOM_SLUGS))
        if path == "/listing.html":
            return self._send(200, "text/html; charset=utf-8", releases.listing(FEED_SLUGS).encode())
        if path.startswith("/releases/") and path.endswith(".html"):
            release = releases.BY_SLUG.get(path[len("/releases/") : -len(".html")])
            if release:
                return self._send(200, "text/html; charset=utf-8", releases.release_page(release).encode())
        if path == "/private/secret.html":
            return self._send(200, "text/html", releases.release_page(releases.RELEASES[0]).encode())
        if path == "/redirect":
            return self._redirect("/releases/japan-meeting.html")
        if path == "/redirect-loop":
            return self._redirect("/redirect-loop")
        if path == "/redirect-private":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if path == "/error500":
            return self._send(500, "text/html", b"<h1>Internal error</h1>")
        if path == "/slow.html":
            time.sleep(self.server.slow_seconds)
            return self._send(200, "text/html", releases.release_page(releases.RELEASES[0]).encode())
        if path == "/big.html":
            return self._send(200, "text/html", b"<html><body>" + b"<p>word </p>" * (BIG // 11) + b"</body></html>")
        if path == "/big-stream.html":  # no Content-Length: the cap must hold while reading
            return self._stream_big()
        if path == "/image.png":
            return self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        if path == "/broken-feed.xml":
            return self._send(200, "application/rss+xml", b"this is not a feed at all <<<")
        if path == "/feed-with-500.xml":
            return self._send_tagged("application/rss+xml", _rss_with_error(base))
        return self._send(404, "text/html", b"<h1>Not found</h1>")

    def _send_tagged(self, content_type: str, body: str):
        data = body.encode()
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, content_type, data, {"ETag": etag, "Last-Modified": "Mon, 20 May 2024 10:00:00 GMT"})

    def _send(self, status: int, content_type: str, body: bytes, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream_big(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        try:
            for _ in range(BIG // len(chunk) + 2):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _rss_with_error(base: str) -> str:
    return releases.rss(base, ["japan-meeting"]).replace(
        "</channel>", f"<item><title>Broken release page</title><link>{base}/error500</link></item></channel>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    site = ReleasesSite(parser.parse_args().port)
    print(f"Serving the test releases site on {site.base}/ (feed: {site.base}/feed.xml); Ctrl-C stops it.", flush=True)
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
