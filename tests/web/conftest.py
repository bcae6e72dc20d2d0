"""Fixtures for the web tests: a live server on loopback and a real headless Chromium."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = os.environ.get("QUOTES_CHROMIUM", "/usr/bin/chromium")
# Chromium's own phoning home is refused on this network; these keep it from trying, and
# --no-sandbox because CI runs as root.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class LiveServer:
    """uvicorn serving ``app`` in a background thread on 127.0.0.1 and a free port."""

    def __init__(self, app) -> None:
        import uvicorn

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A Playwright browser context in Debian's Chromium, with a fresh profile.

    Playwright drives the system Chromium (executable_path); its own browser downloads are
    never used. Skips, saying why, only where Chromium is not installed at all.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run scripts/install-chromium.sh (as root)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            headless=True, args=CHROMIUM_FLAGS, viewport={"width": 1200, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser) -> Iterator:
    p = browser.new_page()
    p.set_default_timeout(15_000)
    try:
        yield p
    finally:
        p.close()


def assert_not_blank(png: Path) -> None:
    """A screenshot shows something: many colours and real variation, not one flat fill."""
    from PIL import Image, ImageStat

    with Image.open(png) as img:
        rgb = img.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        spread = ImageStat.Stat(rgb.convert("L")).stddev[0]
    assert len(colours) > 50, f"{png} has only {len(colours)} colours: blank page?"
    assert spread > 10, f"{png} is nearly uniform (stddev {spread:.1f}): blank page?"
