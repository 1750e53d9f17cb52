"""The command line: ``fengong extract | stage | score | review | report | figures | link | lexicon lookup | lexicon validate``.

Each command is a function of its parsed arguments (:mod:`pipeline.cli_parser`) that returns the
exit status: 0, 1 (an input failed, a score below its threshold, a name not found) or 2 (bad
usage, an unreadable lexicon or run folder). What a command needs is imported inside it, so that
``fengong lexicon lookup`` does not load the stages, nor ``fengong extract`` pandas.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from argparse import Namespace
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .errors import FengongError


def _fail(err: FengongError, code: int = 2) -> NoReturn:
    print(err.line(), file=sys.stderr)
    raise SystemExit(code)


def _segmenter(name: str) -> str:
    """``--segmenter``'s engine; an unknown one is one line on stderr and exit 2."""
    from .lexicon.engines import ENGINES

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


def extract(args: Namespace) -> int:
    """Extract measures and assignments from PATHs into OUT; exit 1 if any input failed."""
    from .io.out_formats import parse_formats, with_excel
    from .report.terminal import summary_lines
    from .run.batch import RunOptions, run_inputs

    try:
        chosen = with_excel(parse_formats(args.formats), args.excel)
    except ValueError as err:  # an unknown format: one line, as a usage error
        print(err, file=sys.stderr)
        return 2
    opts = RunOptions(out=args.out, jobs=args.jobs, force=args.force,
                      max_bytes=int(args.max_size * 1024 * 1024), debug=args.debug, quiet=args.quiet,
                      lexicon_dir=args.lexicons, executor=args.executor, scheduler=args.scheduler,
                      formats=chosen, year=args.year, clean=args.clean, segmenter=_segmenter(args.segmenter),
                      ocr=args.ocr, workbook_limit=None if _asked_for_formats(args) else WORKBOOK_DEFAULT_MAX,
                      own_process=True)  # fmt: skip
    if args.corrections is not None:  # keyed by content: see pipeline/review/corrections.py
        opts.corrections, opts.corrections_file = _corrections(args.corrections), str(args.corrections)
    manifest = run_inputs(args.paths, opts)
    if not args.quiet:  # the counts, and a "to check:" line with the warnings by kind (report/terminal.py)
        for line in summary_lines(manifest, args.out, args.verbose):
            print(line, file=sys.stderr)
    if args.link:  # series, measure_links.csv, measure_fates.csv (report/links.py)
        _link(args.out, args.series, args.quiet)
    if args.report:  # the HTML report of the whole output folder (report/html.py)
        _write_report(args.out, args.quiet)
    return 1 if any(row["status"] == "error" for row in manifest.records()) else 0


# plans.xlsx in a run with no format flags: up to this many documents (above, --excel). On the bench
# the workbook costs 2 ms (page-beginnings) to 35 ms (whole plans) a document, against 6 to 21 ms
# for the rest of the run: up to 50 documents it adds at most about two seconds.
WORKBOOK_DEFAULT_MAX = 50


def _asked_for_formats(args: Namespace) -> bool:
    """Whether the command line chose the formats (--formats, --excel, --no-excel)."""
    from .cli_parser import DEFAULT_FORMATS_ARG

    return args.excel is not None or args.formats != DEFAULT_FORMATS_ARG


def _link(out: Path, series: Path | None, quiet: bool = False) -> None:
    """Write OUT's series and measure links, naming the files on stderr; a fault is one line, exit 2."""
    from .report.links import link_run

    try:
        paths = link_run(out, series)
    except FengongError as err:
        _fail(err)
    if not quiet:
        print(f"links: {', '.join(str(p) for p in paths.values())}", file=sys.stderr)


def link(args: Namespace) -> int:
    """Group the plans of the run in OUT into series and link their measures."""
    _link(args.out, args.series)
    return 0


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


def report(args: Namespace) -> int:
    """Write the HTML report of the run in OUT: OUT/report/index.html and a page per document."""
    print(_write_report(args.out, quiet=True, sources=args.sources))
    return 0


