"""How to install an optional extra, said for the way this `quotes` was installed."""
from __future__ import annotations

import json
import shlex
import sys
from importlib import metadata
from urllib.parse import unquote, urlparse


def extra_command(extra: str, before: str = "") -> str:
    """The pip command that adds ``extra`` to this very installation: this interpreter's
    pip, and the source folder when `quotes` was installed from one (``pip install -e .``).

    before: packages to name first (stanza's torch, which must come from the CPU index)."""
    pip = f"{shlex.quote(sys.executable)} -m pip install"
    # pip records where it installed from in direct_url.json (a source tree's own
    # quotes.egg-info, met first when run from there, has none)
    recorded = (d.read_text("direct_url.json") for d in metadata.distributions(name="quotes"))
    try:
        origin = json.loads(next((r for r in recorded if r), "{}"))
    except ValueError:
        origin = {}
    url = urlparse(origin.get("url", ""))
    first = f"{pip} {before} && " if before else ""
    if url.scheme == "file":
        folder = unquote(url.path)
        editable = origin.get("dir_info", {}).get("editable", False)
        return f"{first}{pip} {'-e ' if editable else ''}{shlex.quote(f'{folder}[{extra}]')}"
    return f"{first}{pip} {shlex.quote(f'quotes[{extra}]')}"
