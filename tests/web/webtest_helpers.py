"""Helpers for the web tests: a live server, a test database, screenshot checks."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import web_article
from quotes.db.ingest import ingest
from quotes.db.schema import metadata
from quotes.db.store import engine_for, open_db

CHROMIUM = os.environ.get("QUOTES_CHROMIUM", "/usr/bin/chromium")
# Chromium's own phoning home is refused on this network; these keep it from trying, and
# --no-sandbox because CI runs as root.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
def build_db(location: str) -> str:
    """A fresh quote database at ``location`` holding web_article.corpus()."""
    if "://" in location:
        engine = engine_for(location)
        metadata.drop_all(engine)
        engine.dispose()
    engine = open_db(location, create=True)
    try:
        ingest(engine, web_article.corpus(), web_article.extractor)
    finally:
        engine.dispose()
    return location


class LiveServer:
    """uvicorn serving ``app`` in a background thread on 127.0.0.1 and a free port."""

    def __init__(self, app) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

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


def screenshot(page, folder: Path, name: str) -> None:
    """The page as folder/name.png, checked not to be blank."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert_not_blank(path)


def assert_not_blank(png: Path) -> None:
    """A screenshot shows something: many colours and real variation, not one flat fill."""
    from PIL import Image, ImageStat

    with Image.open(png) as img:
        rgb = img.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        spread = ImageStat.Stat(rgb.convert("L")).stddev[0]
    assert len(colours) > 50, f"{png} has only {len(colours)} colours: blank page?"
    assert spread > 10, f"{png} is nearly uniform (stddev {spread:.1f}): blank page?"
