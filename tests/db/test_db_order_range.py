"""A date range as a range of order keys: exactly the quotes published in it, undated never."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from quotes.db.layout import MAX_QUOTES_PER_ARTICLE, order_key, order_key_range

dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@given(published=st.none() | dates, since=st.none() | dates, until=st.none() | dates,
       article=st.integers(0, (1 << 28) - 1), position=st.integers(0, MAX_QUOTES_PER_ARTICLE - 1))
def test_a_key_is_in_the_range_exactly_when_its_date_is(published, since, until, article, position):
    if since is None and until is None:
        return  # no date filter: search adds no range
    low, high = order_key_range(since, until)
    inside = published is not None and (since is None or since <= published) and (until is None or published <= until)
    assert (low <= order_key(published, article, position) <= high) == inside
