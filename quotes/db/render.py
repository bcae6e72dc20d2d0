"""Writing query rows as an aligned table, JSONL or CSV."""
from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable, Protocol, Sequence

LISTING_FORMATS = ("table", "jsonl", "csv")


class Row(Protocol):
    def as_dict(self) -> dict[str, Any]: ...


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))
    return str(value)


def _cell(value: Any, width: int) -> str:
    text = " ".join(_flat(value).split())  # a table cell is one line
    return text if len(text) <= width else text[:width - 1] + "…"


def write_rows(out: IO[str], rows: Iterable[Row], fmt: str, columns: Sequence[str],
               widths: dict[str, int] | None = None) -> int:
    """Write rows; ``columns`` (and their maximum ``widths``) shape the table only: JSONL and
    CSV carry every field. Returns the number of rows written."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row.as_dict(), ensure_ascii=False, default=str) + "\n")
            count += 1
    elif fmt == "csv":
        writer = None
        for row in rows:
            data = row.as_dict()
            if writer is None:
                writer = csv.DictWriter(out, list(data))
                writer.writeheader()
            writer.writerow({k: _flat(v) for k, v in data.items()})
            count += 1
    elif fmt == "table":
        widths = widths or {}
        cells = [[_cell(row.as_dict()[c], widths.get(c, 60)) for c in columns] for row in rows]
        count = len(cells)
        sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        for line in [list(columns)] + cells:
            out.write("  ".join(v.ljust(n) for v, n in zip(line, sizes)).rstrip() + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(LISTING_FORMATS)}")
    return count


def write_record(out: IO[str], record: dict[str, Any], fmt: str) -> None:
    """One record (stats): "name  value" lines as a table, else like write_rows."""
    if fmt != "table":
        write_rows(out, [_Record(record)], fmt, list(record))
        return
    width = max(map(len, record))
    for name, value in record.items():
        out.write(f"{name.ljust(width)}  {_flat(value)}\n")


class _Record:
    def __init__(self, data: dict[str, Any]):
        self.data = data

    def as_dict(self) -> dict[str, Any]:
        return self.data
