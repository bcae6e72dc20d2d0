"""Writing quotes as jsonl, json, csv or readable text."""
from __future__ import annotations

import csv
import json
from typing import IO, Iterable

from quotes.model import Quote

FORMATS = ("jsonl", "json", "csv", "text")
CSV_FIELDS = ["doc", "kind", "text", "start", "end", "speaker", "speaker_mention", "title",
              "resolution", "cue", "confidence"]


class Writer:
    """Streams (doc, quote) pairs in one format; call close() once at the end."""

    def __init__(self, out: IO[str], fmt: str):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.out, self.fmt, self.count = out, fmt, 0
        self._csv = None
        if fmt == "csv":
            self._csv = csv.DictWriter(out, CSV_FIELDS)
            self._csv.writeheader()
        elif fmt == "json":
            out.write("[")

    def write(self, doc: str, quotes: Iterable[Quote]) -> None:
        for q in quotes:
            row = q.as_dict(doc)
            if self.fmt == "jsonl":
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
            elif self.fmt == "json":
                self.out.write(("," if self.count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
            elif self.fmt == "csv":
                row["speaker_mention"] = q.mention.text if q.mention else ""
                row["cue"] = q.cue.text if q.cue else ""
                self._csv.writerow(row)
            else:
                self.out.write(as_text(doc, q))
            self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()


def as_text(doc: str, q: Quote) -> str:
    who = q.speaker or "(unknown speaker)"
    if q.title and q.title not in who:
        who = f"{who}, {q.title}"
    how = [q.kind]
    if q.cue:
        how.append(f"cue '{q.cue.text}'")
    elif q.speaker:
        how.append("continues the statement before it")
    if q.mention and q.mention.text != q.speaker:
        how.append(f"via '{q.mention.text}' ({q.resolution})")
    body = f"“{q.text}”" if q.kind != "indirect" else q.text
    return f"{doc}:{q.start}-{q.end}  {who}  [{'; '.join(how)}]\n    {body}\n"
