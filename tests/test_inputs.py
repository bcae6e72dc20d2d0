"""Reading inputs: what counts as one article, and which names problems carry."""
from __future__ import annotations

from pathlib import Path

from quotes.inputs import Document, Problem, decode, read_documents


def test_folders_expand_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/c.txt", "a/skip.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Budi berkata.", encoding="utf-8")
    names = [d.name for d in read_documents([str(tmp_path)])]
    assert names == [str(tmp_path / n) for n in ("a/c.txt", "a/z.txt", "b.txt")]


def test_one_file_named_several_ways_is_read_once(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Budi berkata.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    docs = list(read_documents(["sub/a.txt", "./sub/a.txt", "sub", str(tmp_path / "sub" / "a.txt")]))
    assert docs == [Document("sub/a.txt", "Budi berkata.")]


def test_decode_checks_size_before_content() -> None:
    from quotes.inputs import MAX_BYTES
    problem = decode("besar.txt", b"\x00" * (MAX_BYTES + 1))
    assert problem == Problem("besar.txt", f"too large (over {MAX_BYTES:,} bytes)")


def test_decode_names_the_first_bad_byte() -> None:
    problem = decode("latin.txt", "Jum'at".encode() + b" caf\xe9")
    assert problem == Problem("latin.txt", "not UTF-8 text (byte 10); convert it with iconv first")


def test_decode_keeps_text_exactly_but_the_bom() -> None:
    text = "“Kami siap,” kata Budi.\r\n\u00a0\n"
    assert decode("a.txt", b"\xef\xbb\xbf" + text.encode()) == Document("a.txt", text)


def test_utf16_is_named_as_such_not_binary() -> None:
    problem = decode("notepad.txt", "“Kami siap,” kata Budi.".encode("utf-16"))
    assert problem == Problem("notepad.txt", "UTF-16 text, not UTF-8; convert it with iconv first")
