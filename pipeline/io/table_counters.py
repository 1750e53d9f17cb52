"""The corpus-wide tables counted as the rows stream by: lexicon gaps, bodies by year, functions by level.

A run reads its combined assignments back in pieces (:mod:`pipeline.run.corpus`), so memory stays
flat whatever the corpus: each counter holds one value per output row (a name, a group) and the
rows of the document being read, never the corpus's rows. The rows of one document come together
in the combined tables (a document's rows are appended at once), which is what lets a count of
distinct (document, …) pairs forget a document once the next one starts. Rows given in another
order (a DataFrame filtered by hand) are first put in that order by :func:`by_document`.
"""

from __future__ import annotations

from collections.abc import Mapping

Columns = Mapping[str, list]  # a table by column: name → its values, in row order


def by_document(columns: Columns) -> dict[str, list]:
    """``columns`` with each document's rows together, documents in order of first appearance."""
    docs = columns["doc_id"]
    first: dict[str, int] = {}
    for doc in docs:
        first.setdefault(doc, len(first))
    order = sorted(range(len(docs)), key=lambda i: first[docs[i]])
    if order == list(range(len(docs))):
        return dict(columns)
    return {name: [values[i] for i in order] for name, values in columns.items()}


class GapCounter:
    """Names in lists the lexicon lacks (``body_kind`` unknown): mentions, documents, the first row.

    A mention is a distinct (doc_id, start, end) of the name as written.
    """

    def __init__(self) -> None:
        self.mentions: dict[str, int] = {}
        self.documents: dict[str, set[str]] = {}
        self.first: dict[str, tuple[str, str]] = {}  # name → (doc_id, measure_id) of its first row
        self._doc = None
        self._seen: set[tuple[str, int, int]] = set()

    def add(self, assignments: Columns) -> None:
        """Count a batch of rows (columns doc_id, measure_id, body, body_kind, start, end)."""
        columns = (assignments[c] for c in ("doc_id", "measure_id", "body", "body_kind", "start", "end"))
        for doc, measure, body, kind, start, end in zip(*columns, strict=True):
            if doc != self._doc:
                self._doc, self._seen = doc, set()
            if kind != "unknown":
                continue
            if body not in self.first:
                self.first[body] = (doc, measure)
                self.mentions[body] = 0
                self.documents[body] = set()
            if (body, start, end) not in self._seen:
                self._seen.add((body, start, end))
                self.mentions[body] += 1
            self.documents[body].add(doc)

    def wanted(self) -> set[tuple[str, str]]:
        """The (doc_id, measure_id) whose text the examples show."""
        return set(self.first.values())

    def rows(self, texts: Mapping[tuple[str, str], str]) -> list[tuple]:
        """(name, count, documents, example), most mentioned first; ``texts``: :meth:`wanted`'s texts."""
        rows = []
        for name, (doc, measure) in self.first.items():
            example = f"{doc}: {texts.get((doc, measure), '')}"
            rows.append((name, self.mentions[name], "|".join(sorted(self.documents[name])), example))
        rows.sort(key=lambda row: (-row[1], row[0]))
        return rows


class PanelCounter:
    """Bodies by year: (body_id, place, year, role) → the body and function of its first row, its
    number of measures and of documents; a (measure, body, role) listed twice counts once."""

    def __init__(self, years: Mapping[str, int | None]) -> None:
        self.years = years
        self.groups: dict[tuple, list] = {}  # key → [body, function, measures, documents, last doc]
        self._doc = None
        self._seen: set[tuple] = set()

    def add(self, assignments: Columns) -> None:
        """Count a batch of rows (columns doc_id, measure_id, body_id, body, place, function, role)."""
        columns = (assignments[c] for c in ("doc_id", "measure_id", "body_id", "body", "place", "function", "role"))
        for doc, measure, body_id, body, place, function, role in zip(*columns, strict=True):
            if doc != self._doc:
                self._doc, self._seen = doc, set()
            body_id = body_id or body
            if (key := (measure, body_id, place, role)) in self._seen:
                continue
            self._seen.add(key)
            group = self.groups.setdefault((body_id, place, self.years.get(doc), role), [body, function, 0, 0, None])
            group[2] += 1
            if group[4] != doc:
                group[3] += 1
                group[4] = doc

    def rows(self) -> list[tuple]:
        """Sorted by body_id, place, year (a missing year last) and role."""
        order = sorted(self.groups, key=lambda k: (k[0], k[1], k[2] is None, k[2] or 0, k[3]))
        return [(k[0], g[0], k[1], g[1], k[2], k[3], g[2], g[3]) for k in order for g in (self.groups[k],)]


class FunctionPanelCounter:
    """Functions by level: (function, level, year, role) → distinct (document, measure) pairs,
    documents and places; a body mirroring two functions (moe|gas) counts under each."""

    def __init__(self, years: Mapping[str, int | None]) -> None:
        self.years = years
        self.groups: dict[tuple, list] = {}  # key → [measures, documents, places, last doc]
        self._doc = None
        self._seen: set[tuple] = set()

    def add(self, assignments: Columns) -> None:
        """Count a batch of rows (columns doc_id, measure_id, level, place, function, role)."""
        columns = (assignments[c] for c in ("doc_id", "measure_id", "level", "place", "function", "role"))
        for doc, measure, level, place, functions, role in zip(*columns, strict=True):
            if doc != self._doc:
                self._doc, self._seen = doc, set()
            for function in filter(None, (functions or "").split("|")):
                key = (function, level, self.years.get(doc), role)
                group = self.groups.setdefault(key, [0, 0, set(), None])
                if (key, measure) not in self._seen:
                    self._seen.add((key, measure))
                    group[0] += 1
                if group[3] != doc:
                    group[1] += 1
                    group[3] = doc
                group[2].add(place)

    def rows(self) -> list[tuple]:
        """Sorted by function, level, year (a missing year last) and role."""
        order = sorted(self.groups, key=lambda k: (k[0], k[1], k[2] is None, k[2] or 0, k[3]))
        return [(*k, g[0], g[1], len(g[2])) for k in order for g in (self.groups[k],)]
