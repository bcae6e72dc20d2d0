"""Writing quotes as jsonl, json, csv or readable text.

json and csv are imported by the formats that use them: the default text needs neither,
and a one-file `quotes extract` feels each import in its start-up."""
from __future__ import annotations

import io
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
        if fmt == "csv":
            import csv
            csv.DictWriter(out, CSV_FIELDS).writeheader()
        elif fmt == "json":
            out.write("[")

    def write(self, doc: str, quotes: Iterable[Quote]) -> None:
        self.write_lines(format_quotes(doc, quotes, self.fmt))

    def write_lines(self, lines: Iterable[str]) -> None:
        """Quotes already formatted by format_quotes() in this writer's format."""
        for line in lines:
            if self.fmt == "json":
                self.out.write(("," if self.count else "") + "\n  " + line)
            else:
                self.out.write(line)
            self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        self.out.flush()


def format_quotes(doc: str, quotes: Iterable[Quote], fmt: str) -> list[str]:
    """Each quote as its output record in ``fmt`` (a json record without the separator the
    list puts between records): ready text that worker processes hand back instead of quotes."""
    if fmt == "csv":
        import csv
        buffer = io.StringIO()
        rows = csv.DictWriter(buffer, CSV_FIELDS)
    elif fmt != "text":
        import json
    lines = []
    for q in quotes:
        if fmt == "text":
            lines.append(as_text(doc, q))
            continue
        row = q.as_dict(doc)
        if fmt == "jsonl":
            lines.append(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt == "json":
            lines.append(json.dumps(row, ensure_ascii=False))
        else:
            row["speaker_mention"] = q.mention.text if q.mention else ""
            row["cue"] = q.cue.text if q.cue else ""
            rows.writerow(row)
            lines.append(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    return lines


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
