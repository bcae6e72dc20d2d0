"""`quotes models info` and `quotes models download`: the stanza model folders."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quotes.nlp.loader import (MODEL_FILES, PRETRAIN_FILE, SHIPPED_DIR, NlpUnavailable, check_installed,
                               check_model_dir, is_official, model_dir)

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


def describe(folder: Path) -> list[str]:
    lines = [f"folder: {folder}", "layout: " + ("stanza's own (downloaded)" if is_official(folder)
                                                 else "flat (trained by quotes.models.train)")]
    if is_official(folder):
        return lines
    sizes = {name: (folder / name).stat().st_size for name in [*MODEL_FILES.values(), PRETRAIN_FILE]}
    lines += [f"  {name:14} {size / 1e6:6.1f} MB" for name, size in sizes.items()]
    lines.append(f"  {'total':14} {sum(sizes.values()) / 1e6:6.1f} MB")
    scores = folder / "scores.json"
    if scores.is_file():
        lines.append("held-out scores: " + json.dumps(json.loads(scores.read_text())["scores"]))
    return lines


def run_info(args: argparse.Namespace) -> int:
    folder = model_dir(args.stanza_dir)
    try:
        check_model_dir(folder)
    except NlpUnavailable as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    print("\n".join(describe(folder)))
    return 0


def run_download(args: argparse.Namespace) -> int:
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