def stage(args: Namespace) -> int:
    """Run the stages up to NAME on FILE (or each file of a folder); write OUT/<doc_id>/stages/NAME.json."""
    from .io.inputs import collect
    from .io.readers import read_input
    from .io.tables import write_json
    from .run.document import STAGES, process, stage_json
    from .run.resources import load_resources

    if args.name not in STAGES:
        _fail(FengongError("E011", name=args.name, choices=", ".join(STAGES)))
    jobs = [job for job in collect([args.file]) if not job.skip]  # a folder: each file it holds
    failed = False
    for job in jobs:
        try:
            if job.error:  # missing, a folder with nothing to read, a doc_id taken
                print(job.error, file=sys.stderr)
                failed = True
                continue
            resources = load_resources(args.lexicons, own_process=True)
            decoded = read_input(job.source, doc_id=job.doc_id, lexicon=resources.lexicon)
            result = process(decoded, resources, until=args.name, year=args.year)
        except FengongError as err:
            print(err.line(), file=sys.stderr)
            failed = True
            continue
        target = args.out / decoded.doc_id / "stages" / f"{args.name}.json"
        write_json(stage_json(result), target)
        print(target)
    return (2 if len(jobs) == 1 else 1) if failed else 0


def lookup(args: Namespace) -> int:
    """Resolve NAME to the body it meant in YEAR; exit 1 if unknown."""
    resolution = _lexicon(args.lexicons).resolve(args.name, args.year)
    b = resolution.body
    if args.as_json:
        obj = {"name": None} if b is None else {
            "id": b.id, "name": b.name, "name_en": b.name_en, "kind": b.kind,
            "valid_from": b.valid_from, "valid_to": b.valid_to,
            "successors": list(b.successors), "warning": resolution.warning or None,
        }  # fmt: skip
        print(json.dumps(obj, ensure_ascii=False))
    elif b is None:
        return _lookup_local(args)
    else:
        life = f"{b.valid_from or ''}–{b.valid_to or ''}"
        print(f"{b.name} ({b.id}, {b.kind}, {life}) {b.name_en}")
        if resolution.warning:
            print(f"warning: {resolution.warning}", file=sys.stderr)
    return 1 if b is None else 0


def _lookup_local(args: Namespace) -> int:
    """A name the lexicon lacks: the national body it mirrors, by the stem of functions.csv; exit 1 if none."""
    from .lexicon.functions import local_function

    lex = _lexicon(args.lexicons)
    row, functions = local_function(lex, args.name, args.year)
    if row is None:
        print(f"{args.name}: not in the lexicon, and no stem of functions.csv in it", file=sys.stderr)
        return 1
    named = ", ".join(f"{f} ({lex.bodies[f].name})" if f in lex.bodies else f for f in functions)
    when = f" in {args.year}" if args.year else ""
    moved = [f for f in functions if f not in row.functions]
    why = f"stem {row.stem!r} of functions.csv → {'|'.join(row.functions)}"
    if moved:
        why += f", carried on{when} by {', '.join(moved)}"
    print(f"{args.name}: a local body; function{when}: {named} ({why})")
    return 0


def validate(args: Namespace) -> int:
    """Check the lexicons: unique ids, known kinds, existing successors, no alias clashes."""
    from .lexicon.validate import validate as problems_of

    lex = _lexicon(args.lexicons)
    problems = problems_of(lex)
    for p in problems:
        print(p, file=sys.stderr)
    verbs = len(lex.verbs)
    print(f"{len(lex.bodies)} bodies, {len(lex.alias_index)} names, {verbs} verbs, "
          f"{len(lex.roles)} role words: {'ok' if not problems else f'{len(problems)} problems'}")  # fmt: skip
    return 1 if problems else 0


def figures(args: Namespace) -> int:
    """Draw the figures of the run in OUT into OUT/figures/ (PNG, SVG) and the network as GraphML."""
    from .report.figure_files import write_figures

    try:
        paths = write_figures(args.out, english=args.english, groups=args.groups, lexicon_dir=args.lexicons)
    except FengongError as err:
        _fail(err)
    for path in paths:
        print(path)
    return 0


