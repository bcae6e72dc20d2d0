"""Output formats, written from hand-made quotes so they do not depend on the engine."""
from __future__ import annotations

import csv
import io
import json

import attrs
import pytest

import quotes
from quotes.model import Quote, Span
from quotes.outputs import CSV_FIELDS, Writer

SOURCE = 'Menlu AS Antony Blinken tiba.\n"Kami siap, "tentu saja"," ujarnya.\nDia menambahkan, semua\tberes.'


def span(text: str) -> Span:
    start = SOURCE.index(text)
    return Span.of(SOURCE, start, start + len(text))


QUOTED, NYA, ADDED, REPORT = span('Kami siap, "tentu saja",'), span("ujarnya"), span("menambahkan"), span("semua\tberes.")
DIRECT = Quote("direct", QUOTED.text, QUOTED.start, QUOTED.end, speaker="Antony Blinken", mention=NYA,
               title="Menlu AS", resolution="pronoun", cue=NYA, confidence=0.91234)
INDIRECT = Quote("indirect", REPORT.text, REPORT.start, REPORT.end, speaker=None, cue=ADDED)


def written(fmt: str, quotes: list[Quote]) -> str:
    out = io.StringIO(newline="")
    writer = Writer(out, fmt)
    writer.write("berita.txt", quotes)
    writer.close()
    return out.getvalue()


def test_jsonl_one_object_a_line_unicode_kept() -> None:
    lines = written("jsonl", [DIRECT, INDIRECT]).splitlines()
    assert [json.loads(line) for line in lines] == [DIRECT.as_dict("berita.txt"), INDIRECT.as_dict("berita.txt")]
    assert json.loads(lines[0])["confidence"] == 0.912
    assert json.loads(lines[1])["speaker_mention"] is None


def test_json_is_a_list_even_when_empty() -> None:
    assert json.loads(written("json", [DIRECT, INDIRECT]))[1]["kind"] == "indirect"
    assert json.loads(written("json", [])) == []


def test_csv_flattens_spans_and_quotes_awkward_text() -> None:
    rows = list(csv.DictReader(io.StringIO(written("csv", [DIRECT, INDIRECT]), newline="")))
    assert list(rows[0]) == CSV_FIELDS
    assert (rows[0]["text"], rows[0]["speaker_mention"], rows[0]["cue"]) == (DIRECT.text, "ujarnya", "ujarnya")
    assert (rows[1]["speaker"], rows[1]["speaker_mention"], rows[1]["text"]) == ("", "", "semua\tberes.")


def test_text_shows_who_how_and_what() -> None:
    direct, indirect = written("text", [DIRECT, INDIRECT]).split("berita.txt:")[1:]
    assert direct.startswith(f"{QUOTED.start}-{QUOTED.end}  Antony Blinken, Menlu AS  [direct; cue 'ujarnya'; via 'ujarnya' (pronoun)]")
    assert '“Kami siap, "tentu saja",”' in direct
    assert indirect.startswith(f"{REPORT.start}-{REPORT.end}  (unknown speaker)  [indirect; cue 'menambahkan']")
    assert "semua\tberes." in indirect and "“" not in indirect


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="xml"):
        Writer(io.StringIO(), "xml")


def test_api_types_are_frozen_attrs_classes() -> None:
    assert quotes.Quote is Quote and quotes.Span is Span
    assert attrs.has(Quote) and attrs.has(Span)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        DIRECT.speaker = "Sergey Lavrov"  # type: ignore[misc]
