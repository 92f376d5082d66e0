"""A preview server running in a thread on a free port, over a scratch copy of the sample
project, and a small HTTP client for it."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from brochure.preview.server import TOKEN_HEADER, PreviewServer, serve
from brochure.preview.session import Session
from tests.helpers import ROOT

TIMEOUT_S = 30.0
"""Generous: a build takes a fraction of a second, but CI machines are slow."""


@dataclass
class Answer:
    """A response: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Running:
    """A running preview server and its content file."""

    server: PreviewServer
    content: Path

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server.port}"

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request exactly as given (no path normalisation)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=TIMEOUT_S)
        try:
            connection.putrequest(method, path, skip_host=True)
            sent = {"Host": self.host, **(headers or {})}
            if body is not None:
                sent.setdefault("Content-Length", str(len(body)))
            for name, value in sent.items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            connection.close()

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def state(self, since: int = 0, query: str = "") -> dict[str, Any]:
        """The state of the default variant, waiting for a build newer than ``since``."""
        answer = self.get(f"/api/state?wait=1&since={since}{query}")
        assert answer.status == 200
        data: dict[str, Any] = answer.json()
        return data

    def until(
        self, check: Callable[[dict[str, Any]], bool], since: int = 0, query: str = ""
    ) -> dict[str, Any]:
        """Long-poll until a build satisfies ``check``; fail after :data:`TIMEOUT_S`."""
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            data = self.state(since, query)
            if check(data):
                return data
            since = data["number"]
        raise AssertionError(f"no build satisfied the check in {TIMEOUT_S} s")

    def edit(self, field: str, value: str, seen: str, *, token: str | None = None) -> Answer:
        body = json.dumps(
            {"language": self.language, "field": field, "value": value, "seen": seen}
        ).encode()
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers[TOKEN_HEADER] = token
        return self.request("POST", "/api/edit", body, headers)

    @property
    def language(self) -> str:
        return self.server.session.choices.languages[0]


@pytest.fixture
def translated(project: Path) -> Path:
    """The sample project with its Spanish translation."""
    shutil.copy2(ROOT / "content.es.yaml", project / "content.es.yaml")
    return project


@pytest.fixture
def running(translated: Path) -> Iterator[Running]:
    """A preview of the sample project's content.yaml, served on a free port."""
    content = translated / "content.yaml"
    server = PreviewServer(Session(content), "127.0.0.1", 0)
    thread = threading.Thread(target=serve, args=(server,), daemon=True)
    thread.start()
    try:
        yield Running(server, content)
    finally:
        server.shutdown()
        thread.join(timeout=TIMEOUT_S)
