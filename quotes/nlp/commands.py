"""`quotes models info` and `quotes models download`: the stanza model folders."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quotes.nlp import NlpUnavailable

# quotes.nlp.loader is imported by the handlers: every command builds this parser, and a
# `quotes db search` should not pay for the stanza loader's imports

# What stanza publishes for Indonesian; it has no NER, so the shipped one is always used.
OFFICIAL_PROCESSORS = "tokenize,mwt,pos,lemma,depparse"


def register(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="show or fetch the stanza models used by --nlp stanza")
    msub = models.add_subparsers(dest="models_command", required=True, metavar="ACTION")
    info = msub.add_parser("info", help="which model folder --nlp stanza would use, and its scores")
    info.add_argument("--stanza-dir", metavar="DIR", help="the folder to describe")
    info.set_defaults(handler=run_info)
    dl = msub.add_parser("download", help="fetch stanza's official Indonesian models (needs internet)",
                         description="Download stanza's official Indonesian (GSD) tokenize, mwt, pos, "
                                     "lemma and depparse models into DIR; then use --stanza-dir DIR.")
    dl.add_argument("dir", metavar="DIR", help="folder to download into")
    dl.set_defaults(handler=run_download)


# what each model's held-out score measures, as scores.json records it (quotes.models.train)
UD_SCORES = {"tokenize": ("tokens", "sentences"), "mwt": ("words",), "pos": ("upos",), "lemma": ("lemmas",),
             "depparse": ("las", "uas")}


def _score(model: str, scores: dict) -> str:
    if model == "ner":
        ner = scores.get("ner_nergrit_test", {})
        return (f"F1 {ner['all']:.2f} (NERGRIT test; PER {ner['PER']:.2f}, ORG {ner['ORG']:.2f}, "
                f"LOC {ner['LOC']:.2f})") if "all" in ner else ""
    ud = scores.get("ud", {})
    if model not in UD_SCORES or not ud:
        return ""
    return "; ".join(f"{name} {ud['csui'][name]:.2f} / {ud['gsd'][name]:.2f}" for name in UD_SCORES[model])


def describe(folder: Path) -> list[str]:
    """The folder, its layout, and a table of its models: file, size, held-out score."""
    from quotes.nlp.loader import MODEL_FILES, PRETRAIN_FILE, is_official
    lines = [f"folder  {folder}", "layout  " + ("stanza's own (downloaded)" if is_official(folder)
                                                else "flat (trained by quotes.models.train)")]
    if is_official(folder):
        return lines
    scores_file = folder / "scores.json"
    scores = json.loads(scores_file.read_text())["scores"] if scores_file.is_file() else {}
    rows = [("model", "file", "size", "held-out score (CSUI test / GSD test)")]
    files = {**MODEL_FILES, "word vectors": PRETRAIN_FILE}
    sizes = {model: (folder / name).stat().st_size for model, name in files.items()}
    rows += [(model, files[model], f"{size / 1e6:.1f} MB", _score(model, scores)) for model, size in sizes.items()]
    rows.append(("total", "", f"{sum(sizes.values()) / 1e6:.1f} MB", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines.append("")
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths + [0])).rstrip() for r in rows]
    return lines


def run_info(args: argparse.Namespace) -> int:
    from quotes.nlp.loader import check_model_dir, model_dir
    folder = model_dir(args.stanza_dir)
    try:
        check_model_dir(folder)
    except NlpUnavailable as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    print("\n".join(describe(folder)))
    return 0


def run_download(args: argparse.Namespace) -> int:
    from quotes.nlp.loader import SHIPPED_DIR, check_installed
    try:
        check_installed()
    except NlpUnavailable as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    import stanza
    target = Path(args.dir).expanduser().resolve()
    try:
        stanza.download("id", model_dir=str(target), processors=OFFICIAL_PROCESSORS)
    except Exception as exc:  # network errors come in many types; the advice is the same
        print(f"quotes: download failed ({exc}); the shipped models in {SHIPPED_DIR} need no download",
              file=sys.stderr)
        return 1
    print(f"downloaded to {target}; use: quotes extract --nlp stanza --stanza-dir {target} FILES")
    return 0
