"""Request parameters shared by the search page and /api/quotes, checked once, here."""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

import attrs
from fastapi import Path, Query
from pydantic import BeforeValidator

from quotes.web.limits import MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_CHARS, NO_NUL
from quotes.web.schemas import Kind

# Ids are 32-bit INTEGER columns: any such number is looked up (404 when unknown); a larger
# one is not an id at all (PostgreSQL would refuse to compare it with one).
Id = Annotated[int, Path(ge=-(2**31), le=2**31 - 1)]
# A plain HTML form sends an empty field as "", so "" means "no filter" for every text field.
Text = Annotated[str, Query(max_length=MAX_QUERY_CHARS, pattern=NO_NUL)]


def _iso_only(value: object) -> object:
    # pydantic alone would also read "0" or "1700000000" as a date (a Unix time)
    if isinstance(value, str) and value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("not a date: use YYYY-MM-DD")
    return value


Date = Annotated[dt.date | Literal[""], BeforeValidator(_iso_only), Query(description="YYYY-MM-DD, inclusive")]


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


async def search_params(
    q: Annotated[Text, Query(description='words and "phrases" every quote must contain')] = "",
    speaker: Annotated[Text, Query(description="speaker name, alias or title words")] = "",
    kind: Annotated[list[Kind], Query(description="only these kinds (repeatable)")] = [],  # noqa: B006
    outlet: Annotated[Text, Query(description="outlet, exact (case-insensitive)")] = "",
    since: Date = "",
    until: Date = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 20,
) -> SearchParams:
    """A FastAPI dependency: the search as asked, or 422 saying what is wrong.

    async, though it awaits nothing: FastAPI would run a plain function in a worker thread.
    """
    return SearchParams(
        q=q.strip(), speaker=speaker.strip() or None, kinds=tuple(dict.fromkeys(kind)),
        outlet=outlet.strip() or None, since=since or None, until=until or None,
        page=page, per_page=per_page)
