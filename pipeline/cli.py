"""The command line: ``fengong extract | stage | score | review | report | figures | lexicon lookup | lexicon validate``."""

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


def _lexicons_option() -> typer.models.OptionInfo:
    """``--lexicons DIR``, the same on every command that reads the lexicons."""
    return typer.Option("--lexicons", help="Folder of lexicons to use (default: the project's lexicons/).")


def _version(value: bool) -> None:
    if value:
        from .version import __version__

        print(f"fengong {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                 help="Print the version and exit.")] = False,
) -> None:  # fmt: skip
    """fengong (分工): measures, responsible bodies and roles from State Council plans."""


def _fail(err: FengongError, code: int = 2) -> None:
    print(err.line(), file=sys.stderr)
    raise typer.Exit(code)


def _segmenter(name: str) -> str:
    """``--segmenter``'s engine; an unknown one is one line on stderr and exit 2."""
    from .stages.engines import ENGINES

    if name not in ENGINES:
        _fail(FengongError("E017", "--segmenter", name=name, choices=", ".join(ENGINES)))
    return name


def _lexicon(directory: str | None):  # noqa: ANN202 - a Lexicon, imported lazily
    """The lexicons of ``directory``; a fault in them is one line on stderr and exit 2."""
    from .lexicon.model import load_lexicon

    try:
        return load_lexicon(directory)
    except FengongError as err:
        _fail(err)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes (0: one per core, less the one "
                                                       "plans.xlsx's writer takes).")] = 0,
    force: Annotated[bool, typer.Option(help="Redo inputs that are unchanged since the last run.")] = False,
    max_size: Annotated[float, typer.Option(help="Refuse inputs larger than this many MB.")] = 20.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
    lexicons: Annotated[str | None, _lexicons_option()] = None,
    executor: Annotated[str, typer.Option(help="process or dask.")] = "process",
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    formats: Annotated[str, typer.Option(help="Combined tables as csv, parquet, xlsx, sqlite, dta "
                                              "(comma-separated).")] = "csv,parquet,xlsx",
    excel: Annotated[bool | None, typer.Option("--excel/--no-excel", help="Add xlsx to (or remove it from) "
                                               "--formats: plans.xlsx is slow on a large corpus.")] = None,
    year: Annotated[int | None, typer.Option(help="The year of inputs whose header shows none.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every warning (document: warning).")] = False,
    clean: Annotated[bool, typer.Option(help="Empty OUT first (else a run adds to it).")] = False,
    report: Annotated[bool, typer.Option("--report", help="Also write the HTML report (OUT/report/index.html).")] = False,
    corrections: Annotated[Path | None, typer.Option(help="A filled review (xlsx or csv, `fengong review`) "
                                                          "to apply.")] = None,
    segmenter: Annotated[str, typer.Option(help="The engine of jieba's algorithm: rjieba (jieba-rs, fast) or "
                                                "jieba (the reference); the tables are the same.")] = "rjieba",
) -> None:
    """Extract measures and assignments from PATHs into OUT; exit 1 if any input failed."""
    from .io.out_formats import parse_formats, with_excel
    from .report.terminal import summary_lines
    from .run.batch import RunOptions, default_jobs, run_batch

    try:
        chosen = with_excel(parse_formats(formats), excel)
    except ValueError as err:  # an unknown format: one line, as a usage error
        print(err, file=sys.stderr)
        raise typer.Exit(2) from None
    opts = RunOptions(out=out, jobs=jobs or default_jobs("xlsx" in chosen), force=force,
                      max_bytes=int(max_size * 1024 * 1024), debug=debug, quiet=quiet,
                      lexicon_dir=lexicons, executor=executor, scheduler=scheduler, formats=chosen, year=year,
                      clean=clean, segmenter=_segmenter(segmenter))  # fmt: skip
    if corrections is not None:  # keyed by content: see pipeline/corrections.py
        opts.corrections, opts.corrections_file = _corrections(corrections), str(corrections)
    manifest = run_batch(paths, opts)
    if not quiet:  # the counts, and a "to check:" line with the warnings by kind (pipeline/report.py)
        for line in summary_lines(manifest, out, verbose):
            print(line, file=sys.stderr)
    if report:  # the HTML report of the whole output folder (pipeline/html_report.py)
        _write_report(out, quiet)
    raise typer.Exit(1 if (manifest["status"] == "error").any() else 0)