def score(args: Namespace) -> int:
    """Score the run in OUT against hand-labelled GOLD files (or a filled --review); exit 1 below a --min-* threshold."""
    from .report.gold import GoldError
    from .report.score import below, doc_line, run_json, score_run, total_line

    if not args.out.is_dir():
        print(f"{args.out}: no such run folder", file=sys.stderr)
        return 2
    if args.review is not None or not args.gold:
        return _score_review(args.out, args.review, bool(args.gold), args.as_json, args.min_assign)
    try:
        run = score_run(args.out, args.gold)
    except GoldError as err:
        print(err, file=sys.stderr)
        return 2
    if args.as_json:
        print(json.dumps(run_json(run), ensure_ascii=False))
    else:
        for d in run.docs:
            print(doc_line(d))
        print(total_line(run))
    minima = {"assign_f1": args.min_assign, "measure_f1": args.min_measure,
              "measure_assign_f1": args.min_measure_assign}
    low = below(run, minima)
    if low:
        print(f"score below threshold: {', '.join(low)}", file=sys.stderr)
    return 1 if low else 0


def _corrections(path: Path) -> dict:
    """The corrections of a filled review by document sha256; an unreadable one: its problems, exit 2."""
    from .review.corrections import ReviewError, corrections_by_document, read_review

    try:
        return corrections_by_document(read_review(path))
    except ReviewError as err:
        print(err, file=sys.stderr)
        raise SystemExit(2) from None


def _score_review(out: Path, review: Path | None, with_gold: bool, as_json: bool, min_f1: float | None) -> int:
    """``score OUT --review FILE``: agreement per document and in total; the exit status."""
    from .io.outdir import read_record
    from .review.agreement import agreement_line, review_agreement
    from .review.corrections import ReviewError, read_review

    if review is None or with_gold:
        print("give GOLD files or --review FILE (not both)", file=sys.stderr)
        return 2
    try:
        rows = read_review(review)
    except ReviewError as err:
        print(err, file=sys.stderr)
        return 2
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
    low = min_f1 is not None and (not total.reviewed or total.counts.f1 < min_f1)
    if low:
        print("score below threshold: f1", file=sys.stderr)
    return 1 if low else 0


def review(args: Namespace) -> int:
    """Write OUT/review.xlsx: a row per assignment and per measure with no body, to check by hand."""
    from .review.sheet import write_review

    try:
        path = write_review(args.out)
    except FengongError as err:
        _fail(err)
    print(path)
    return 0


COMMANDS = {"extract": extract, "stage": stage, "score": score, "report": report, "figures": figures,
            "link": link, "review": review, "lookup": lookup, "validate": validate}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point of the ``fengong`` console script: run the command of ``argv`` and exit with its status.

    Args:
        argv: the arguments (default: ``sys.argv[1:]``).
    """
    from .cli_parser import make_parser

    parser = make_parser(COMMANDS)
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # a bare ``fengong``: the commands
        parser.print_help()
        sys.exit(0)
    args = parser.parse_args(argv)
    try:
        sys.exit(args.command(args))
    except FengongError as err:
        print(err.line(), file=sys.stderr)
        sys.exit(2)


def command() -> NoReturn:
    """The ``fengong`` console script: :func:`main`, then an exit that skips tearing down the heap.

    At the interpreter's exit every object of the lexicon and the segmenter is freed one by one,
    about 0.1 s, a sixth of a one-plan run; by then every output is written and closed. Where a
    thread or a child process is still alive (an interrupted run), the interpreter exits as usual,
    so that it waits for the thread and multiprocessing stops the child.
    """
    status: int | str | None = 0
    try:
        main()
    except SystemExit as done:
        status = done.code
    if isinstance(status, str):  # sys.exit("message"): printed, status 1, as the interpreter does
        print(status, file=sys.stderr)
        status = 1
    children = sys.modules.get("multiprocessing")
    if threading.active_count() > 1 or (children is not None and children.active_children()):
        sys.exit(status)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status or 0)


if __name__ == "__main__":  # pragma: no cover
    command()
