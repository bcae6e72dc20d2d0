"""A read-only PostgreSQL connection on libpq alone, through ctypes, for the CLI's reads.

`import psycopg` takes 0.15-0.3 s (its package imports asyncio, logging and
importlib.metadata), more than a whole `quotes db search` on SQLite. libpq itself loads in a
few milliseconds, and libpq does everything that is hard about a connection: the URL, its
parameters and environment (PGPASSWORD, ~/.pgpass, sslmode …), authentication and TLS. What
is left here is small: bind parameters in psycopg's style, wait for the answer in a way
Ctrl-C can interrupt (cancelling the query on the server), and turn the text of each value
into the Python value psycopg would give for the types the quote database returns.

connect() answers None where no libpq can be loaded (then quotes.db.reader uses psycopg).
Values are decoded in Python, one call per value: right for a page of results, not for
millions of rows (an export reads through psycopg).
"""
from __future__ import annotations

import ctypes
import datetime as dt
import os
import re  # not regex: like the rest of the read path, whose start-up this module is for
import select
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

_PARAM = re.compile(r"%\((\w+)\)s|%%")
_CONNECTION_OK = 0
_COMMAND_OK, _TUPLES_OK = 1, 2
_DIAG_MESSAGE_PRIMARY = ord("M")
# type OIDs (pg_type) of the values psycopg sends Python values as
_BOOL, _INT8, _INT2, _INT4, _FLOAT8, _NUMERIC = 16, 20, 21, 23, 701, 1700
_UNKNOWN = 0  # text the server types from where it stands, as psycopg sends str
# where psycopg's binary wheel keeps its libpq, and the name a platform installs it under
_WHEEL_FOLDERS = ("psycopg_binary.libs", "psycopg_binary/.dylibs")
_SYSTEM_NAMES = {"linux": ["libpq.so.5"], "darwin": ["libpq.5.dylib"], "win32": ["libpq.dll"]}


class Error(Exception):
    """What libpq or the server said: the connection failed or a statement was refused."""


def _decimal(text: bytes) -> Any:
    from decimal import Decimal  # only sums are numeric: not worth importing for every read
    return Decimal(text.decode())


# result OID -> how psycopg reads its text; any other type comes back as str
_LOADERS: dict[int, Callable[[bytes], Any]] = {
    _BOOL: lambda b: b == b"t",
    _INT8: int, _INT2: int, _INT4: int, 26: int,  # 26: oid
    700: float, _FLOAT8: float,
    _NUMERIC: _decimal,
    1082: lambda b: dt.date.fromisoformat(b.decode()),
    1114: lambda b: dt.datetime.fromisoformat(b.decode()),
}


def _str(raw: bytes) -> str:
    # UTF-8 as asked at connect; a SQL_ASCII database passes its bytes on unchecked
    return raw.decode("utf-8", "replace")


def _library_paths() -> Iterator[str]:
    """psycopg's own libpq first (the one a psycopg connection would use), then the system's."""
    from importlib.util import find_spec  # finds psycopg_binary without importing it
    spec = find_spec("psycopg_binary")
    if spec is not None and spec.submodule_search_locations:
        site = Path(list(spec.submodule_search_locations)[0]).parent
        for folder in _WHEEL_FOLDERS:
            yield from sorted(str(p) for p in (site / folder).glob("libpq*"))
    yield from _SYSTEM_NAMES.get(sys.platform, ["libpq.so.5"])


_lib: ctypes.CDLL | None = None


def _load() -> ctypes.CDLL | None:
    """libpq with the signatures used here (loaded once), or None where there is none."""
    global _lib
    if _lib is not None:
        return _lib
    for path in _library_paths():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        p, c, i, s = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        for name, restype, argtypes in [
            ("PQconnectdbParams", p, [ctypes.POINTER(c), ctypes.POINTER(c), i]),
            ("PQstatus", i, [p]), ("PQerrorMessage", s, [p]), ("PQfinish", None, [p]),
            ("PQexec", p, [p, c]), ("PQsocket", i, [p]),
            ("PQsendQueryParams", i, [p, c, i, ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(c),
                                      ctypes.POINTER(i), ctypes.POINTER(i), i]),
            ("PQconsumeInput", i, [p]), ("PQisBusy", i, [p]), ("PQgetResult", p, [p]),
            ("PQresultStatus", i, [p]), ("PQresultErrorField", s, [p, i]),
            ("PQresultErrorMessage", s, [p]), ("PQclear", None, [p]),
            ("PQntuples", i, [p]), ("PQnfields", i, [p]), ("PQftype", ctypes.c_uint, [p, i]),
            ("PQgetvalue", s, [p, i, i]), ("PQgetisnull", i, [p, i, i]),
            ("PQgetCancel", p, [p]), ("PQcancel", i, [p, c, i]), ("PQfreeCancel", None, [p]),
        ]:
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
        _lib = lib
        return lib
    return None


def _text(raw: bytes | None) -> str:
    return (raw or b"").decode("utf-8", "replace").strip()


def _param(value: object) -> tuple[int, bytes | None]:
    """(type OID, text) of a bound value, typed as psycopg types it."""
    if value is None:
        return _UNKNOWN, None
    if isinstance(value, bool):
        return _BOOL, b"t" if value else b"f"
    if isinstance(value, int):  # the smallest integer type that holds it, as psycopg
        oid = (_INT2 if -2**15 <= value < 2**15 else _INT4 if -2**31 <= value < 2**31
               else _INT8 if -2**63 <= value < 2**63 else _NUMERIC)
        return oid, str(value).encode()
    if isinstance(value, float):
        return _FLOAT8, repr(value).encode()
    if isinstance(value, (str, dt.date)):
        return _UNKNOWN, (value if isinstance(value, str) else value.isoformat()).encode()
    raise TypeError(f"cannot bind a {type(value).__name__} value")


