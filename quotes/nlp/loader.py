"""Loading the Indonesian stanza pipeline offline, from an explicit model folder."""
from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path

from quotes.nlp import NlpUnavailable  # defined there: rules mode catches it without importing this

# One file per processor; the folder also holds an empty resources.json because stanza looks
# for one even when it is told not to download anything.
MODEL_FILES = {
    "tokenize": "tokenize.pt",
    "mwt": "mwt.pt",
    "pos": "pos.pt",
    "lemma": "lemma.pt",
    "depparse": "depparse.pt",
    "ner": "ner.pt",
}
PRETRAIN_FILE = "pretrain.pt"
ENV_VAR = "QUOTES_STANZA_DIR"
SHIPPED_DIR = Path(__file__).resolve().parent.parent / "models" / "id"




def model_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--stanza-dir, else $QUOTES_STANZA_DIR, else the models shipped with the package."""
    chosen = explicit or os.environ.get(ENV_VAR) or SHIPPED_DIR
    return Path(chosen).expanduser().resolve()


def is_official(folder: Path) -> bool:
    """A folder made by `quotes models download` (stanza's own layout, resources.json for id)."""
    try:
        return "id" in json.loads((folder / "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


def check_model_dir(folder: Path) -> None:
    """Raise NlpUnavailable with what to do when ``folder`` cannot be a model folder."""
    if is_official(folder):
        return
    if not folder.is_dir():
        raise NlpUnavailable(
            f"stanza model folder {folder} does not exist; pass --stanza-dir with a folder made by "
            f"`python -m quotes.models.train --out DIR` or `quotes models download`")
    missing = [name for name in (*MODEL_FILES.values(), PRETRAIN_FILE) if not (folder / name).is_file()]
    if missing:
        raise NlpUnavailable(
            f"stanza model folder {folder} lacks {', '.join(missing)}; retrain with "
            f"`python -m quotes.models.train --out {folder}` or point --stanza-dir elsewhere")


def pipeline_options(folder: Path) -> dict:
    """Keyword arguments for stanza.Pipeline that load every model from ``folder``, offline.

    stanza publishes no Indonesian NER, so with official models the shipped NER is used."""
    options: dict = {
        "lang": "id",
        "dir": str(folder),
        "processors": ",".join(MODEL_FILES),
        "download_method": None,
        "allow_unknown_language": True,
        "use_gpu": False,
        "logging_level": "WARN",
    }
    # Without its pretrain file NER silently loses the first word of names.
    options["ner_model_path"] = str(SHIPPED_DIR / MODEL_FILES["ner"])
    options["ner_pretrain_path"] = str(SHIPPED_DIR / PRETRAIN_FILE)
    if is_official(folder):  # stanza finds its own files through resources.json
        return options
    for processor, name in MODEL_FILES.items():
        options[f"{processor}_model_path"] = str(folder / name)
    for processor in ("pos", "depparse", "ner"):
        options[f"{processor}_pretrain_path"] = str(folder / PRETRAIN_FILE)
    return options


def ensure_resources_json(folder: Path) -> None:
    """stanza reads resources.json from the model folder even offline; an empty one suffices."""
    path = folder / "resources.json"
    if not path.exists():
        try:
            path.write_text(json.dumps({}), encoding="utf-8")
        except OSError as exc:
            raise NlpUnavailable(f"cannot write {path} ({exc}); make the folder writable once") from exc


def check_installed() -> None:
    """Raise NlpUnavailable unless stanza can be imported (without importing it)."""
    if importlib.util.find_spec("stanza") is None:
        from quotes.install import extra_command
        raise NlpUnavailable(
            f"stanza is not installed; run `{extra_command('stanza', before='torch==2.13.0')}` "
            "(the pinned torch first keeps pip from fetching a multi-GB CUDA build)")


@functools.lru_cache(maxsize=4)
def load_pipeline(folder: Path):
    """The stanza pipeline for ``folder``, built once per process."""
    check_installed()
    check_model_dir(folder)
    import stanza

    ensure_resources_json(folder)
    try:
        return stanza.Pipeline(**pipeline_options(folder))
    except Exception as exc:  # stanza raises many kinds; all mean the same thing to a user
        raise NlpUnavailable(
            f"stanza could not load the models in {folder}: {exc}; retrain them with "
            f"`python -m quotes.models.train --out {folder}`") from exc