def _write_report(out: Path, quiet: bool = False, sources: Path | None = None) -> Path:
    """Write OUT/report/ and name its index.html on stderr (unless quiet); a fault is one line, exit 2."""
    from .report.html import write_report

    try:
        index = write_report(out, sources)
    except FengongError as err:
        _fail(err)
    if not quiet:
        print(f"report: {index}", file=sys.stderr)
    return index


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="A run folder written by `fengong extract`.")],
    sources: Annotated[Path | None, typer.Option(help="The folder the run's relative sources are under "
                                                      "(default: here, else OUT or a folder above it).")] = None,
) -> None:  # fmt: skip
    """Write the HTML report of the run in OUT: OUT/report/index.html and a page per document."""
    print(_write_report(out, quiet=True, sources=sources))


@app.command()
def stage(
    name: Annotated[str, typer.Argument(help="normalize, structure, segment, detect, assign or emit.")],
    file: Annotated[str, typer.Argument(help="An input file, or a folder: each file in it.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("outputs"),
    lexicons: Annotated[str | None, _lexicons_option()] = None,
    year: Annotated[int | None, typer.Option(help="The year, if the header shows none.")] = None,
) -> None:
    """Run the stages up to NAME on FILE (or each file of a folder); write OUT/<doc_id>/stages/NAME.json."""
    from .io.inputs import collect
    from .io.readers import read_input
    from .io.tables import write_json
    from .run.document import STAGES, load_resources, process, stage_json

    if name not in STAGES:
        _fail(FengongError("E011", name=name, choices=", ".join(STAGES)))
    jobs = [job for job in collect([file]) if not job.skip]  # a folder: each file it holds
    failed = False
    for job in jobs:
        try:
            if job.error:  # missing, a folder with nothing to read, a doc_id taken
                print(job.error, file=sys.stderr)
                failed = True
                continue
            resources = load_resources(lexicons)
            decoded = read_input(job.source, doc_id=job.doc_id, lexicon=resources.lexicon)
            result = process(decoded, resources, until=name, year=year)
        except FengongError as err:
            print(err.line(), file=sys.stderr)
            failed = True
            continue
        target = out / decoded.doc_id / "stages" / f"{name}.json"
        write_json(stage_json(result), target)
        print(target)
    raise typer.Exit((2 if len(jobs) == 1 else 1) if failed else 0)


@lexicon_app.command("lookup")
def lookup(
    name: Annotated[str, typer.Argument(help="A body name or alias, in either script.")],
    year: Annotated[int | None, typer.Option(help="The document's year.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON object.")] = False,
    lexicons: Annotated[str | None, _lexicons_option()] = None,
) -> None:
    """Resolve NAME to the body it meant in YEAR; exit 1 if unknown."""
    resolution = _lexicon(lexicons).resolve(name, year)
    b = resolution.body
    if as_json:
        obj = {"name": None} if b is None else {
            "id": b.id, "name": b.name, "name_en": b.name_en, "kind": b.kind,
            "valid_from": b.valid_from, "valid_to": b.valid_to,
            "successors": list(b.successors), "warning": resolution.warning or None,
        }  # fmt: skip
        print(json.dumps(obj, ensure_ascii=False))
    elif b is None:
        print(f"{name}: not in the lexicon", file=sys.stderr)
    else:
        life = f"{b.valid_from or ''}–{b.valid_to or ''}"
        print(f"{b.name} ({b.id}, {b.kind}, {life}) {b.name_en}")
        if resolution.warning:
            print(f"warning: {resolution.warning}", file=sys.stderr)
    raise typer.Exit(1 if b is None else 0)


@lexicon_app.command("validate")
def validate_cmd(lexicons: Annotated[str | None, _lexicons_option()] = None) -> None:
    """Check the lexicons: unique ids, known kinds, existing successors, no alias clashes."""
    from .lexicon.validate import validate

    lex = _lexicon(lexicons)
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
    english: Annotated[bool, typer.Option("--english", help="English labels and body names.")] = False,
    groups: Annotated[bool, typer.Option("--groups", help="Keep generic and local groups in the network.")] = False,
    lexicons: Annotated[str | None, _lexicons_option()] = None,
) -> None:
    """Draw the figures of the run in OUT into OUT/figures/ (PNG, SVG) and the network as GraphML."""
    from .report.figure_files import write_figures

    try:
        paths = write_figures(out, english=english, groups=groups, lexicon_dir=lexicons)
    except FengongError as err:
        _fail(err)
    for path in paths:
        print(path)


@app.command()
def score(
    out: Annotated[Path, typer.Argument(help="A run folder written by `fengong extract`.")],
    gold: Annotated[list[str] | None, typer.Argument(help="Gold JSON files or folders (docs/gold-format.md).")] = None,
    review: Annotated[Path | None, typer.Option(help="Score against a filled review instead: the machine's "
                                                     "agreement with the reviewer.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary, not the table.")] = False,
    min_assign: Annotated[float | None, typer.Option(help="Exit 1 if assignment F1 is below.")] = None,
    min_measure: Annotated[float | None, typer.Option(help="Exit 1 if measure F1 is below.")] = None,
    min_measure_assign: Annotated[float | None, typer.Option(help="Exit 1 if m-assign F1 is below.")] = None,
) -> None:
    """Score the run in OUT against hand-labelled GOLD files (or a filled --review); exit 1 below a --min-* threshold."""
    from .report.gold import GoldError
    from .report.score import below, doc_line, run_json, score_run, total_line

    if not out.is_dir():
        print(f"{out}: no such run folder", file=sys.stderr)
        raise typer.Exit(2)
    if review is not None or not gold:
        _score_review(out, review, bool(gold), as_json, min_assign)
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


def _corrections(path: Path) -> dict:
    """The corrections of a filled review by document sha256; an unreadable one: its problems, exit 2."""
    from .review.corrections import ReviewError, corrections_by_document, read_review

    try:
        return corrections_by_document(read_review(path))
    except ReviewError as err:
        print(err, file=sys.stderr)
        raise typer.Exit(2) from None


def _score_review(out: Path, review: Path | None, with_gold: bool, as_json: bool, min_f1: float | None) -> None:
    """``score OUT --review FILE``: agreement per document and in total; exits."""
    from .io.outdir import read_record
    from .review.agreement import agreement_line, review_agreement
    from .review.corrections import ReviewError, read_review

    if review is None or with_gold:
        print("give GOLD files or --review FILE (not both)", file=sys.stderr)
        raise typer.Exit(2)
    try:
        rows = read_review(review)
    except ReviewError as err:
        print(err, file=sys.stderr)
        raise typer.Exit(2) from None
    docs, total = review_agreement(rows)
    for d in docs:  # the run may have changed since the review: say so, the scores are the review's
        sha = (read_record(out / d.doc) or {}).get("sha256")
        if sha is not None and sha not in {r.sha256 for r in rows if r.doc_id == d.doc}:
            print(f"{d.doc}: the run's document is not the one reviewed (another sha256)", file=sys.stderr)
    if as_json:
        print(json.dumps({"summary": total.record(), "docs": [d.record() for d in docs]}, ensure_ascii=False))
    else:
        for line in [*map(agreement_line, docs), agreement_line(total)]:
            print(line)
    low = min_f1 is not None and total.counts.f1 < min_f1
    if low:
        print("score below threshold: f1", file=sys.stderr)
    raise typer.Exit(1 if low else 0)


@app.command("review")
def review_cmd(
    out: Annotated[Path, typer.Argument(help="A run folder written by `fengong extract`.")],
) -> None:
    """Write OUT/review.xlsx: a row per assignment and per measure with no body, to check by hand."""
    from .review.sheet import write_review

    try:
        path = write_review(out)
    except FengongError as err:
        _fail(err)
    print(path)


def main() -> None:
    """Entry point of the ``fengong`` console script."""
    try:
        app()
    except FengongError as err:
        print(err.line(), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