def _bind(text: str, params: dict[str, object]) -> tuple[str, list[object]]:
    """psycopg's %(name)s placeholders as libpq's $1, $2 …, and the values in that order."""
    order: dict[str, int] = {}

    def number(match: Any) -> str:
        if match.group(1) is None:
            return "%"
        name = match.group(1)
        if name not in params:
            raise KeyError(f"no value for the parameter {name!r}")
        return f"${order.setdefault(name, len(order) + 1)}"

    return _PARAM.sub(number, text), [params[name] for name in order]


class Cursor:
    """The rows of one statement, as a DB-API cursor gives them."""

    def __init__(self, rows: list[tuple[Any, ...]]):
        self._rows = rows

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


class Connection:
    """One connection in one read-only transaction, as psycopg's with read_only set."""

    def __init__(self, lib: ctypes.CDLL, url: str):
        self._lib = lib
        keywords = (ctypes.c_char_p * 3)(b"dbname", b"client_encoding", None)
        values = (ctypes.c_char_p * 3)(url.encode(), b"UTF8", None)
        self._conn = lib.PQconnectdbParams(keywords, values, 1)  # 1: dbname is a URL
        if not self._conn or lib.PQstatus(self._conn) != _CONNECTION_OK:
            message = _text(lib.PQerrorMessage(self._conn)) if self._conn else "out of memory"
            self.close()
            raise Error(message)
        # one round trip: the value formats read back below, whatever the server's or the
        # user's defaults
        result = lib.PQexec(self._conn, b"BEGIN READ ONLY; SET DateStyle = ISO; SET extra_float_digits = 3")
        ok = result and lib.PQresultStatus(result) == _COMMAND_OK
        message = "out of memory" if not result else _text(lib.PQresultErrorMessage(result))
        lib.PQclear(result)
        if not ok:
            self.close()
            raise Error(message)

    def execute(self, text: str, params: dict[str, object] | None = None) -> Cursor:
        sql, values = _bind(text, params or {})
        typed = [_param(v) for v in values]
        count = len(typed)
        types = (ctypes.c_uint * count)(*(oid for oid, _ in typed))
        texts = (ctypes.c_char_p * count)(*(raw for _, raw in typed))
        if not self._lib.PQsendQueryParams(self._conn, sql.encode(), count, types, texts, None, None, 0):
            raise Error(_text(self._lib.PQerrorMessage(self._conn)))
        return Cursor(self._answer())

    def _answer(self) -> list[tuple[Any, ...]]:
        """The rows of the statement sent (waiting so that Ctrl-C can stop it), or its error."""
        lib, conn = self._lib, self._conn
        rows: list[tuple[Any, ...]] = []
        error = None
        while True:
            self._wait()
            result = lib.PQgetResult(conn)
            if not result:
                break
            try:
                status = lib.PQresultStatus(result)
                if status == _TUPLES_OK:
                    rows = _rows(lib, result)
                elif status != _COMMAND_OK and error is None:
                    error = _text(lib.PQresultErrorField(result, _DIAG_MESSAGE_PRIMARY)
                                  or lib.PQresultErrorMessage(result))
            finally:
                lib.PQclear(result)
        if error is not None:
            raise Error(error)
        return rows

    def _wait(self) -> None:
        lib, conn = self._lib, self._conn
        try:
            while lib.PQisBusy(conn):
                select.select([lib.PQsocket(conn)], [], [])
                if not lib.PQconsumeInput(conn):
                    raise Error(_text(lib.PQerrorMessage(conn)))
        except KeyboardInterrupt:
            self._cancel()
            raise

    def _cancel(self) -> None:
        """Ask the server to stop the running statement (as psycopg does on Ctrl-C)."""
        cancel = self._lib.PQgetCancel(self._conn)
        if cancel:
            self._lib.PQcancel(cancel, ctypes.create_string_buffer(256), 256)
            self._lib.PQfreeCancel(cancel)

    def close(self) -> None:
        if self._conn:
            self._lib.PQfinish(self._conn)
            self._conn = None


def _rows(lib: ctypes.CDLL, result: int) -> list[tuple[Any, ...]]:
    columns = range(lib.PQnfields(result))
    loaders: Sequence[Callable[[bytes], Any]] = [
        _LOADERS.get(lib.PQftype(result, c), _str) for c in columns]
    value, isnull = lib.PQgetvalue, lib.PQgetisnull
    rows = []
    for r in range(lib.PQntuples(result)):
        row = []
        for c in columns:
            raw = value(result, r, c)
            # libpq gives NULL as an empty string: ask only then
            row.append(None if not raw and isnull(result, r, c) else loaders[c](raw))
        rows.append(tuple(row))
    return rows


def connect(url: str) -> Connection | None:
    """A read-only connection to the postgresql:// URL, or None when there is no libpq to
    load ($QUOTES_LIBPQ=0 also says so: reads then go through psycopg). Error: it failed."""
    if os.environ.get("QUOTES_LIBPQ") == "0":
        return None
    lib = _load()
    return None if lib is None else Connection(lib, url)
