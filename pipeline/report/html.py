"""The HTML report of a run: ``fengong report OUTDIR`` (and ``fengong extract … --report``).

It writes ``OUTDIR/report/index.html`` (the documents with their status, counts and warnings,
the flagged rows, the figures) and ``OUTDIR/report/docs/<doc_id>.html`` for every document: its
original text with each measure outlined, every body marked by its role and each responsibility
list marked as a list, beside a table of the measures (path, verb, deadline, bodies by role).
The pages are self-contained: CSS and JS inline, figures copied into ``report/figures/``, no
network, so the folder opens from ``file://`` and can be zipped and shared.

The pages come from the Jinja2 templates in ``pipeline/templates/``, autoescaped: a plan's
text is data, so markup inside it shows as text. The text is read again from the document's
``source`` the way the pipeline reads it (:func:`pipeline.io.readers.read_input`), since the
tables' ``start``/``end`` are offsets into that text; the marks are built in one pass over the
spans sorted by offset (:func:`markup`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from ..errors import FengongError
from ..report import series_page
from ..report.series_page import series_sections

REPORT_DIR = "report"
ROLES = ("lead", "participant", "responsible")
RANK = {"measure": 0, "list": 1, "body": 2}  # at equal extents, a measure holds a list, a list a body
OPENERS, CLOSERS = "（(", "）)"
LIST_GAP = 12  # more characters than this between two names of a unit's bodies start another list
TEMPLATES = Path(__file__).resolve().parent / "templates"
MANIFEST_COUNTS = ("n_measures", "n_assignments", "n_flagged", "n_flagged_lists", "n_unassigned", "n_warnings")


@dataclass
class Span:
    """A mark over ``text[start:end]``: a measure, a responsibility list or a body."""

    start: int
    end: int
    kind: str
    classes: str
    attrs: dict[str, str] = field(default_factory=dict)


Event = tuple[str, Any]  # ("text", str) | ("open", Span) | ("close", None)


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the report's templates, autoescaping everything."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)  # fmt: skip


Row = dict[str, str]  # a row of a table of the run, every value a string


read_table = series_page.read_table  # the rows of a CSV table of a run, as strings

# --- the original text ------------------------------------------------------------------------


def source_candidates(source: str, outdir: Path, sources: Path | None = None) -> list[Path]:
    """Where the input of a run may be: under ``sources`` when given, else as written (absolute,
    or from the current folder), then from the run folder and each folder above it (a run
    written with ``--out outputs`` from the folder that holds the inputs)."""
    p = Path(source)
    if p.is_absolute():
        return [p]
    if sources is not None:
        return [sources / p]
    here = outdir.resolve()
    return [p, *(folder / p for folder in (here, *here.parents))]


def original_text(document: dict[str, Any], outdir: Path, sources: Path | None = None) -> tuple[str | None, str]:
    """The document's original text, decoded as the pipeline decodes it, or None and why not.

    The text is refused when its sha256 is not the document's any more: the offsets of the
    tables would point at other characters.
    """
    from ..io.readers import read_input

    source = str(document.get("source", ""))
    for path in source_candidates(source, outdir, sources):
        if not path.is_file():
            continue
        try:
            decoded = read_input(path, max_bytes=max(path.stat().st_size, 1))
        except FengongError as err:
            return None, f"the original text could not be read again: {err.line()}"
        if document.get("sha256") and decoded.sha256 != document["sha256"]:
            return None, f"{source} has changed since the run (its sha256 differs): rerun fengong extract"
        return decoded.text, ""
    return None, f"the original text is not found at {source or '(no source)'}"


# --- spans and their markup -------------------------------------------------------------------


def offsets(row: Row) -> tuple[int, int] | None:
    """The (start, end) of a row, or None when it has none."""
    try:
        start, end = int(row["start"]), int(row["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if 0 <= start < end else None


def group_lists(assignments: list[Row], text: str) -> list[dict[str, Any]]:
    """The responsibility lists: the mentions of bodies that serve the same measures, next to
    each other in the text, each list widened to its parentheses (or its role words)."""
    mentions: dict[tuple[int, int], dict[str, Any]] = {}
    for row in assignments:
        where = offsets(row)
        if where is None:
            continue
        m = mentions.setdefault(where, {"start": where[0], "end": where[1], "units": set(), "rows": []})
        m["units"].add(row["measure_id"] or f"path {row['path']}")
        m["rows"].append(row)
    lists: list[dict[str, Any]] = []
    for m in sorted(mentions.values(), key=lambda m: (m["start"], m["end"])):
        last = lists[-1] if lists else None
        gap = text[last["end"]:m["start"]] if last else ""
        if last and last["units"] == m["units"] and len(gap) <= LIST_GAP and not any(c in gap for c in "。；;\n"):
            last["end"] = max(last["end"], m["end"])
            last["mentions"].append(m)
        else:
            lists.append({"start": m["start"], "end": m["end"], "units": m["units"], "mentions": [m]})
    for n, lst in enumerate(lists, 1):
        lst["id"] = f"l{n}"
        widen(lst, text)
    return lists


def widen(lst: dict[str, Any], text: str) -> None:
    """Widen a list to the parentheses around it, or else to the role words right after it."""
    opener = lst["start"] - 1
    while opener > lst["start"] - 3 and opener >= 0 and text[opener].isspace():
        opener -= 1
    if opener >= 0 and text[opener] in OPENERS:
        tail = text[lst["end"]:lst["end"] + 40]
        close = min((i for i in (tail.find(c) for c in CLOSERS) if i >= 0), default=-1)
        if close >= 0 and "\n" not in tail[:close] and not any(c in tail[:close] for c in OPENERS):
            lst["start"], lst["end"] = opener, lst["end"] + close + 1
            return
    markers = {str(r["marker"]) for m in lst["mentions"] for r in m["rows"] if r.get("marker")}
    for marker in sorted(markers, key=len, reverse=True):
        at = text.find(marker, lst["end"], lst["end"] + len(marker) + 3)
        if at >= 0:
            lst["end"] = at + len(marker)
            return


def body_title(row: Row) -> str:
    """The tooltip of a body: its resolved name, id, place, function, role, the role words and any flags."""
    name = row["body"] + (f" ({row['body_id']})" if row.get("body_id") else "")
    function = row.get("function", "")
    mirrors = f"function {function}" if function and function != row.get("body_id") else ""
    parts = [name, row.get("place", ""), mirrors, row["role"], row.get("marker", ""),
             row.get("flags", "").replace("|", ", ")]  # fmt: skip
    return " · ".join(p for p in parts if p)


def list_spans(lists: list[dict[str, Any]]) -> list[Span]:
    """The marks of the responsibility lists and of the bodies in them."""
    spans: list[Span] = []
    for lst in lists:
        rows = [r for m in lst["mentions"] for r in m["rows"]]
        flagged = any(r.get("flags", "") for r in rows)
        names = sorted(lst["units"])
        units = ", ".join(names) if len(names) <= 6 else f"{names[0]} … {names[-1]} ({len(names)} units)"
        spans.append(Span(lst["start"], lst["end"], "list", "list" + (" flagged" if flagged else ""),
                          {"id": lst["id"], "title": f"responsibility list for {units}"}))  # fmt: skip
        for m in lst["mentions"]:
            row = m["rows"][0]
            role = row["role"] if row["role"] in ROLES else "other"
            classes = f"body role-{role}" + (" flagged" if any(r.get("flags", "") for r in m["rows"]) else "")
            spans.append(Span(m["start"], m["end"], "body", classes, {"title": body_title(row)}))
    return spans


def measure_spans(measures: list[Row], state: dict[str, str]) -> list[Span]:
    """The marks of the measures, with the state (flagged, unassigned) of each."""
    spans = []
    for row in measures:
        where = offsets(row)
        if where is None:
            continue
        mid = row["measure_id"]
        title = f"{mid} · path {row['path']} · {row.get('verb', '')}"
        spans.append(Span(where[0], where[1], "measure", f"measure {state.get(mid, '')}".strip(),
                          {"id": f"m-{mid}", "title": title, "data-row": f"r-{mid}"}))  # fmt: skip
    return spans


def markup(text: str, spans: Iterable[Span]) -> list[Event]:
    """The text cut at the spans' edges into text, open and close events, in one pass over the
    spans sorted by offset. Spans nest; one that crosses the end of the span it starts in is
    cut there, and the part of one already covered by an earlier sibling is left out."""
    events: list[Event] = []
    stack: list[int] = []  # the ends of the open spans, innermost last
    pos = 0

    def close_until(offset: int) -> None:
        """Close the open spans that end at or before ``offset``, with the text they still hold."""
        nonlocal pos
        while stack and stack[-1] <= offset:
            end = stack.pop()
            if end > pos:
                events.append(("text", text[pos:end]))
                pos = end
            events.append(("close", None))

    for span in sorted(spans, key=lambda s: (s.start, -s.end, RANK[s.kind])):
        close_until(span.start)
        start = max(span.start, pos)
        end = min(span.end, stack[-1] if stack else len(text), len(text))
        if start >= end:
            continue
        if start > pos:
            events.append(("text", text[pos:start]))
            pos = start
        events.append(("open", span))
        stack.append(end)
    close_until(len(text))
    if pos < len(text):
        events.append(("text", text[pos:]))
    return events


# --- the rows of the tables -------------------------------------------------------------------


def bodies_of(rows: Iterable[Row]) -> list[dict[str, str]]:
    """The bodies of a measure, once each (by body and role), in their order in the text."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        key = (row["body"], row["role"])
        if key not in seen:
            seen[key] = {"body": row["body"], "role": row["role"], "raw": row.get("raw", ""),
                         "title": body_title(row), "flagged": bool(row.get("flags", ""))}  # fmt: skip
    return list(seen.values())


