"""Where the time goes: cProfiles of a jobs-1 ``run_batch`` over the bench corpus and of ``process()``
alone (the profile phase), their summary by stage, module and function, and the page's section on them."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from corpora import decoded_corpus
from in_process import process_each
from paths import CORPUS

# Stage entry points: (file under pipeline/, function) → label, for the profile summary.
# Labels starting with a digit are the stages of process(), shown for process() alone too.
STAGES = [
    ("io/readers.py", "read_input", "read + decode input"),
    ("run/worker.py", "_unchanged", "rerun check"),
    ("stages/normalize/working_text.py", "normalize", "1 normalize"),
    ("stages/structure/outline.py", "structure", "2 structure"),
    ("stages/segment/segmenter.py", "segment", "3 segment (rjieba)"),
    ("stages/detect/spans.py", "detect", "4 detect"),
    ("stages/assign/roles.py", "assign", "5 assign"),
    ("stages/emit/rows.py", "measure_rows", "6 emit: measure rows"),
    ("stages/emit/rows.py", "assignment_rows", "6 emit: assignment rows"),
    ("stages/emit/rows.py", "document_record", "6 emit: document record"),
    ("io/tables.py", "csv_lines", "rows rendered as CSV text (by the worker)"),
    ("io/tables.py", "write_document", "write per-document files"),
    ("run/corpus.py", "add", "combined tables: rows added as documents arrive"),
    ("io/workbook.py", "add", "  of which plans.xlsx rows handed to its writer process"),
    ("run/corpus.py", "close", "combined tables: the rest, at the end"),
    ("run/corpus.py", "_write_corpus_tables", "  of which Parquet, documents, gaps, panel, manifest"),
]


def _unprofiled_writer() -> None:
    """Let the workbook's writer process run without the profiler it inherits by ``fork``.

    Profiled, the writer runs several times slower, the main process waits for it, and the
    profile shows waiting that an unprofiled run does not have.
    """
    import multiprocessing

    from pipeline.io import workbook

    inner = getattr(workbook, "_write_book", None)
    if inner is None or "fork" not in multiprocessing.get_all_start_methods():
        return

    def unprofiled(*args: Any) -> Any:
        sys.setprofile(None)
        return inner(*args)

    workbook._write_book = unprofiled


def phase(out: Path, prof: Path) -> dict[str, Any]:
    """cProfiles of ``run_batch`` into ``out`` with one worker and of ``process()`` alone (resources loaded first).

    The first goes to ``prof``, the second to ``prof`` with the suffix ``.process``.

    Returns:
        Nothing to report (``{}``): :func:`summarise_profile` reads the files.
    """
    import cProfile

    from pipeline.run import batch, worker
    from pipeline.run.resources import load_resources

    _unprofiled_writer()
    res = load_resources()
    opts = worker.RunOptions(out=out, jobs=1, force=True, quiet=True)
    profiler = cProfile.Profile()
    profiler.runcall(batch.run_batch, [str(CORPUS)], opts)
    profiler.dump_stats(str(prof))
    decoded = decoded_corpus()
    profiler = cProfile.Profile()
    profiler.runcall(process_each, decoded, res)
    profiler.dump_stats(str(prof) + ".process")
    return {}


def summarise_profile(prof: Path) -> dict[str, Any]:
    """Stage times, self time by module, and per pipeline module its top functions by cumulative time.

    Args:
        prof: a cProfile dump.

    Returns:
        ``total`` seconds, ``stages`` (label, cumulative s), ``modules`` (module, self s; largest first),
        ``top`` (module, its four largest functions) and ``self`` (the twelve functions of most self time).
    """
    import pstats  # here, not above: the profile phase's interpreter loads only what it did before

    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in stats.values())
    stages = []
    for file, func, label in STAGES:
        ct = sum(v[3] for (f, _, fn), v in stats.items() if f.endswith(f"pipeline/{file}") and fn == func)
        stages.append((label, ct))
    by_module: dict[str, float] = defaultdict(float)
    for (file, _, func), (_, _, tt, _, _) in stats.items():
        by_module[_module_of(file, func)] += tt
    grouped: dict[str, list[tuple[float, float, int, str]]] = defaultdict(list)
    for (file, line, func), (_, nc, tt, ct, _) in stats.items():
        module = _module_of(file, func)
        if module.startswith("pipeline/") and not func.startswith("<"):
            grouped[module].append((ct, tt, nc, f"{func}:{line}"))
    top = {mod: sorted(fs, reverse=True)[:4] for mod, fs in grouped.items()}
    order = sorted(top, key=lambda mod: -top[mod][0][0])
    functions = sorted(((tt, ct, nc, _function_name(key, callers))
                        for key, (_, nc, tt, ct, callers) in stats.items()), reverse=True)[:12]  # fmt: skip
    return {"total": total, "stages": stages, "modules": sorted(by_module.items(), key=lambda kv: -kv[1]),
            "top": [(mod, top[mod]) for mod in order], "self": functions}  # fmt: skip


def _function_name(key: tuple[str, int, str], callers: dict) -> str:
    """``module:function:line``; for a built-in, also the caller that spent the most time in it."""
    file, line, func = key
    name = f"{_module_of(file, func)}:{func}:{line}" if file != "~" else f"{_module_of(file, func)}:{func}"
    if file == "~" and callers:
        (c_file, c_line, c_func), _ = max(callers.items(), key=lambda kv: kv[1][3])
        name += f" ← {_module_of(c_file, c_func)}:{c_func}:{c_line}"
    return name


def _module_of(file: str, func: str) -> str:
    """A profile entry's group: ``pipeline/<folder>/<module>``, a third-party package, or the interpreter."""
    if "/pipeline/" in file and "site-packages/" not in file:
        return "pipeline/" + file.rsplit("/pipeline/", 1)[1]
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if file == "~":
        name = func.strip("<>{}")
        if "Jieba" in name:  # rjieba's class is builtins.Jieba
            return "built-in (rjieba)"
        for pkg in ("jieba", "opencc", "ahocorasick", "lxml", "pyarrow", "zlib", "re.Pattern", "marshal"):
            if pkg in name:
                return f"built-in ({pkg})"
        return "built-in (other)"
    return "python stdlib"


