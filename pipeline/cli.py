"""The command line: ``fengong extract | stage | lexicon lookup | lexicon validate | figures``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import FengongError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="fengong (分工): measures, responsible bodies and roles from State Council plans.")  # fmt: skip
lexicon_app = typer.Typer(no_args_is_help=True, help="Look up and validate the lexicons.")
app.add_typer(lexicon_app, name="lexicon")


def _fail(err: FengongError, code: int = 2) -> None:
    print(err.line(), file=sys.stderr)
    raise typer.Exit(code)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core).")] = 0,
    force: Annotated[bool, typer.Option(help="Redo inputs that are unchanged since the last run.")] = False,
    max_size: Annotated[float, typer.Option(help="Refuse inputs larger than this many MB.")] = 20.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
    lexicons: Annotated[str | None, typer.Option(help="Folder of lexicons to use.")] = None,
    executor: Annotated[str, typer.Option(help="process or dask.")] = "process",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    excel: Annotated[bool, typer.Option(help="Also write plans.xlsx (slow on a large corpus).")] = True,
) -> None:
    """Extract measures and assignments from PATHs into OUT; exit 1 if any input failed."""
    from .batch import RunOptions, default_jobs, run_batch

    opts = RunOptions(out=out, jobs=jobs or default_jobs(), force=force,
                      max_bytes=int(max_size * 1024 * 1024), debug=debug, quiet=quiet,
                      lexicon_dir=lexicons, executor=executor, scheduler=scheduler, excel=excel)  # fmt: skip
    manifest = run_batch(paths, opts)
    if not quiet:
        counts = manifest["status"].value_counts().to_dict()
        ok = manifest[manifest["status"] != "error"]
        n_m = sum(int(x) for x in ok["n_measures"] if str(x) != "")
        n_a = sum(int(x) for x in ok["n_assignments"] if str(x) != "")
        print(f"{len(manifest)} inputs ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))}): "
              f"{n_m} measures, {n_a} assignments → {out}/", file=sys.stderr)  # fmt: skip
        doubt = _doubts(ok)
        if doubt:
            print(f"to check: {doubt} (flags column of assignments.csv, warnings in document.json)", file=sys.stderr)
    raise typer.Exit(1 if (manifest["status"] == "error").any() else 0)


def _doubts(manifest) -> str:  # noqa: ANN001 - the manifest's DataFrame
    """What a run could not read fully, counted over the manifest's rows ('' when nothing)."""
    total = lambda col: sum(int(x) for x in manifest[col] if str(x) != "")  # noqa: E731
    parts = [(total("n_flagged"), "flagged rows"), (total("n_flagged_lists"), "lists read in part or with an unknown role verb"),
             (total("n_unassigned"), "measures with no body"), (total("n_warnings"), "warnings")]  # fmt: skip
    return ", ".join(f"{n} {what}" for n, what in parts if n)


@app.command()
def stage(
    name: Annotated[str, typer.Argument(help="normalize, structure, segment, detect, assign or emit.")],
    file: Annotated[str, typer.Argument(help="One input file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
) -> None:
    """Run the stages up to NAME on FILE; write the result to OUT/<doc_id>/stages/NAME.json."""
    from .emit import write_json
    from .readers import read_input
    from .run import load_resources, process, stage_json

    try:
        decoded = read_input(file)
        result = process(decoded, load_resources(), until=name)
    except FengongError as err:
        _fail(err)
    target = out / decoded.doc_id / "stages" / f"{name}.json"
    write_json(stage_json(result), target)
    print(target)


@lexicon_app.command("lookup")
def lookup(
    name: Annotated[str, typer.Argument(help="A body name or alias, in either script.")],
    year: Annotated[int | None, typer.Option(help="The document's year.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
) -> None:
    """Resolve NAME to the body it meant in YEAR; exit 1 if unknown."""
    from .lexicon import load_lexicon

    res = load_lexicon().resolve(name, year)
    b = res.body
    if as_json:
        obj = {"name": None} if b is None else {
            "id": b.id, "name": b.name, "name_en": b.name_en, "kind": b.kind,
            "valid_from": b.valid_from, "valid_to": b.valid_to,
            "successors": list(b.successors), "warning": res.warning or None,
        }  # fmt: skip
        print(json.dumps(obj, ensure_ascii=False))
    elif b is None:
        print(f"{name}: not in the lexicon", file=sys.stderr)
    else:
        life = f"{b.valid_from or ''}–{b.valid_to or ''}"
        print(f"{b.name} ({b.id}, {b.kind}, {life}) {b.name_en}")
        if res.warning:
            print(f"warning: {res.warning}", file=sys.stderr)
    raise typer.Exit(1 if b is None else 0)


@lexicon_app.command("validate")
def validate_cmd() -> None:
    """Check the lexicons: unique ids, known kinds, existing successors, no alias clashes."""
    from .lexicon import load_lexicon, validate

    lex = load_lexicon()
    problems = validate(lex)
    for p in problems:
        print(p, file=sys.stderr)
    verbs = len(lex.verbs)
    print(f"{len(lex.bodies)} bodies, {len(lex.alias_index)} names, {verbs} verbs, "
          f"{len(lex.roles)} role words: {'ok' if not problems else f'{len(problems)} problems'}")  # fmt: skip
    raise typer.Exit(1 if problems else 0)


@app.command()
def figures(
    out: Annotated[Path, typer.Argument(help="A run folder written by `fengong extract`.")],
    english: Annotated[bool, typer.Option("--english", help="English body names.")] = False,
) -> None:
    """Draw the figures of the run in OUT into OUT/figures/ (PNG, SVG) and the network as GraphML."""
    from .figures import write_figures

    try:
        paths = write_figures(out, english=english)
    except FengongError as err:
        _fail(err)
    for path in paths:
        print(path)


@app.command()
def score(
    out: Annotated[Path, typer.Argument(help="A run folder written by `fengong extract`.")],
    gold: Annotated[list[str], typer.Argument(help="Gold JSON files or folders (docs/gold-format.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary, not the table.")] = False,
    min_assign: Annotated[float | None, typer.Option(help="Exit 1 if assignment F1 is below.")] = None,
    min_measure: Annotated[float | None, typer.Option(help="Exit 1 if measure F1 is below.")] = None,
    min_measure_assign: Annotated[float | None, typer.Option(help="Exit 1 if m-assign F1 is below.")] = None,
) -> None:
    """Score the run in OUT against hand-labelled GOLD files; exit 1 below a --min-* threshold."""
    from .score import GoldError, below, doc_line, run_json, score_run, total_line

    if not out.is_dir():
        print(f"{out}: no such run folder", file=sys.stderr)
        raise typer.Exit(2)
    try:
        run = score_run(out, gold)
    except GoldError as err:
        print(err, file=sys.stderr)
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(run_json(run), ensure_ascii=False))
    else:
        for d in run.docs:
            print(doc_line(d))
        print(total_line(run))
    minima = {"assign_f1": min_assign, "measure_f1": min_measure, "measure_assign_f1": min_measure_assign}
    low = below(run, minima)
    if low:
        print(f"score below threshold: {', '.join(low)}", file=sys.stderr)
    raise typer.Exit(1 if low else 0)


def main() -> None:
    """Entry point of the ``fengong`` console script."""
    try:
        app()
    except FengongError as err:
        print(err.line(), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
