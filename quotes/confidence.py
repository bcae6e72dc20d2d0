"""How much to believe a speaker: the share of speakers found the same way that were right.

Each resolved quote carries its evidence (a full name at the cue, a short name expanded,
a pronoun resolved to the last speaker …); rules/confidence.toml maps each kind of evidence
to the rate at which it named the right speaker on tuning data, so that a confidence of 0.8
means about 8 right in 10 (`python bench/calibrate.py` refits and reports it).
"""
from __future__ import annotations

import functools

from quotes.datacache import cached
from quotes.rules import RulesError, shipped, shipped_stamp

DEFAULT = 0.5  # evidence the table does not know


@functools.lru_cache(maxsize=1)
def table() -> dict[str, dict[str, float]]:
    return cached("confidence", shipped_stamp([("confidence.toml",)]) or shipped("confidence.toml"),
                  lambda: _parse(shipped("confidence.toml")))


def _parse(data: bytes) -> dict[str, dict[str, float]]:
    import tomllib  # only when the cache misses (quotes.datacache)
    parsed = tomllib.loads(data.decode("utf-8"))
    for group, rows in parsed.items():
        if not isinstance(rows, dict) or not all(isinstance(v, float) and 0 <= v <= 1 for v in rows.values()):
            raise RulesError(f"rules/confidence.toml: [{group}] must map evidence to numbers in 0..1")
    return parsed


def confidence(evidence: str, kind: str) -> float:
    """P(speaker right) for a quote of ``kind`` whose speaker was found by ``evidence``."""
    group = "indirect" if kind == "indirect" else "quoted"
    return table().get(group, {}).get(evidence, DEFAULT)
