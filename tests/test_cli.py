"""`quotes extract` end to end, as a user runs it: a subprocess, real files, real pipes."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quotes.outputs import CSV_FIELDS

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
JSONL_FIELDS = ["doc", "kind", "text", "start", "end", "speaker", "speaker_mention", "title",
                "resolution", "cue", "confidence"]

ARTICLE = ("Kepala Desa Sukamaju, Budi Santoso, meninjau lokasi banjir pada Senin.\n\n"
           '"Air mulai surut di dua desa," kata Budi.\n\n'
           "Ia menambahkan, bantuan dari provinsi akan tiba besok pagi.\n")


def quotes_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """`quotes …` on one process (--jobs 1 unless given): worker start-up would dominate."""
    jobs = [] if "--jobs" in args else ["--jobs", "1"]
    return subprocess.run([sys.executable, "-m", "quotes.cli", *args, *jobs], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120)


def jsonl_rows(result: subprocess.CompletedProcess) -> list[dict]:
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def assert_row_exact(row: dict, source: str) -> None:
    assert source[row["start"]:row["end"]] == row["text"], row
    for key in ("speaker_mention", "cue"):
        if row[key] is not None:
            span = row[key]
            assert set(span) == {"text", "start", "end"}, row
            assert source[span["start"]:span["end"]] == span["text"], (key, row)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --- formats -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_rows() -> list[dict]:
    return jsonl_rows(quotes_cli("extract", "samples", "--format", "jsonl"))


def test_jsonl_has_every_field_and_exact_offsets(sample_rows: list[dict]) -> None:
    # bytes decoded as the CLI does: read_text() would translate line endings
    docs = {str(p.relative_to(ROOT)): p.read_bytes().decode("utf-8") for p in SAMPLE_FILES}
    assert {row["doc"] for row in sample_rows} == set(docs), "every sample has quotes"
    for row in sample_rows:
        assert list(row) == JSONL_FIELDS
        assert row["kind"] in ("direct", "mixed", "indirect")
        assert row["resolution"] in ("name", "alias", "pronoun", "role", "organisation", "none")
        assert 0 <= row["confidence"] <= 1
        assert_row_exact(row, docs[row["doc"]])


def test_jsonl_of_one_article(article: Path) -> None:
    rows = jsonl_rows(quotes_cli("extract", str(article), "--format", "jsonl"))
    by_text = {row["text"]: row for row in rows}
    direct = by_text["Air mulai surut di dua desa,"]
    assert (direct["doc"], direct["kind"], direct["speaker"]) == (str(article), "direct", "Budi Santoso")
    assert direct["cue"]["text"] == "kata" and direct["speaker_mention"]["text"] == "Budi"
    indirect = by_text["bantuan dari provinsi akan tiba besok pagi"]
    assert (indirect["kind"], indirect["speaker"], indirect["resolution"]) == ("indirect", "Budi Santoso", "pronoun")


def test_json_is_one_valid_list_of_the_jsonl_rows(sample_rows: list[dict]) -> None:
    result = quotes_cli("extract", "samples", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout) == sample_rows


def test_json_with_no_quotes_is_an_empty_list(tmp_path: Path) -> None:
    path = tmp_path / "tanpa_kutipan.txt"
    path.write_text("Hujan turun sepanjang hari di Bandung.\n", encoding="utf-8")
    result = quotes_cli("extract", str(path), "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_csv_has_the_header_and_one_row_per_quote(sample_rows: list[dict]) -> None:
    result = quotes_cli("extract", "samples", "--format", "csv")
    assert result.returncode == 0, result.stderr.decode()
    reader = csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline=""))
    rows = list(reader)
    assert reader.fieldnames == CSV_FIELDS
    assert [(r["doc"], r["text"], int(r["start"])) for r in rows] == [
        (r["doc"], r["text"], r["start"]) for r in sample_rows]
    # spans are flattened to their surface text in csv
    assert [r["cue"] for r in rows] == [(r["cue"] or {}).get("text", "") for r in sample_rows]


def test_text_format_is_readable(article: Path) -> None:
    result = quotes_cli("extract", str(article), "--format", "text")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "Budi Santoso" in out
    assert "“Air mulai surut di dua desa,”" in out          # direct quotes shown in marks
    assert "bantuan dari provinsi akan tiba besok pagi" in out
    assert not out.lstrip().startswith(("{", "["))


def test_text_is_the_default_format(article: Path) -> None:
    assert quotes_cli("extract", str(article)).stdout == quotes_cli("extract", str(article), "-f", "text").stdout


# --- options -------------------------------------------------------------------------

@pytest.mark.parametrize("kinds", ["direct", "indirect", "direct,mixed"])
def test_kinds_filter(sample_rows: list[dict], kinds: str) -> None:
    wanted = set(kinds.split(","))
    rows = jsonl_rows(quotes_cli("extract", "samples", "--format", "jsonl", "--kinds", kinds))
    assert rows == [r for r in sample_rows if r["kind"] in wanted]
    assert rows, f"the samples have {kinds} quotes"


def test_unknown_kind_is_a_usage_error() -> None:
    result = quotes_cli("extract", "samples", "--kinds", "direct,gossip")
    assert result.returncode == 2 and b"gossip" in result.stderr


def test_output_file(tmp_path: Path, sample_rows: list[dict]) -> None:
    out = tmp_path / "hasil.jsonl"
    result = quotes_cli("extract", "samples", "--format", "jsonl", "--output", str(out))
    assert result.returncode == 0 and result.stdout == b""
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == sample_rows


def test_stdin_dash_and_default() -> None:
    data = ARTICLE.encode("utf-8")
    for args in (["-"], []):
        rows = jsonl_rows(quotes_cli("extract", *args, "--format", "jsonl", stdin=data))
        assert rows and {r["doc"] for r in rows} == {"-"}
        for row in rows:
            assert_row_exact(row, ARTICLE)


def test_folders_are_read_recursively_txt_only(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "dalam.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "atas.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "catatan.md").write_text(ARTICLE, encoding="utf-8")
    rows = jsonl_rows(quotes_cli("extract", str(tmp_path), "--format", "jsonl"))
    assert sorted({r["doc"] for r in rows}) == sorted([str(tmp_path / "a" / "b" / "dalam.txt"),
                                                       str(tmp_path / "atas.txt")])


def test_a_file_named_twice_is_read_once(article: Path) -> None:
    once = jsonl_rows(quotes_cli("extract", str(article), "--format", "jsonl"))
    twice = jsonl_rows(quotes_cli("extract", str(article), str(article), "--format", "jsonl"))
    assert once and twice == once


def test_several_jobs_give_the_same_output(sample_rows: list[dict]) -> None:
    assert jsonl_rows(quotes_cli("extract", "samples", "--format", "jsonl", "--jobs", "2")) == sample_rows


# --- --rules ---------------------------------------------------------------------------

# A speech verb the shipped rules lack, before the quote (after a quote, an unlisted verb
# is caught anyway where a cue is due, so only a rules file makes this one a cue).
SERGAH = ("Kepala Desa Sukamaju, Budi Santoso, meninjau lokasi banjir pada Senin.\n\n"
          'Budi menyergah, "Itu tidak benar sama sekali."\n')


def test_extra_rules_file_is_used(tmp_path: Path) -> None:
    source = tmp_path / "sergah.txt"
    source.write_text(SERGAH, encoding="utf-8")
    rules = tmp_path / "tambahan.toml"
    rules.write_text('# a cue the shipped rules lack\nspeech = ["menyergah"]\n', encoding="utf-8")
    rows = jsonl_rows(quotes_cli("extract", str(source), "--format", "jsonl", "--rules", str(rules)))
    quote = next(r for r in rows if r["text"] == "Itu tidak benar sama sekali.")
    assert quote["cue"]["text"] == "menyergah" and quote["speaker"] == "Budi Santoso"
    without = jsonl_rows(quotes_cli("extract", str(source), "--format", "jsonl"))
    assert all((r["cue"] or {}).get("text") != "menyergah" for r in without)


@pytest.mark.parametrize("content", [
    b"after_quote = [\"sergah\"\n",          # not valid TOML
    b"no_such_key = [\"x\"]\n",              # a key the engine does not know
    b"after_quote = \"sergah\"\n",           # a string where a list belongs
    b"\xff\xfeafter_quote = []\n",           # not UTF-8
], ids=["bad_toml", "unknown_key", "wrong_type", "not_utf8"])
def test_broken_rules_file_is_a_clear_error(tmp_path: Path, article: Path, content: bytes) -> None:
    rules = tmp_path / "rusak.toml"
    rules.write_bytes(content)
    result = quotes_cli("extract", str(article), "--rules", str(rules))
    assert result.returncode == 2
    assert str(rules).encode() in result.stderr and b"Traceback" not in result.stderr
    assert result.stdout == b""


def test_missing_rules_file_is_a_clear_error(tmp_path: Path, article: Path) -> None:
    result = quotes_cli("extract", str(article), "--rules", str(tmp_path / "tidak_ada.toml"))
    assert result.returncode == 2 and b"tidak_ada.toml" in result.stderr
    assert b"Traceback" not in result.stderr


# --- bad input ---------------------------------------------------------------------------

BAD_INPUTS = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "not_utf8": ("Kata Pak Lurah: \"Kami siap,\" ujar beliau.".encode("latin-1") + b"\xe9\xe8", "UTF-8"),
    "empty": (b"", "empty"),
    "blank": (b"  \n\n \t\n", "empty"),
}


@pytest.mark.parametrize("content, why", BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_a_bad_file_is_reported_and_the_others_still_processed(
        tmp_path: Path, article: Path, content: bytes, why: str) -> None:
    bad = tmp_path / "rusak.txt"
    bad.write_bytes(content)
    result = quotes_cli("extract", str(bad), str(article), "--format", "jsonl")
    stderr = result.stderr.decode()
    assert str(bad) in stderr and why in stderr and "Traceback" not in stderr
    assert {r["doc"] for r in jsonl_rows(result)} == {str(article)}


@pytest.mark.parametrize("content, why", BAD_INPUTS.values(), ids=BAD_INPUTS)
def test_nothing_readable_exits_non_zero(tmp_path: Path, content: bytes, why: str) -> None:
    bad = tmp_path / "rusak.txt"
    bad.write_bytes(content)
    result = quotes_cli("extract", str(bad))
    assert result.returncode == 1 and str(bad).encode() in result.stderr
    assert b"nothing could be read" in result.stderr and result.stdout == b""


def test_missing_file_and_folder_without_txt(tmp_path: Path, article: Path) -> None:
    missing = tmp_path / "hilang.txt"
    folder = tmp_path / "kosong"
    folder.mkdir()
    (folder / "gambar.png").write_bytes(b"\x89PNG")
    result = quotes_cli("extract", str(missing), str(folder), str(article), "--format", "jsonl")
    stderr = result.stderr.decode()
    assert f"{missing}: no such file" in stderr
    assert f"{folder}: a folder with no *.txt, *.jsonl or *.parquet files" in stderr
    assert {r["doc"] for r in jsonl_rows(result)} == {str(article)}


def test_huge_file_is_refused_by_name(tmp_path: Path, article: Path) -> None:
    from quotes.inputs import MAX_BYTES
    huge = tmp_path / "raksasa.txt"
    with huge.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse, so instant to make; size is checked before content
    result = quotes_cli("extract", str(huge), str(article), "--format", "jsonl")
    assert f"{huge}: too large" in result.stderr.decode()
    assert {r["doc"] for r in jsonl_rows(result)} == {str(article)}


def test_empty_stdin() -> None:
    result = quotes_cli("extract", "-", stdin=b"")
    assert result.returncode == 1 and b"-: empty" in result.stderr


def test_non_utf8_stdin() -> None:
    result = quotes_cli("extract", stdin="Jum'at pagi, Pak Lurah berkata".encode("cp1252") + b"\x93ya\x94")
    assert result.returncode == 1 and b"-: not UTF-8" in result.stderr


def test_offsets_count_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    rows = jsonl_rows(quotes_cli("extract", str(path), "--format", "jsonl"))
    assert len(rows) == 2
    for row in rows:
        assert_row_exact(row, ARTICLE.replace("\n", "\r\n"))


def test_bom_is_dropped_and_offsets_refer_to_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    rows = jsonl_rows(quotes_cli("extract", str(path), "--format", "jsonl"))
    assert rows
    for row in rows:
        assert_row_exact(row, ARTICLE)


# --- pipes ---------------------------------------------------------------------------

def test_closing_the_pipe_early_is_quiet(tmp_path: Path) -> None:
    """`quotes extract … | head -1`: no traceback, no error status."""
    for i in range(60):  # enough output to overflow the pipe buffer before head exits
        for sample in SAMPLE_FILES:
            shutil.copy(sample, tmp_path / f"{i:02}_{sample.name}")
    process = subprocess.Popen([sys.executable, "-m", "quotes.cli", "extract", str(tmp_path),
                                "--jobs", "1", "--format", "jsonl"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout.readline()
    process.stdout.close()  # what head does after its first line
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr, stderr.decode()


def test_unwritable_output_file_is_a_clear_error(tmp_path: Path, article: Path) -> None:
    target = tmp_path / "tidak_ada" / "hasil.jsonl"
    result = quotes_cli("extract", str(article), "--output", str(target))
    assert result.returncode == 2
    assert f"cannot write {target}" in result.stderr.decode() and b"Traceback" not in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_on_stdout_is_a_clear_error(article: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", str(article), "--jobs", "1"],
                                stdout=full, stderr=subprocess.PIPE, cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "quotes: cannot write standard output: No space left on device"
