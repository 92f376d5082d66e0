"""The preview server without a browser: pages, images, rebuilds, edits and its security."""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

from brochure.preview.server import MAX_BODY_BYTES, TOKEN_HEADER
from tests.preview.conftest import Running

PNG = b"\x89PNG\r\n\x1a\n"


def test_the_page_its_files_each_image_and_both_pdfs_load(running: Running) -> None:
    page = running.get("/")
    assert page.status == 200
    assert running.server.token.encode() in page.body
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for name in ("preview.js", "preview.css"):
        assert running.get(f"/static/{name}").status == 200
    state = running.until(lambda data: data["ok"])
    assert state["choices"]["languages"] == [running.language, running.language[:-5] + ".es.yaml"]
    assert "trifold" in state["choices"]["formats"]
    assert len(state["pages"]) >= 2
    for index in range(len(state["pages"])):
        image = running.get(f"/img/{state['pages_number']}/{index}.png")
        assert image.status == 200
        assert image.body.startswith(PNG)
    assert running.get(f"/img/{state['pages_number']}/{len(state['pages'])}.png").status == 404
    for profile in ("screen", "print"):
        pdf = running.get(f"/pdf?profile={profile}")
        assert pdf.status == 200
        assert pdf.body.startswith(b"%PDF-")
        assert "attachment" in pdf.headers["Content-Disposition"]


def test_print_pages_carry_trim_bleed_and_safe_zone(running: Running) -> None:
    state = running.until(lambda data: data["ok"], query="&profile=print")
    page = state["pages"][0]
    bleed, trim, safe = page["bleed"], page["trim"], page["safe"]
    assert bleed[0] < trim[0] < safe[0] and safe[2] < trim[2] < bleed[2]
    screen = running.until(lambda data: data["ok"], query="&profile=screen")
    assert screen["pages"][0]["trim"] is None


def test_a_save_changes_the_build_number_within_two_seconds(running: Running) -> None:
    first = running.until(lambda data: data["ok"])
    text = running.content.read_text("utf-8")
    saved = time.monotonic()
    running.content.write_text(text.replace("title: The Benefits", "title: Why Choose"), "utf-8")
    after = running.until(
        lambda data: (
            data["number"] > first["number"] and data["fields"][0]["value"].startswith("Why")
        )
    )
    assert time.monotonic() - saved < 2.0
    assert after["ok"]
    assert after["pages_number"] > first["pages_number"]


