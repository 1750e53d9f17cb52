"""The command line's arguments: one argparse parser, a sub-parser per command.

The standard library's argparse: a one-plan run starts without importing a CLI framework
(typer built its parameters through pydantic, a tenth of the cold start of
``fengong extract one-plan.txt``). The commands themselves are in :mod:`pipeline.cli`; each
sub-parser names its command function as the ``command`` default.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

DESCRIPTION = "fengong (分工): measures, responsible bodies and roles from State Council plans."
RUN_FOLDER = "A run folder written by `fengong extract`."
DEFAULT_FORMATS_ARG = "csv,parquet,xlsx"  # --formats when none is given

Command = Callable[[argparse.Namespace], int]
SubParsers = Any  # what ``add_subparsers`` returns (its class is private to argparse)


class _Formatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Descriptions as written, and each option's default after its help."""


def _lexicons(parser: argparse.ArgumentParser) -> None:
    """``--lexicons DIR``, the same on every command that reads the lexicons."""
    parser.add_argument("--lexicons", metavar="DIR", default=None,
                        help="Folder of lexicons to use (default: the project's lexicons/).")  # fmt: skip


def _flag(parser: argparse.ArgumentParser, name: str, help_text: str) -> None:
    """A ``--name/--no-name`` switch, off by default."""
    parser.add_argument(name, action=argparse.BooleanOptionalAction, default=False, help=help_text)


def _extract(sub: SubParsers, command: Command) -> None:
    p = sub.add_parser("extract", help="Extract measures and assignments from PATHs into OUT.",
                       description="Extract measures and assignments from PATHs into OUT; exit 1 if any input failed.",
                       formatter_class=_Formatter)  # fmt: skip
    p.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders (searched recursively).")
    p.add_argument("--out", "-o", type=Path, default=Path("outputs"), help="Output folder.")
    p.add_argument("--jobs", "-j", type=int, default=0,
                   help="Worker processes (0: one per core, less the one plans.xlsx's writer takes).")  # fmt: skip
    _flag(p, "--force", "Redo inputs that are unchanged since the last run.")
    p.add_argument("--max-size", type=float, default=20.0, help="Refuse inputs larger than this many MB.")
    p.add_argument("--ocr", action="store_true",
                   help="Recognise the pages of scanned PDFs with Tesseract (their rows are flagged ocr).")  # fmt: skip
    p.add_argument("--quiet", "-q", action="store_true", help="No progress bar, no summary.")
    _flag(p, "--debug", "Show tracebacks of internal errors.")
    _lexicons(p)
    p.add_argument("--executor", default="process", help="process or dask.")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address.")
    p.add_argument("--formats", default=DEFAULT_FORMATS_ARG,
                   help="Combined tables as csv, parquet, xlsx, sqlite, dta (comma-separated).")  # fmt: skip
    p.add_argument("--excel", action=argparse.BooleanOptionalAction, default=None,
                   help="Add xlsx to (or remove it from) --formats. Without format flags plans.xlsx is "
                        "written for runs of up to 50 documents: it is slow on a large corpus.")  # fmt: skip
    p.add_argument("--year", type=int, default=None, help="The year of inputs whose header shows none.")
    p.add_argument("--verbose", "-v", action="store_true", help="List every warning (document: warning).")
    _flag(p, "--clean", "Empty OUT first (else a run adds to it).")
    p.add_argument("--report", action="store_true", help="Also write the HTML report (OUT/report/index.html).")
    p.add_argument("--link", action="store_true",
                   help="Also link the measures of each plan series (fengong link OUT).")  # fmt: skip
    _series(p)
    p.add_argument("--corrections", type=Path, default=None,
                   help="A filled review (xlsx or csv, `fengong review`) to apply.")  # fmt: skip
    p.add_argument("--segmenter", default="rjieba",
                   help="The engine of jieba's algorithm: rjieba (jieba-rs, fast) or jieba (the reference); "
                        "the tables are the same.")  # fmt: skip
    p.set_defaults(command=command)


def _stage(sub: SubParsers, command: Command) -> None:
    p = sub.add_parser("stage", help="Run the stages up to NAME on FILE.", formatter_class=_Formatter,
                       description="Run the stages up to NAME on FILE (or each file of a folder); "
                                   "write OUT/<doc_id>/stages/NAME.json.")  # fmt: skip
    p.add_argument("name", help="normalize, structure, segment, detect, assign or emit.")
    p.add_argument("file", help="An input file, or a folder: each file in it.")
    p.add_argument("--out", "-o", type=Path, default=Path("outputs"), help="Output folder.")
    _lexicons(p)
    p.add_argument("--year", type=int, default=None, help="The year, if the header shows none.")
    p.set_defaults(command=command)


