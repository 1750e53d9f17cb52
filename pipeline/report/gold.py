"""Reading the hand-labelled gold files that a run is scored against (docs/gold-format.md).

A gold file is JSON: the ``doc`` it labels, its ``scopes`` (a path with its bodies and
measures) and optional metadata; :func:`load_gold` reads one and checks its shape,
:func:`gold_files` finds them among files and folders.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class GoldError(Exception):
    """A gold file that is missing, unreadable or not in the gold format (one-line message)."""


def _shape_error(gold: Any) -> str | None:
    """What keeps ``gold`` (parsed JSON) from being scored, or None."""
    if not isinstance(gold, dict) or not isinstance(gold.get("doc"), str):
        return 'needs a "doc"'
    if not isinstance(gold.get("scopes"), list):
        return 'needs a list of "scopes"'
    pairs = lambda x: isinstance(x, list) and all(isinstance(p, list) and len(p) == 2 for p in x)
    scored = gold.get("measures_scored", True)
    for n, sc in enumerate(gold["scopes"], 1):
        if not isinstance(sc, dict) or not isinstance(sc.get("path"), str):
            return f'scope {n} has no "path"'
        if not scored:  # measures not labelled: a scope needs no "measures"
            sc.setdefault("measures", [])
        if not pairs(sc.get("bodies")) or not pairs(sc.get("measures")):
            need = '"bodies" and "measures" must be' if scored else '"bodies" must be'
            return f'scope {n} ({sc["path"]}): {need} lists of pairs'
    return None


def load_gold(path: Path) -> dict[str, Any]:
    """The gold labels in the JSON file at ``path``; raises GoldError naming the file."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GoldError(f"{path}: unreadable gold file: {err}") from None
    problem = _shape_error(gold)
    if problem:
        raise GoldError(f"{path}: not a gold file: {problem} (see docs/gold-format.md)")
    return gold


def gold_files(args: list[str | Path]) -> list[Path]:
    """The gold files named by ``args``: files as given, folders as their ``*.json`` (sorted).

    Raises GoldError for a path that does not exist or a folder without JSON files.
    """
    found: list[Path] = []
    for arg in map(Path, args):
        if arg.is_dir():
            files = sorted(arg.glob("*.json"))
            if not files:
                raise GoldError(f"{arg}: no *.json gold files in this folder")
            found.extend(files)
        elif arg.exists():
            found.append(arg)
        else:
            raise GoldError(f"{arg}: no such gold file or folder")
    return found
