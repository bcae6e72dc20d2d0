"""Live progress of a long run on a terminal (tqdm); nothing of it when the output is piped.

Problems are printed above the bar, so that they stay on screen while it keeps counting.
"""
from __future__ import annotations

import sys
import time
from typing import IO

from tqdm import tqdm


class Progress:
    """A count of ``total`` items (None: unknown) with rate and time left, redrawn at most
    every ``REDRAW_SECONDS``; quiet unless ``out`` is a terminal."""

    REDRAW_SECONDS = 0.2

    def __init__(self, total: int | None, unit: str, out: IO[str] | None = None):
        self.out = out or sys.stderr
        self.live = self.out.isatty()
        self.started = time.monotonic()
        self.bar = tqdm(total=total, unit=" " + unit, file=self.out, disable=not self.live,
                        mininterval=self.REDRAW_SECONDS, dynamic_ncols=True, leave=False)

    def advance(self, done: int = 1, status: str | None = None) -> None:
        if status is not None:
            self.bar.set_postfix_str(status, refresh=False)
        self.bar.update(done)

    def note(self, message: str) -> None:
        """A line for the user (a skipped file), above the bar when there is one."""
        if self.live:
            self.bar.write(message, file=self.out)
        else:
            print(message, file=self.out)

    def elapsed(self) -> str:
        """Time since the start, as the bar shows it ("01:05")."""
        return tqdm.format_interval(time.monotonic() - self.started)

    def close(self) -> None:
        self.bar.close()
