"""The preview's HTTP server: the standard library's ThreadingHTTPServer, serving one page, its
two static files, the builds' state (long-polled), page images and PDFs, and taking edits.

Security, for a server that can write the user's files:

- it listens on 127.0.0.1 unless told otherwise;
- every request's Host header must name this server (a web page cannot reach it through a DNS
  name of its own that it points at 127.0.0.1: DNS rebinding);
- every write carries the session's token, which only the page the server served knows (a
  page of another site cannot read it: no CORS header is ever sent);
- no part of a request's path reaches the filesystem: each address is matched exactly, files
  are named by the session's own list, the static files are the package's own;
- request bodies, long polls and edits are capped in size and time.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import socket
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from brochure.errors import BrochureError, ContentError, Finding
from brochure.preview.build import Build, Variant
from brochure.preview.editing import EditConflict, digest, edit_field
from brochure.preview.session import Session

MAX_BODY_BYTES = 256 * 1024
"""The largest request body taken (an edit is one text: a few KB)."""
LONG_POLL_S = 20.0
"""How long a request for the next build waits before answering with the current one."""
DOWNLOAD_WAIT_S = 60.0
"""How long a PDF download waits for its variant's first build."""
TOKEN_HEADER = "X-Brochure-Token"
"""The header every write carries the session's token in."""
STATIC = {
    "preview.js": "text/javascript; charset=utf-8",
    "preview.css": "text/css; charset=utf-8",
}
"""The static files the page loads, by the only names they are served at."""
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""Names of this machine a browser on it may use."""
_IMAGE = re.compile(r"/img/(\d{1,9})/(\d{1,4})\.png")
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class PreviewServer(ThreadingHTTPServer):
    """The preview's server: a session, its token and the Host names it answers to."""

    daemon_threads = True
    """Open long polls do not keep the process alive after Ctrl-C."""

    def __init__(self, session: Session, host: str, port: int) -> None:
        super().__init__((host, port), PreviewHandler)
        self.session = session
        self.token = secrets.token_urlsafe(32)
        self.hosts = allowed_hosts(host, self.server_address[1])
        self.edit_lock = threading.Lock()

    @property
    def port(self) -> int:
        """The port it listens on (the one the system chose for port 0)."""
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that went away mid-answer is not an error worth a traceback."""
        import sys

        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the server answers: this machine's loopback names, and the address it
    listens on (for ``--host 0.0.0.0``, the machine's own name too)."""
    names = set(LOCAL_HOSTS)
    if host not in ("", "0.0.0.0", "::"):
        names.add(f"[{host}]" if ":" in host else host)
    else:
        hostname = socket.gethostname()
        names.update({hostname, socket.getfqdn(hostname)})
    return frozenset(f"{name}:{port}".lower() for name in names)


