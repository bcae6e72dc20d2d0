"""`quotes serve`: the web interface and JSON API on loopback."""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

import attrs

from quotes.cli import non_negative, positive

if TYPE_CHECKING:
    from fastapi import FastAPI

TOKEN_ENV = "QUOTES_INGEST_TOKEN"
OPTIONS_ENV = "QUOTES_SERVE_OPTIONS"  # for the worker processes of --workers N


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="search the quote database in a browser, and a JSON API",
                       description="Serve the web interface and the JSON API (/api, OpenAPI at "
                                   "/openapi.json) over the quote database, read-only.")
    p.add_argument("--db", metavar="PATH|URL",
                   help="SQLite file or postgresql://… URL (default: $QUOTES_DB, else quotes.db "
                        "if it exists; with no database only /extract is served)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer requests for this host name (the server's name on the network); "
                        "others are refused, so that no web page can reach the server by DNS rebinding")
    p.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info",
                   help="info logs every request (default); warning only problems")
    p.add_argument("--workers", type=positive, default=1, metavar="N",
                   help="serve from N processes, to use N cores under many users (default 1)")
    p.add_argument("--page-cache-mb", type=non_negative, default=64, metavar="MB",
                   help="keep up to MB of finished pages per process, served again until the "
                        "database changes (default 64; 0 keeps none)")
    p.add_argument("--allow-ingest", action="store_true",
                   help=f"add POST /api/ingest, guarded by the bearer token in ${TOKEN_ENV}")
    p.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    token = os.environ.get(TOKEN_ENV)
    if args.allow_ingest and not token:
        print(f"quotes: --allow-ingest needs a token in ${TOKEN_ENV}", file=sys.stderr)
        return 2
    try:
        import uvicorn

        from quotes.web.app import allowed_hosts
    except ImportError as exc:
        from quotes.install import extra_command
        print(f"quotes: the web interface needs its extra: {extra_command('web')} ({exc})", file=sys.stderr)
        return 2
    from quotes.db.store import DEFAULT_DB, DbError, db_location

    location: str | None = db_location(args.db)
    if location == DEFAULT_DB and not os.path.exists(DEFAULT_DB):
        if args.allow_ingest:
            print(f"quotes: --allow-ingest needs a database (--db); none at {DEFAULT_DB}", file=sys.stderr)
            return 2
        print(f"quotes: no {DEFAULT_DB} here and no --db; serving only /extract", file=sys.stderr)
        location = None
    options = ServeOptions(location, args.allow_ingest, allowed_hosts(args.host, args.allow_host),
                           args.page_cache_mb)
    try:
        app = options.app()  # a database that cannot be opened is said here, once
    except DbError as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 1
    if args.workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
        return 0
    # each worker process builds its own app (and database connections) from the options
    os.environ[OPTIONS_ENV] = options.to_json()
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=args.workers,
                host=args.host, port=args.port, log_level=args.log_level)
    return 0


@attrs.frozen
class ServeOptions:
    """What `quotes serve` builds its app from; the token stays in its own variable."""

    location: str | None
    allow_ingest: bool
    hosts: list[str]
    page_cache_mb: int = 64

    def app(self) -> "FastAPI":
        from quotes.web.app import create_app
        return create_app(self.location, allow_ingest=self.allow_ingest, token=os.environ.get(TOKEN_ENV),
                          hosts=self.hosts, page_cache_bytes=self.page_cache_mb * 2**20)

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self))


def app_from_environment() -> "FastAPI":
    """The app of one worker of `quotes serve --workers N` (uvicorn imports and calls it)."""
    return ServeOptions(**json.loads(os.environ[OPTIONS_ENV])).app()
