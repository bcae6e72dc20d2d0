"""A fast start of `quotes extract`: nothing heavy imported, the shipped rules read back from
a cache that can never be stale or in the way (timings: bench/bench_extract.py)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from quotes import datacache, regexcache, rules
from test_cli import ROOT

SAMPLE = min((ROOT / "samples").glob("*.txt"))
# What a plain `quotes extract` on a text file never needs: the progress bar (tqdm and the
# package metadata it reads), TOML (the rules come from the cache), worker processes for one
# file, the name tagger, shutil (argparse sizes its help with it: quotes.cli does so itself),
# json and csv (text output needs neither), the stanza loader and every optional extra.
HEAVY = {"tqdm", "tomllib", "importlib.metadata", "multiprocessing", "quotes.names", "shutil", "json", "csv",
         "quotes.nlp.loader", "pyarrow", "numpy",
         "sqlalchemy", "fastapi", "stanza", "torch", "quotes.db", "quotes.web", "quotes.engines"}


def _extract_listing_modules(cache: Path) -> tuple[str, list[str]]:
    code = ("import sys, quotes.cli; quotes.cli.main(['extract', '-o', sys.argv[1], sys.argv[2]]); "
            f"print(' '.join(sorted(set({sorted(HEAVY)!r}) & set(sys.modules))))")
    out_file = cache.parent / "out.txt"
    r = subprocess.run([sys.executable, "-c", code, str(out_file), str(SAMPLE)], capture_output=True, text=True,
                       cwd=ROOT, env={**os.environ, "QUOTES_CACHE_DIR": str(cache)}, timeout=120)
    assert r.returncode == 0, r.stderr
    return out_file.read_text(encoding="utf-8"), r.stdout.split()


def test_plain_extract_imports_nothing_heavy(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold, cold_modules = _extract_listing_modules(cache)
    assert cold_modules == ["tomllib"]  # the first run parses the rules, and caches them
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["confidence", "patterns", "rules"]
    warm, warm_modules = _extract_listing_modules(cache)
    assert warm_modules == []
    assert warm == cold and "Sutrisno Haryadi" in warm


def _fresh_rules(monkeypatch: pytest.MonkeyPatch, cache: Path) -> rules.Rules:
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(cache))
    rules._load.cache_clear()
    try:
        return rules.load_rules()
    finally:
        rules._load.cache_clear()  # other tests share the process-wide rules


def test_rules_read_back_from_the_cache_are_those_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _fresh_rules(monkeypatch, tmp_path)
    (cached_file,) = tmp_path.glob("rules-*.marshal")
    cached = _fresh_rules(monkeypatch, tmp_path)
    assert cached.words == parsed.words and cached.phrases == parsed.phrases
    assert cached.chrome.pattern == parsed.chrome.pattern
    assert len(cached.words["roots"]) > 20_000 and "mengatakan" in cached.words["speech"]
    # a torn or foreign file is parsed again and replaced
    cached_file.write_bytes(b"\x00not marshal")
    assert _fresh_rules(monkeypatch, tmp_path).words == parsed.words
    assert cached_file.read_bytes() != b"\x00not marshal"


def test_a_user_rules_file_adds_to_the_cached_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('speech = ["  Menyergah "]\nroots = ["zzkata"]\nline_patterns = ["iklan\\\\s*:.*"]\n',
                    encoding="utf-8")
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path / "cache"))
    shipped, added = rules.load_rules(), rules.load_rules([str(mine)])
    assert added.words["speech"] == shipped.words["speech"] | {"menyergah"}
    assert added.words["roots"] == shipped.words["roots"] | {"zzkata"}
    assert added.phrases["speech"] == shipped.phrases["speech"] + ("  Menyergah ",)
    assert added.chrome.fullmatch("Iklan: beli sekarang") and not shipped.chrome.fullmatch("Iklan: beli sekarang")


def test_a_bad_pattern_in_a_user_rules_file_names_the_file(tmp_path: Path) -> None:
    mine = tmp_path / "rusak.toml"
    mine.write_text('line_patterns = ["(tanpa tutup"]\n', encoding="utf-8")
    with pytest.raises(rules.RulesError, match=r"rusak\.toml: 'line_patterns': bad pattern '\(tanpa tutup'"):
        rules.load_rules([str(mine)])


def test_the_cache_builds_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path))
    built: list[bytes] = []

    def build(data: bytes):
        built.append(data)
        return {"kata": frozenset({data.decode()}), "n": (1, 2.5)}
    assert datacache.cached("uji", b"satu", lambda: build(b"satu")) == {"kata": frozenset({"satu"}), "n": (1, 2.5)}
    assert datacache.cached("uji", b"satu", lambda: build(b"satu")) == {"kata": frozenset({"satu"}), "n": (1, 2.5)}
    assert datacache.cached("uji", b"dua", lambda: build(b"dua")) == {"kata": frozenset({"dua"}), "n": (1, 2.5)}
    assert built == [b"satu", b"dua"]


def test_a_kept_value_of_another_shape_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path))
    assert datacache.cached("uji", b"x", lambda: ("lama", "bentuk")) == ("lama", "bentuk")
    three = lambda value: isinstance(value, tuple) and len(value) == 3  # noqa: E731
    assert datacache.cached("uji", b"x", lambda: ("baru", "tiga", "bagian"), valid=three) == ("baru", "tiga", "bagian")
    assert datacache.cached("uji", b"x", lambda: ("lagi",), valid=three) == ("baru", "tiga", "bagian")


def test_the_cache_keeps_a_few_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path))
    for i in range(datacache.KEEP + 3):
        assert datacache.cached("uji", str(i).encode(), lambda: i) == i
        assert datacache.cached("uji", str(i).encode(), lambda: -1) == i  # the newest is kept
    assert len(list(tmp_path.glob("uji-*.marshal"))) == datacache.KEEP


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(blocker / "cache"))
    assert datacache.cached("uji", b"x", lambda: [1, 2]) == [1, 2]
    assert datacache.cached("uji", b"x", lambda: [3]) == [3]  # nothing was kept


def test_place_prepositions_are_single_words(tmp_path: Path) -> None:
    mine = tmp_path / "tempat.toml"
    mine.write_text('place_prepositions = ["asal kota"]\n', encoding="utf-8")
    with pytest.raises(rules.RulesError, match=r"tempat\.toml: 'place_prepositions' holds single words only, not 'asal kota'"):
        rules.load_rules([str(mine)])


def test_a_user_rules_file_adds_a_nickname_cue(tmp_path: Path) -> None:
    from quotes.pipeline import extract
    mine = tmp_path / "julukan.toml"
    mine.write_text('nickname_cues = ["dijuluki"]\n', encoding="utf-8")
    text = ('Pengusaha muda Bambang Priyono yang dijuluki Bembi ini optimistis. '
            '"Kami siap bersaing di pasar ekspor," ujar Bembi.')
    assert [q.speaker for q in extract(text)] == ["Bembi"]
    assert [q.speaker for q in extract(text, rules.load_rules([str(mine)]))] == ["Bambang Priyono"]


def test_the_installed_command_freezes_what_is_left_before_exit(tmp_path: Path) -> None:
    """`quotes` (pyproject's entry point) is main() followed by gc.freeze(): the interpreter's
    collections at exit skip what the run leaves alive, and the output is whole."""
    assert 'quotes = "quotes.cli:command"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    out_file = tmp_path / "out.txt"
    code = ("import gc, sys, quotes.cli; code = quotes.cli.command(['extract', '--jobs', '1', '-o', sys.argv[1], "
            "sys.argv[2]]); print(code, gc.get_freeze_count() > 1000, gc.isenabled())")
    r = subprocess.run([sys.executable, "-c", code, str(out_file), str(SAMPLE)], capture_output=True, text=True,
                       cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["0", "True", "True"]
    direct = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", "--jobs", "1", str(SAMPLE)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out_file.read_text(encoding="utf-8") == direct.stdout and "Sutrisno Haryadi" in direct.stdout


def _kept_patterns(cache: Path) -> dict[tuple[str, int], tuple]:
    (path,) = cache.glob("patterns-*.marshal")
    return datacache.read(str(path))


@given(st.text(alphabet=st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc")), min_size=1))
def test_a_word_is_escaped_as_regex_escapes_it(word: str) -> None:
    assert word.translate(rules._ESCAPES) == regex.escape(word)


def test_an_alternation_is_written_the_same_whatever_the_order_of_its_words() -> None:
    words = ["ujar", "kata", "tutur", "ucap", "kata dia", "Ujar "]
    assert rules._phrase_alternation(words) == rules._phrase_alternation(words[::-1]) == (
        r"kata\s+dia|tutur|kata|ucap|ujar")


def test_patterns_rebuilt_from_kept_opcodes_match_as_compiled(tmp_path: Path) -> None:
    """Every pattern an extraction kept (quotes.regexcache), rebuilt from its opcodes, is the
    pattern regex compiles, and finds the same spans in every sample."""
    from quotes.regexcache import _main
    _extract_listing_modules(tmp_path / "cache")
    kept = _kept_patterns(tmp_path / "cache")
    assert len(kept) >= 40 and all(isinstance(k[0], str) and isinstance(k[1], int) for k in kept)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    for (source, flags), args in kept.items():
        rebuilt, fresh = _main._regex.compile(*args), regex.compile(source, flags, cache_pattern=False)
        assert (rebuilt.pattern, rebuilt.flags, rebuilt.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
        for text in texts:
            assert ([m.span() for m in rebuilt.finditer(text)] == [m.span() for m in fresh.finditer(text)]), source[:80]


def test_a_run_reads_the_patterns_back_and_survives_a_damaged_entry(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold, _ = _extract_listing_modules(cache)
    (path,) = cache.glob("patterns-*.marshal")
    kept = _kept_patterns(cache)
    damaged = {key: ("not", "opcodes") for key in kept}
    datacache.write(str(path), "patterns", damaged)
    warm, _ = _extract_listing_modules(cache)
    assert warm == cold
    repaired = _kept_patterns(cache)  # each damaged entry compiled anew, and replaced
    assert repaired.keys() == kept.keys() and ("not", "opcodes") not in repaired.values()


def test_workers_keep_their_patterns_whole(tmp_path: Path) -> None:
    """The workers of `--jobs 2` compile the patterns and write them before the pool stops
    them: the next run finds them all, and no half-written file is left."""
    cache = tmp_path / "cache"
    env = {**os.environ, "QUOTES_CACHE_DIR": str(cache)}
    r = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", "--jobs", "2", str(ROOT / "samples")],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["confidence", "patterns", "rules"]
    kept = _kept_patterns(cache)
    assert any("ujar" in source for source, _ in kept)  # the cue alternations, compiled only in workers


def test_compile_returns_one_object_per_pattern_and_flags() -> None:
    first = regexcache.compile(r"(?i)kata\s+(?P<siapa>\p{Lu}\w+)")
    assert regexcache.compile(r"(?i)kata\s+(?P<siapa>\p{Lu}\w+)") is first
    assert first.search("Kata Budi").group("siapa") == "Budi"
    assert regexcache.compile("kata", 2) is not regexcache.compile("kata")  # regex.I


def test_help_is_sized_to_columns_as_before() -> None:
    """quotes.cli sizes argparse's help itself (not through shutil): $COLUMNS still sets it."""
    def help_at(columns: str) -> list[str]:
        r = subprocess.run([sys.executable, "-m", "quotes.cli", "extract", "--help"], capture_output=True,
                           text=True, cwd=ROOT, env={**os.environ, "COLUMNS": columns}, timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout.splitlines()
    narrow, wide = help_at("50"), help_at("200")
    assert len(narrow) > len(wide) and max(map(len, wide)) > 100
    assert max(len(line) for line in narrow if "{" not in line) <= 50  # a choice list is not broken


def test_extract_starts_with_the_collector_paused_and_runs_with_it(tmp_path: Path) -> None:
    """command() pauses the cycle collector for `quotes extract`'s start-up only: it is
    running again once the first article is out, and after a run that read nothing."""
    code = ("import gc, sys, quotes.cli, quotes.outputs\n"
            "seen = []\n"
            "write = quotes.outputs.Writer.write_lines\n"
            "quotes.outputs.Writer.write_lines = lambda self, lines: (seen.append(gc.isenabled()), write(self, lines))\n"
            "code = quotes.cli.command(['extract', '--jobs', '1', '-o', sys.argv[1]] + sys.argv[2:])\n"
            "print(code, seen, gc.isenabled())")
    texts = sorted((ROOT / "samples").glob("*.txt"))[:3]
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out.txt"), *map(str, texts)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split(maxsplit=1)[0] == "0" and run.stdout.strip().endswith("[False, True, True] True")
    empty = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out.txt"), str(tmp_path / "missing.txt")],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert empty.stdout.split() == ["1", "[]", "True"], empty.stderr


def test_the_shipped_rules_key_follows_their_sizes_and_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache of the shipped rules is keyed by their files' sizes and modification times
    (rules.shipped_stamp): an edited file is parsed again; a file that is not on disk keys by
    its bytes instead."""
    monkeypatch.setattr(rules, "_shipped_path", lambda *parts: (None, str(tmp_path.joinpath(*parts))))
    words = tmp_path / "cues.toml"
    words.write_text('speech = ["kata"]\n', encoding="utf-8")
    os.utime(words, ns=(1_000_000_000, 1_000_000_000))
    first = rules.shipped_stamp([("cues.toml",)])
    assert first == rules.shipped_stamp([("cues.toml",)])
    os.utime(words, ns=(2_000_000_000, 2_000_000_000))
    touched = rules.shipped_stamp([("cues.toml",)])
    words.write_text('speech = ["ujar"]\n', encoding="utf-8")
    os.utime(words, ns=(2_000_000_000, 2_000_000_000))
    same_size = rules.shipped_stamp([("cues.toml",)])
    words.write_text('speech = ["kata", "ujar"]\n', encoding="utf-8")
    os.utime(words, ns=(2_000_000_000, 2_000_000_000))
    longer = rules.shipped_stamp([("cues.toml",)])
    assert len({first, touched, longer}) == 3 and same_size == touched  # as Python's bytecode cache
    assert rules.shipped_stamp([("cues.toml",), ("missing.toml",)]) is None


def test_the_rules_and_what_is_built_from_them_print_short() -> None:
    """No repr of 48,000 words (nor the cost of generating it at every start)."""
    from quotes.cues import patterns
    from quotes.mentions import vocabulary
    from quotes.resolve import Registry
    from quotes.roles import name_words
    shipped = rules.load_rules()
    for built in (shipped, name_words(shipped), vocabulary(shipped), patterns(shipped), Registry()):
        assert len(repr(built)) < 120, type(built).__name__


def test_without_an_engine_to_feed_patterns_compile_as_regex_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regexcache, "_CACHING", False)
    pattern = regexcache.compile(r"(?i)ujar(?P<nya>nya)?\b")
    assert pattern is regex.compile(r"(?i)ujar(?P<nya>nya)?\b")  # regex's own cache
    assert pattern.match("Ujarnya").group("nya") == "nya"