def _score(sub: SubParsers, command: Command) -> None:
    p = sub.add_parser("score", help="Score the run in OUT against hand-labelled GOLD files.",
                       formatter_class=_Formatter,
                       description="Score the run in OUT against hand-labelled GOLD files (or a filled "
                                   "--review); exit 1 below a --min-* threshold.")  # fmt: skip
    p.add_argument("out", type=Path, help=RUN_FOLDER)
    p.add_argument("gold", nargs="*", help="Gold JSON files or folders (docs/gold-format.md).")
    p.add_argument("--review", type=Path, default=None,
                   help="Score against a filled review instead: the machine's agreement with the reviewer.")  # fmt: skip
    p.add_argument("--json", dest="as_json", action="store_true", help="Print a JSON summary, not the table.")
    p.add_argument("--min-assign", type=float, default=None, help="Exit 1 if assignment F1 is below.")
    p.add_argument("--min-measure", type=float, default=None, help="Exit 1 if measure F1 is below.")
    p.add_argument("--min-measure-assign", type=float, default=None, help="Exit 1 if m-assign F1 is below.")
    p.set_defaults(command=command)


def _series(p: argparse.ArgumentParser) -> None:
    p.add_argument("--series", type=Path, default=None,
                   help="A CSV of doc_id,series that overrides how plans are grouped into series.")  # fmt: skip


def _run_folder_command(sub: SubParsers, name: str, command: Command, summary: str,
                        description: str) -> argparse.ArgumentParser:  # fmt: skip
    """A command whose argument is a run folder, OUT."""
    p = sub.add_parser(name, help=summary, description=description, formatter_class=_Formatter)
    p.add_argument("out", type=Path, help=RUN_FOLDER)
    p.set_defaults(command=command)
    return p


def _lexicon(sub: SubParsers, lookup: Command, validate: Command) -> None:
    p = sub.add_parser("lexicon", help="Look up and validate the lexicons.",
                       description="Look up and validate the lexicons.")  # fmt: skip
    commands = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    look = commands.add_parser("lookup", help="Resolve NAME to the body it meant in YEAR; exit 1 if unknown.",
                               formatter_class=_Formatter)  # fmt: skip
    look.add_argument("name", help="A body name or alias, in either script.")
    look.add_argument("--year", type=int, default=None, help="The document's year.")
    look.add_argument("--json", dest="as_json", action="store_true", help="Print a JSON object.")
    _lexicons(look)
    look.set_defaults(command=lookup)
    check = commands.add_parser("validate", formatter_class=_Formatter,
                                help="Check the lexicons: unique ids, known kinds, existing successors, "
                                     "no alias clashes.")  # fmt: skip
    _lexicons(check)
    check.set_defaults(command=validate)


def make_parser(commands: dict[str, Command]) -> argparse.ArgumentParser:
    """The parser of every command.

    Args:
        commands: the command functions by name: extract, stage, score, report, figures,
            link, review, lookup, validate.
    Returns:
        The parser; ``parse_args(...).command(args)`` runs the command and gives its exit status.
    """
    from .version import __version__

    parser = argparse.ArgumentParser(prog="fengong", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"fengong {__version__}",
                        help="Print the version and exit.")  # fmt: skip
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    _extract(sub, commands["extract"])
    _stage(sub, commands["stage"])
    _score(sub, commands["score"])
    report = _run_folder_command(sub, "report", commands["report"], "Write the HTML report of the run in OUT.",
                                 "Write the HTML report of the run in OUT: OUT/report/index.html and a page "
                                 "per document.")  # fmt: skip
    report.add_argument("--sources", type=Path, default=None,
                        help="The folder the run's relative sources are under (default: here, else OUT or "
                             "a folder above it).")  # fmt: skip
    figures = _run_folder_command(sub, "figures", commands["figures"], "Draw the figures of the run in OUT.",
                                  "Draw the figures of the run in OUT into OUT/figures/ (PNG, SVG) and the "
                                  "network as GraphML.")  # fmt: skip
    figures.add_argument("--english", action="store_true", help="English labels and body names.")
    figures.add_argument("--groups", action="store_true",
                         help="Keep generic and local groups in the network, labelled (bodies of kind generic or "
                              "local, or with a local level or a place).")  # fmt: skip
    _lexicons(figures)
    link = _run_folder_command(sub, "link", commands["link"], "Link each plan series' measures in OUT.",
                               "Group the plans of the run in OUT into series and link each measure to its "
                               "predecessor in the previous plan: OUT/series.csv, measure_links.csv, "
                               "measure_fates.csv.")  # fmt: skip
    _series(link)
    _run_folder_command(sub, "review", commands["review"], "Write OUT/review.xlsx, to check by hand.",
                        "Write OUT/review.xlsx: a row per assignment and per measure with no body, to check "
                        "by hand.")  # fmt: skip
    _lexicon(sub, commands["lookup"], commands["validate"])
    return parser
