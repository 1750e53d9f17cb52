"""The notebooks run from a clean kernel without error, and are committed without outputs."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
pytest.importorskip("networkx")

from .conftest import ROOT  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# jupyter_client replaces these kernel commands with sys.executable itself.
SAME_PYTHON = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}


def kernel_name(tmp_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel that runs this interpreter: ``python3`` if it does, else a spec written to ``tmp_dir``."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv0 = KernelSpecManager().get_kernel_spec("python3").argv[0]
        if argv0 in SAME_PYTHON or os.path.abspath(argv0) == os.path.abspath(sys.executable):
            return "python3"
    except NoSuchKernel:
        pass
    spec = tmp_dir / "kernels" / "fengong-test"
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "fengong", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join([str(tmp_dir), os.environ.get("JUPYTER_PATH", "")]))
    return "fengong-test"


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_explore_2013_plan.ipynb", "02_corpus_overview.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("FENGONG_NOTEBOOK_OUT", str(tmp_path / "out"))  # not the repository's outputs/
    name = kernel_name(tmp_path / "jupyter", monkeypatch)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name=name,
                                     resources={"metadata": {"path": str(path.parent)}})  # fmt: skip
    client.execute()  # a cell that raises fails the test with CellExecutionError
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert any((tmp_path / "out").rglob("*.graphml"))
