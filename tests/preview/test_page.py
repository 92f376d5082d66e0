"""The page (brochure/preview/static) end to end, in a real headless Chromium driven by
Playwright: edit a benefit title in the page, see the page image change and the file saved;
break the YAML in the file and see the error panel with its line.

Chromium comes from Debian (``apt-get install -y chromium``), never downloaded at test time.
Without it the test is skipped, except under CI (``CI`` set), where it fails instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.preview.conftest import TIMEOUT_S, Running

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install it (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium); CI is not set")
    return CHROMIUM


def test_edit_in_the_page_then_break_the_file(running: Running, chromium: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    timeout = TIMEOUT_S * 1000
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.set_default_timeout(timeout)
            page.goto(f"http://{running.host}/")
            expect(page.locator("#status")).to_contain_text("up to date")
            first = page.locator(".page img").first
            before = first.get_attribute("src")
            field = page.locator('input[data-field="benefits[0].title"]')
            expect(field).to_have_value("Diminishes Fine Lines and Wrinkles")

            field.fill("Softens Fine Lines")
            page.locator('.field[data-field="benefits[0].title"] button').click()
            expect(page.locator('.field[data-field="benefits[0].title"] .msg')).to_have_text(
                "Saved"
            )
            expect(first).not_to_have_attribute("src", before or "")
            assert "  - title: Softens Fine Lines\n" in running.content.read_text("utf-8")

            lines = running.content.read_text("utf-8").splitlines(keepends=True)
            broken = next(i for i, t in enumerate(lines) if t.startswith("closing:")) + 1
            lines[broken - 1] = "closing: a colon: inside plain text\n"
            running.content.write_text("".join(lines), "utf-8")
            panel = page.locator("#problems-panel")
            expect(panel).to_be_visible()
            expect(panel).to_contain_text(f"content.yaml:{broken}")
            expect(page.locator("#status")).to_contain_text("failed")
            assert page.locator(".page img").count() > 0  # the last good pages stay
        finally:
            browser.close()