def measure_rows(measures: list[Row], assignments: list[Row], lists: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row per measure (path, verb, deadline, bodies, flags, state), then one per list that
    serves no measure (a target)."""
    by_measure: dict[str, list[Row]] = {}
    for r in assignments:
        by_measure.setdefault(r["measure_id"], []).append(r)
    rows = []
    for m in measures:
        mine = by_measure.get(m["measure_id"], [])
        flags = sorted({f for r in mine for f in r.get("flags", "").split("|") if f})
        state = "flagged" if flags else "unassigned" if not mine else ""
        rows.append({"id": m["measure_id"], "target": f"m-{m['measure_id']}", "path": m["path"], "verb": m.get("verb", ""),
                     "deadline": m.get("deadline", "") or next((r["deadline"] for r in mine if r.get("deadline")), ""),
                     "text": m.get("text", ""), "bodies": bodies_of(mine), "flags": flags, "state": state})  # fmt: skip
    for lst in lists:
        mine = [r for mention in lst["mentions"] for r in mention["rows"] if not r["measure_id"]]
        if mine:
            flags = sorted({f for r in mine for f in r.get("flags", "").split("|") if f} | {"no_measure"})
            rows.append({"id": "—", "target": lst["id"], "path": mine[0]["path"], "verb": "", "deadline": "",
                         "text": "(a list whose unit states no measure)", "bodies": bodies_of(mine),
                         "flags": flags, "state": "flagged"})  # fmt: skip
    return rows


# --- the pages --------------------------------------------------------------------------------


def document_page(env: jinja2.Environment, folder: Path, outdir: Path,
                  sources: Path | None = None) -> tuple[str, dict[str, Any]]:
    """The HTML of one document's page, and the document (document.json)."""
    document = json.loads((folder / "document.json").read_text(encoding="utf-8"))
    measures, assignments = read_table(folder / "measures.csv"), read_table(folder / "assignments.csv")
    text, note = original_text(document, outdir, sources)
    lists = group_lists(assignments, text) if text is not None else []
    rows = measure_rows(measures, assignments, lists)
    events: list[Event] = []
    if text is not None:
        state = {r["id"]: r["state"] for r in rows}
        events = markup(text, measure_spans(measures, state) + list_spans(lists))
    html = env.get_template("document.html").render(document=document, events=events, rows=rows, note=note,
                                                    n_lists=len(lists), roles=ROLES)  # fmt: skip
    return html, document


def copy_figures(outdir: Path, target: Path) -> list[str]:
    """Copy the run's PNG figures into the report; their names, relative to the report."""
    figures = sorted((outdir / "figures").glob("*.png")) if (outdir / "figures").is_dir() else []
    if figures:
        target.mkdir(parents=True, exist_ok=True)
    for png in figures:
        shutil.copyfile(png, target / png.name)
    return [f"figures/{quote(png.name)}" for png in figures]


def document_rows(manifest: list[Row], documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A row per input of the manifest, with its document's title, warnings and page."""
    rows = []
    for m in manifest:
        doc = documents.get(m.get("doc_id", ""), {})
        counts = {k: m.get(k, "") for k in MANIFEST_COUNTS}
        rows.append({"source": m.get("source", ""), "doc_id": m.get("doc_id", ""), "status": m.get("status", ""),
                     "message": m.get("message", ""), "title": doc.get("title", ""), "year": doc.get("year", ""),
                     "warnings": doc.get("warnings", []), "page": doc.get("_page", ""), **counts,
                     "doubtful": any(counts[k] not in ("", "0") for k in ("n_flagged", "n_unassigned", "n_warnings"))})  # fmt: skip
    return rows


def flagged_rows(outdir: Path, documents: dict[str, dict[str, Any]]) -> list[dict[str, str]]:
    """The rows of the combined assignments.csv with flags, with a link into their document."""
    rows = []
    for r in read_table(outdir / "assignments.csv"):
        if not r.get("flags"):
            continue
        page = documents.get(r["doc_id"], {}).get("_page", "")
        link = f"{page}#m-{quote(r['measure_id'])}" if page and r["measure_id"] else page
        rows.append({**{k: r.get(k, "") for k in ("doc_id", "measure_id", "path", "body", "role", "raw")},
                     "flags": r.get("flags", "").replace("|", ", "), "link": link})  # fmt: skip
    return rows


def write_report(outdir: Path, sources: Path | None = None) -> Path:
    """Write the report of the run in ``outdir``; the path of its ``index.html``. The inputs'
    relative sources are read under ``sources`` when given (:func:`source_candidates`)."""
    outdir = Path(outdir)
    if not (outdir / "manifest.csv").is_file():
        raise FengongError("E012", detail=str(outdir))
    env, target = environment(), outdir / REPORT_DIR
    (target / "docs").mkdir(parents=True, exist_ok=True)
    documents: dict[str, dict[str, Any]] = {}
    for folder in sorted(p.parent for p in outdir.glob("*/document.json")):
        html, document = document_page(env, folder, outdir, sources)
        page = target / "docs" / f"{folder.name}.html"
        page.write_text(html, encoding="utf-8")
        documents[folder.name] = {**document, "_page": f"docs/{quote(folder.name)}.html"}
    manifest = read_table(outdir / "manifest.csv")
    rows = document_rows(manifest, documents)
    index = env.get_template("index.html").render(
        outdir=outdir.resolve().name, rows=rows, flagged=flagged_rows(outdir, documents),
        figures=copy_figures(outdir, target / "figures"), totals=totals(rows),
        series=series_sections(outdir, documents))
    (target / "index.html").write_text(index, encoding="utf-8")
    return target / "index.html"


def totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The manifest's counts summed over its inputs, and the inputs by status."""
    out = {k: sum(int(r[k]) for r in rows if str(r[k]).isdigit()) for k in MANIFEST_COUNTS}
    out["inputs"] = len(rows)
    out["errors"] = sum(r["status"] == "error" for r in rows)
    return out
