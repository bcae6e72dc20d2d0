"""Loading the language rules in rules/*.toml (and users' own files), validated once."""
from __future__ import annotations

import functools
from typing import Sequence

import attrs


class RulesError(Exception):
    """A rules file is missing, malformed or holds a value of the wrong kind."""


@attrs.frozen
class Rules:
    pass


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Rules:
    return Rules()


def load_rules(extra: Sequence[str] = ()) -> Rules:
    """The shipped rules plus each file in ``extra``; loaded once per distinct list."""
    return _load(tuple(extra))
