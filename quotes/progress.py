"""Live progress of a long run on a terminal (tqdm); nothing of it when the output is piped.

Problems are printed above the bar, so that they stay on screen while it keeps counting.
"""
from __future__ import annotations

import os
import sys
import time
from typing import IO


class Progress:
    """A count of ``total`` items (None: unknown) with rate and time left, redrawn at most
    every ``REDRAW_SECONDS``; quiet unless ``out`` is a terminal."""

    REDRAW_SECONDS = 0.2

    def __init__(self, total: int | None, unit: str, out: IO[str] | None = None):
        self.out = out or sys.stderr
        self.live = self.out.isatty()
        self.started = time.monotonic()
        self.bar = None
        if self.live:  # tqdm (and the metadata machinery it imports) only for a terminal
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit=" " + unit, file=self.out, mininterval=self.REDRAW_SECONDS,
                            leave=False, **self._size())

    def _size(self) -> dict[str, int]:
        """The terminal's size; one that tells none (0 x 0: a bare pseudo-terminal) gets
        100 x 20, where tqdm would draw nothing at all."""
        try:
            size = os.get_terminal_size(self.out.fileno())
        except (OSError, ValueError, AttributeError):
            return {}
        return {"ncols": size.columns or 100, "nrows": size.lines or 20}

    def advance(self, done: int = 1, status: str | None = None) -> None:
        if self.bar is None:
            return
        if status is not None:
            self.bar.set_postfix_str(status, refresh=False)
        self.bar.update(done)

    def note(self, message: str) -> None:
        """A line for the user (a skipped file), above the bar when there is one."""
        if self.bar is not None:
            self.bar.write(message, file=self.out)
        else:
            print(message, file=self.out)

    def elapsed(self) -> str:
        """Time since the start, as the bar shows it ("01:05")."""
        from tqdm import tqdm
        return tqdm.format_interval(time.monotonic() - self.started)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
