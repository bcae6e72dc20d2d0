"""Request parameters shared by the search page and /api/quotes, checked once, here."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import attrs
from fastapi import HTTPException, Path, Query

from quotes.web.limits import MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_CHARS

Kind = Literal["direct", "mixed", "indirect"]
# Ids are 32-bit INTEGER columns: any such number is looked up (404 when unknown); a larger
# one is not an id at all (PostgreSQL would refuse to compare it with one).
Id = Annotated[int, Path(ge=-(2**31), le=2**31 - 1)]
# A plain HTML form sends an empty field as "", so "" means "no filter" for every text field.
Text = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]
Date = Annotated[str, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="YYYY-MM-DD, inclusive")]


@attrs.frozen
class SearchParams:
    q: str
    speaker: str | None
    kinds: tuple[str, ...]
    outlet: str | None
    since: dt.date | None
    until: dt.date | None
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def empty(self) -> bool:
        """Nothing asked for yet: the search page shows its form and the latest quotes."""
        return not (self.q or self.speaker or self.kinds or self.outlet or self.since or self.until)


def _date(name: str, value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _text(name: str, value: str) -> str:
    # No database stores NUL in text, and PostgreSQL refuses it outright: refuse it here.
    if "\x00" in value:
        raise HTTPException(422, f"{name}: NUL characters are not allowed")
    return value.strip()


def search_params(
    q: Annotated[Text, Query(description='words and "phrases" every quote must contain')] = "",
    speaker: Annotated[Text, Query(description="speaker name, alias or title words")] = "",
    kind: Annotated[list[Kind], Query(description="only these kinds (repeatable)")] = [],  # noqa: B006
    outlet: Annotated[Text, Query(description="outlet, exact (case-insensitive)")] = "",
    since: Date = "",
    until: Date = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> SearchParams:
    """A FastAPI dependency: the search as asked, or 422 saying what is wrong."""
    return SearchParams(
        q=_text("q", q), speaker=_text("speaker", speaker) or None, kinds=tuple(dict.fromkeys(kind)),
        outlet=_text("outlet", outlet) or None, since=_date("since", since), until=_date("until", until),
        page=page, per_page=per_page)
