"""The README and its pages as a new user reads them: every Python snippet runs, every command they name exists."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

# The README and the pages it sends a reader to: their snippets run, their commands exist.
PAGES = ["README.md", "docs/cli.md", "docs/output.md", "docs/review.md", "docs/large-corpora.md", "docs/how-it-works.md"]
README = "\n".join((ROOT / page).read_text(encoding="utf-8") for page in PAGES)
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```", README, flags=re.M | re.S)
PYTHON = [code for lang, code in BLOCKS if lang == "python"]
SHELL = [code for lang, code in BLOCKS if lang in ("sh", "bash", "shell")]


def test_the_readme_has_python_and_shell_snippets() -> None:
    assert PYTHON and SHELL


@pytest.mark.parametrize("code", PYTHON, ids=[f"python-{i}" for i in range(len(PYTHON))])
def test_python_snippet_runs_from_the_repository_root(code: str) -> None:
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_the_displacy_call_takes_the_spans_key_as_an_option() -> None:
    # displacy.render(..., spans_key=...) raises TypeError: the key goes in options (the
    # snippet itself is run above).
    calls = re.findall(r"displacy\.render\(([^\n]*)\)", README)
    assert calls and all("options=" in c and not re.search(r"(?<![\"'])\bspans_key=", c) for c in calls), calls


def _help(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "pipeline", *args, "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={"COLUMNS": "200", "PATH": ""})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _commands(help_text: str) -> set[str]:
    """The command names listed under "commands:" in a help page (one per line, indented)."""
    box = help_text.split("commands:", 1)[1] if "commands:" in help_text else ""
    return set(re.findall(r"^ {4}([a-z][\w-]*)(?:\s|$)", box, flags=re.M))


def test_every_fengong_subcommand_the_readme_names_exists() -> None:
    named = set()
    for code in SHELL:
        named |= {tuple(m.split()) for m in re.findall(r"\bfengong ((?:lexicon )?[a-z]+)\b", code)}
    named |= {tuple(m.split()) for m in re.findall(r"`fengong ((?:lexicon )?[a-z]+)", README)}
    assert ("extract",) in named and ("lexicon", "validate") in named
    top = _commands(_help())
    lexicon = _commands(_help("lexicon"))
    for words in named:
        assert words[0] in top, (words, top)
        if words[0] == "lexicon" and len(words) > 1:
            assert words[1] in lexicon, (words, lexicon)


def test_the_readme_is_a_front_door() -> None:
    """Short, and links every page it moved its reference to."""
    front = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(front.splitlines()) <= 150
    assert all(page in front for page in PAGES[1:]) and "How accurate it is" in front
