"""Headless Chromium for the desk's browser tests: Debian's `chromium`, driven by Playwright.

Playwright cannot download its own browsers here, so it launches the system's binary by
`executable_path`. Screenshots are kept under artifacts/screenshots/ as test artefacts.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, Page, ViewportSize, async_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PHONE = ViewportSize(width=360, height=740)  # a cheap phone, inside Telegram
DESKTOP = ViewportSize(width=1280, height=800)
# Without these, Chromium keeps calling Google's hosts, which this network refuses.
QUIET = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    """The system's Chromium; the test environment must have it (.ci/run installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("Debian's chromium is needed for the browser tests: "
                           "apt-get install chromium")
    return found


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """A headless Chromium for one test."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                   headless=True, args=QUIET)
        try:
            yield browser
        finally:
            await browser.close()


async def screenshots(page: Page, name: str) -> list[Path]:
    """Screenshots of the page at 360 px and 1280 px wide, kept as test artefacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    taken = []
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        await page.set_viewport_size(size)
        path = SCREENSHOTS / f"{name}-{label}.png"
        await page.screenshot(path=str(path), full_page=True)
        taken.append(path)
    return taken


def console_errors(page: Page) -> list[str]:
    """Errors the page reports from now on: console errors (a script or style blocked by the
    content security policy, a failed request) and uncaught script exceptions."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return errors
