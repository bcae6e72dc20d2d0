"""A cache of one result per thread: what an article's stages share while it is read."""
from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

R = TypeVar("R")
_LOCALS: list[threading.local] = []  # every last_call's entries, for forget()


def last_call(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn`` that remembers its last arguments and result, one pair per thread.

    Every stage asks for the same article's words; a cache of several articles would keep
    the earlier ones alive, and the garbage collector walks each of their words again at
    every full collection (a long article's cost per word grew with them). One entry per
    thread, so that threads extracting at once (the web app) do not evict each other's;
    extract() forgets them when its article is done.
    """
    local = threading.local()
    _LOCALS.append(local)

    @functools.wraps(fn)
    def cached(*args):
        last = getattr(local, "last", None)
        # a tuple compares its items by identity first: the same article costs no string compare
        if last is not None and last[0] == args:
            return last[1]
        local.last = None  # the previous article is freed before the next is built
        result = fn(*args)
        local.last = (args, result)
        return result
    return cached


def forget() -> None:
    """Drop this thread's entries of every last_call: once an article is extracted nothing
    of it stays (a server's dozens of worker threads would each keep one article alive)."""
    for local in _LOCALS:
        local.last = None
