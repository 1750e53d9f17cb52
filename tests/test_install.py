"""Issue 16, item 11: what each make target installs, and notebooks that run from any folder."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import ROOT


def _pins(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower() for line in lines if "==" in line}


def test_running_needs_no_test_tools_and_no_dask():
    run = _pins("requirements.lock")
    assert {"spacy", "pandas", "matplotlib", "networkx", "nbclient", "ipykernel"} <= run  # figures, notebooks
    assert not run & {"pytest", "hypothesis", "ruff", "dask", "distributed"}
    assert {"pytest", "hypothesis", "ruff"} <= _pins("requirements-dev.lock")
    assert {"dask", "distributed"} <= _pins("requirements-dask.lock")
    assert "jupyterlab" in _pins("requirements-notebooks.lock")
    for extra in ("requirements-dev.lock", "requirements-dask.lock", "requirements-notebooks.lock"):
        assert "-r requirements.lock" in (ROOT / extra).read_text(encoding="utf-8").splitlines()
        assert not _pins(extra) & _pins("requirements.lock") - {"sortedcontainers"}


def test_make_targets():
    # -B: what each target does from scratch (as on a fresh clone), whatever is installed here.
    dry = lambda target: subprocess.run(["make", "-n", "-B", "-C", str(ROOT), target], capture_output=True, text=True).stdout  # noqa: E731
    assert "requirements-dev.lock" in dry("test") and "pytest" in dry("test") and "requirements-dask.lock" in dry("test")
    assert "requirements-dev.lock" not in dry("run") and "requirements-dask.lock" not in dry("run")
    assert "jupyter-lab notebooks/" in dry("notebooks")


def test_notebooks_find_the_repository_from_any_folder(tmp_path):
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        setup = "".join(cells[next(i for i, c in enumerate(cells) if "ROOT =" in "".join(c["source"]))]["source"])
        code = "\n".join(line for line in setup.splitlines() if not line.startswith("%"))
        code += "\nprint(ROOT)"
        env = {"FENGONG_NOTEBOOK_OUT": str(tmp_path / "out"), "PATH": ""}
        out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == str(ROOT), path.name