def report_lines(p: dict[str, Any] | None, q: dict[str, Any] | None) -> list[str]:
    """The section of docs/benchmarks.md on the profiles: the whole jobs-1 run (``p``) and ``process()`` alone (``q``)."""
    if not p or not q:
        return ["## Where the time goes", "", "(skipped: `--skip-profile`)", ""]
    out = [
        "## Where the time goes (cProfile, jobs 1)",
        "",
        "Profiling slows Python-level code more than C code: read the shares, not the seconds.",
        "",
        f"### The whole run (`run_batch`, {p['total']:.1f} s profiled)",
        "",
        *_stage_rows(p, lambda label: True),
    ]
    out += ["", "`plans.xlsx` is written by a process of its own, which cProfile does not follow: its time shows",
            "only where the main process waits for it (its queue full, or its end in \"the rest, at the end\")."]  # fmt: skip
    out += ["", "Self time by module (a partition of the run):", "", *_module_rows(p, 12)]
    out += ["", "The functions with the most self time (a built-in with the caller that spent the most in it):", "",
            *_self_rows(p)]  # fmt: skip
    out += [
        "",
        f"### The per-document work (`process()` alone, {q['total']:.1f} s profiled)",
        "",
        *_stage_rows(q, lambda label: label[0].isdigit()),
    ]
    out += ["", "Self time by module:", "", *_module_rows(q, 15)]
    out += ["", "The functions with the most self time:", "", *_self_rows(q)]
    out += ["", "Top functions by cumulative time, grouped by module:", "",
            "| module | function | cumulative s | self s | calls |", "| --- | --- | --- | --- | --- |"]  # fmt: skip
    for mod, funcs in q["top"]:
        for k, (ct, tt, nc, name) in enumerate(funcs):
            out.append(f"| {mod if k == 0 else ''} | `{name}` | {ct:.2f} | {tt:.2f} | {nc:,} |")
    return [*out, ""]


def _stage_rows(p: dict[str, Any], shown: Callable[[str], bool]) -> list[str]:
    """The table of a profile's stages whose label ``shown(label)`` keeps: cumulative seconds and share."""
    rows = [f"| {label} | {ct:.2f} | {100 * ct / p['total']:.1f}% |" for label, ct in p["stages"] if shown(label)]
    return ["| stage | cumulative s | share |", "| --- | --- | --- |", *rows]


def _module_rows(p: dict[str, Any], most: int) -> list[str]:
    """The table of a profile's ``most`` modules of most self time."""
    rows = [f"| {mod} | {tt:.2f} | {100 * tt / p['total']:.1f}% |" for mod, tt in p["modules"][:most]]
    return ["| module | self s | share |", "| --- | --- | --- |", *rows]


def _self_rows(p: dict[str, Any]) -> list[str]:
    """The table of a profile's functions of most self time."""
    rows = [f"| `{name}` | {tt:.2f} | {ct:.2f} | {nc:,} |" for tt, ct, nc, name in p.get("self", [])]
    return ["| function | self s | cumulative s | calls |", "| --- | --- | --- | --- |", *rows]