class PreviewHandler(BaseHTTPRequestHandler):
    """Answers one request of the page."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "brochure-preview"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal is the user's."""

    # -- routing -------------------------------------------------------------------------

    def do_GET(self) -> None:
        """The page, its static files, the state, page images and PDFs."""
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        path = url.path
        if path == "/":
            self._send(HTTPStatus.OK, self._page(), "text/html; charset=utf-8")
        elif path.startswith("/static/") and path[len("/static/") :] in STATIC:
            name = path[len("/static/") :]
            data = resources.files("brochure.preview").joinpath("static", name).read_bytes()
            self._send(HTTPStatus.OK, data, STATIC[name])
        elif path == "/api/state":
            self._state(query)
        elif path == "/pdf":
            self._pdf(query)
        elif (match := _IMAGE.fullmatch(path)) is not None:
            image = self.server.session.image(int(match[1]), int(match[2]))
            if image is None:
                self._error(HTTPStatus.NOT_FOUND, "no such page image")
            else:
                self._send(HTTPStatus.OK, image, "image/png")
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:
        """An edit: token required, JSON body of limited size."""
        if not self._host_ok():
            return
        token = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.server.token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "missing or wrong session token; reload the page")
            return
        if urlsplit(self.path).path != "/api/edit":
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return
        body = self._body()
        if body is not None:
            self._edit(body)

    # -- answers -------------------------------------------------------------------------

    def _page(self) -> bytes:
        html = resources.files("brochure.preview").joinpath("static", "index.html").read_text()
        return html.replace("{{token}}", self.server.token).encode("utf-8")

    def _variant(self, query: dict[str, str]) -> Variant:
        return self.server.session.variant(
            query.get("language"), query.get("profile"), query.get("paper"), query.get("format")
        )

    def _state(self, query: dict[str, str]) -> None:
        session = self.server.session
        variant = self._variant(query)
        since = _number(query.get("since"))
        wait = LONG_POLL_S if query.get("wait") == "1" else 0.0
        build = session.wait(variant, since, wait)
        choices = session.choices
        data: dict[str, Any] = build.to_data() if build is not None else _pending(variant)
        data["choices"] = {
            "languages": list(choices.languages),
            "profiles": list(choices.profiles),
            "papers": list(choices.papers),
            "formats": list(choices.formats),
        }
        data["problems"] = [
            *data["problems"],
            *(Finding(p, "error", "batch").to_data() for p in choices.problems),
        ]
        self._json(HTTPStatus.OK, data)

    def _pdf(self, query: dict[str, str]) -> None:
        variant = self._variant(query)
        build: Build | None = self.server.session.wait(variant, 0, DOWNLOAD_WAIT_S)
        if build is None or build.pdf is None:
            self._error(HTTPStatus.CONFLICT, "this variant has not been built yet (see problems)")
            return
        stem = variant.language.rsplit("/", 1)[-1].removesuffix(".yaml") or "leaflet"
        options = variant.options()
        name = re.sub(r"[^A-Za-z0-9._-]", "_", f"{stem}{options.suffix}.pdf")
        self._send(
            HTTPStatus.OK,
            build.pdf,
            "application/pdf",
            {"Content-Disposition": f'attachment; filename="{name}"'},
        )

    def _edit(self, body: dict[str, Any]) -> None:
        session = self.server.session
        fields = ("language", "field", "value", "seen")
        if not all(isinstance(body.get(key), str) for key in fields):
            self._error(HTTPStatus.BAD_REQUEST, "an edit names language, field, value and seen")
            return
        path = session.file_of(body["language"])
        if path is None:
            self._error(HTTPStatus.NOT_FOUND, "no such content file")
            return
        try:
            with self.server.edit_lock:
                written = edit_field(path, body["field"], body["value"], body["seen"])
        except EditConflict as exc:
            self._json(HTTPStatus.CONFLICT, {"error": exc.format_message()})
            return
        except ContentError as exc:
            problems = [Finding(p, "error", "content").to_data() for p in exc.problems]
            self._json(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                {"error": "the edit was not saved", "problems": problems},
            )
            return
        except BrochureError as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": exc.format_message()})
            return
        session.changed()
        self._json(HTTPStatus.OK, {"saved": True, "seen": digest(written)})

    # -- plumbing ------------------------------------------------------------------------

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self._error(HTTPStatus.FORBIDDEN, "unexpected Host header")
            return False
        return True

    def _body(self) -> dict[str, Any] | None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
            return None
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request too large")
            return None
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            self.close_connection = True
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
            return None
        try:
            data = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            self._error(HTTPStatus.BAD_REQUEST, "the body is not a JSON object")
            return None
        return data

    def _json(self, status: HTTPStatus, data: Any) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json(status, {"error": message})

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        headers = {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "Content-Security-Policy": _CSP,
            **(extra or {}),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _number(text: str | None) -> int:
    return int(text) if text is not None and text.isdigit() and len(text) < 10 else 0


def _pending(variant: Variant) -> dict[str, Any]:
    """The state of a variant not built yet."""
    return Build(0, variant, False).to_data() | {"pending": True}


def serve(server: PreviewServer) -> None:
    """Run ``server`` until it is shut down (or Ctrl-C), its session's build thread with it."""
    server.session.start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.session.stop()
        server.server_close()