def test_an_invalid_save_keeps_the_old_images_and_lists_the_problems(running: Running) -> None:
    good = running.until(lambda data: data["ok"])
    lines = running.content.read_text("utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text.startswith("benefits_heading:")) + 1
    lines[line - 1] = "benefits_heading: [not closed\n"
    running.content.write_text("".join(lines), "utf-8")
    bad = running.until(lambda data: not data["ok"], since=good["number"])
    assert bad["pages_number"] == good["pages_number"]
    assert running.get(f"/img/{good['pages_number']}/0.png").body.startswith(PNG)
    assert bad["problems"]
    assert all(p["file"].endswith("content.yaml") for p in bad["problems"])
    assert any(p["line"] is not None and p["line"] >= line for p in bad["problems"])


def test_a_missing_field_is_reported_with_its_line_and_field(running: Running) -> None:
    good = running.until(lambda data: data["ok"])
    text = running.content.read_text("utf-8")
    running.content.write_text(text.replace("    icon: shield\n", "    icon: shild\n"), "utf-8")
    bad = running.until(lambda data: not data["ok"], since=good["number"])
    problem = next(p for p in bad["problems"] if p["field"] == "benefits[1].icon")
    assert problem["line"] == text.splitlines().index("    icon: shield") + 1
    assert problem["column"] is not None


def test_a_deleted_file_is_reported_and_its_return_rebuilt(running: Running) -> None:
    good = running.until(lambda data: data["ok"])
    text = running.content.read_bytes()
    running.content.unlink()
    gone = running.until(lambda data: not data["ok"], since=good["number"])
    assert "does not exist" in gone["problems"][0]["message"]
    assert gone["pages_number"] == good["pages_number"]
    running.content.write_bytes(text)
    back = running.until(lambda data: data["ok"], since=gone["number"])
    assert back["pages_number"] > good["pages_number"]


def test_a_burst_of_saves_gives_few_builds(running: Running) -> None:
    good = running.until(lambda data: data["ok"])
    text = running.content.read_text("utf-8")
    for count in range(20):
        running.content.write_text(text.replace("title: The", f"title: Save {count} The"), "utf-8")
    final = running.until(lambda data: data["fields"][0]["value"].startswith("Save 19 "))
    assert final["number"] - good["number"] <= 3


def test_an_edit_rewrites_only_the_edited_value(running: Running) -> None:
    state = running.until(lambda data: data["ok"])
    before = running.content.read_bytes()
    answer = running.edit(
        "benefits[1].title", "Stops New Wrinkles", state["seen"], token=running.server.token
    )
    assert answer.status == 200, answer.body
    after = running.content.read_bytes()
    assert after == before.replace(
        b"  - title: Prevents Future Wrinkles\n", b"  - title: Stops New Wrinkles\n"
    )
    assert after.startswith(b"# The sample leaflet.")
    rebuilt = running.until(
        lambda data: any(f["value"] == "Stops New Wrinkles" for f in data["fields"]) and data["ok"]
    )
    assert rebuilt["seen"] == answer.json()["seen"]


def test_an_invalid_edit_is_never_written(running: Running) -> None:
    state = running.until(lambda data: data["ok"])
    before = running.content.read_bytes()
    answer = running.edit("title", "x" * 200, state["seen"], token=running.server.token)
    assert answer.status == 422
    problem = answer.json()["problems"][0]
    assert problem["field"] == "title" and problem["line"] == 4
    assert running.content.read_bytes() == before


def test_an_edit_of_a_file_changed_since_is_refused(running: Running) -> None:
    state = running.until(lambda data: data["ok"])
    changed = running.content.read_bytes() + b"# saved in an editor\n"
    running.content.write_bytes(changed)
    answer = running.edit("title", "New title", state["seen"], token=running.server.token)
    assert answer.status == 409
    assert "changed on disk" in answer.json()["error"]
    assert running.content.read_bytes() == changed


def test_a_write_without_the_token_is_refused(running: Running) -> None:
    state = running.until(lambda data: data["ok"])
    before = running.content.read_bytes()
    assert running.edit("title", "Hacked", state["seen"]).status == 403
    assert running.edit("title", "Hacked", state["seen"], token="x" * 43).status == 403
    assert running.content.read_bytes() == before


def test_a_foreign_host_header_is_refused(running: Running) -> None:
    port = running.server.port
    for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.1.nip.io:{port}"):
        answer = running.get("/", Host=host)
        assert answer.status == 403
        assert running.server.token.encode() not in answer.body
    assert running.get("/", Host=f"localhost:{port}").status == 200


def test_paths_never_reach_the_filesystem(running: Running) -> None:
    for path in (
        "/../content.yaml",
        "/content.yaml",
        "/static/../content.yaml",
        "/static/..%2f..%2fcontent.yaml",
        "/%2e%2e/content.yaml",
        "/static/",
        "/static/index.html",
        "/img/1/../../content.yaml",
    ):
        answer = running.get(path)
        assert answer.status == 404, path
        assert b"Benefits" not in answer.body


def test_the_language_is_one_of_the_sessions_files(running: Running) -> None:
    state = running.until(lambda data: data["ok"], query="&language=../../etc/passwd")
    assert state["variant"]["language"] == running.language


def test_request_bodies_are_capped(running: Running) -> None:
    headers = {
        "Content-Type": "application/json",
        TOKEN_HEADER: running.server.token,
        "Content-Length": str(MAX_BODY_BYTES + 1),
    }
    answer = running.request("POST", "/api/edit", b"{}", headers)
    assert answer.status == 413


def test_a_browser_that_goes_away_does_not_stop_the_server(running: Running) -> None:
    first = running.until(lambda data: data["ok"])
    with socket.create_connection(("127.0.0.1", running.server.port)) as gone:
        request = (
            f"GET /api/state?wait=1&since={first['number']} HTTP/1.1\r\n"
            f"Host: {running.host}\r\n\r\n"
        )
        gone.sendall(request.encode())
    text = running.content.read_text("utf-8")
    running.content.write_text(text.replace("title: The", "title: Still The"), "utf-8")
    after = running.until(lambda data: data["number"] > first["number"] and data["ok"])
    assert re.match(r"Still The", after["fields"][0]["value"])


def test_the_state_is_json_of_the_asked_variant(running: Running) -> None:
    state = running.until(lambda data: data["ok"], query="&format=sheet&paper=letter")
    assert state["variant"]["format"] == "sheet" and state["variant"]["paper"] == "letter"
    assert len(state["pages"]) == 2
    assert json.loads(json.dumps(state)) == state


def test_a_translation_is_a_language_of_its_own(running: Running, translated: Path) -> None:
    spanish = running.server.session.choices.languages[1]
    state = running.until(lambda data: data["ok"], query=f"&language={spanish}")
    assert state["fields"][0]["value"].startswith("Los beneficios")
