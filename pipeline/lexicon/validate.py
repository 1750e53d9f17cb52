"""``fengong lexicon validate``: the problems a researcher's edit of the lexicons may bring in."""

from __future__ import annotations

import re

from ..lexicon.labels import LABEL_SETS
from ..lexicon.model import (
    APPLIES,
    CONVENTION_KINDS,
    FRAMING_POSITIONS,
    KINDS,
    LEVELS,
    ROLES,
    TABLE_COLUMNS,
    VERB_CATEGORIES,
    VERB_POSITIONS,
    Lexicon,
)
from ..lexicon.words import PAGE_CLASS_USES, PAGE_FIELD_GIVES, WORD_USES


def validate(lexicon: Lexicon) -> list[str]:
    """Problems in the lexicons: duplicate ids, dangling successors, unknown kinds, clashes."""
    problems = [f"agencies.csv: duplicate id {i!r}" for i in lexicon.duplicate_ids]
    for body in lexicon.bodies.values():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", body.id):
            problems.append(f"agencies.csv: id {body.id!r} is not an ASCII slug")
        if body.kind not in KINDS:
            problems.append(f"agencies.csv: {body.id}: unknown kind {body.kind!r}")
        for ref in (*body.successors, *([body.parent] if body.parent else [])):
            if ref not in lexicon.bodies:
                problems.append(f"agencies.csv: {body.id}: no body with id {ref!r}")
        if body.valid_from and body.valid_to and body.valid_from > body.valid_to:
            problems.append(f"agencies.csv: {body.id}: valid_from after valid_to")
    for alias, bodies in sorted(lexicon.alias_index.items()):
        for i, a in enumerate(bodies):
            for b in bodies[i + 1 :]:
                lo = max(a.valid_from or -10_000, b.valid_from or -10_000)
                hi = min(a.valid_to or 10_000, b.valid_to or 10_000)
                if a.id != b.id and lo <= hi:
                    problems.append(f"alias {alias!r} resolves to {a.id} and {b.id} in {lo}")
    for verb, (category, position) in lexicon.verbs.items():
        if category not in VERB_CATEGORIES:
            problems.append(f"verbs.csv: {verb}: unknown category {category!r}")
        if position not in VERB_POSITIONS:
            problems.append(f"verbs.csv: {verb}: unknown position {position!r} (any or head)")
    for f in lexicon.framing:
        if f.position not in FRAMING_POSITIONS:
            problems.append(f"framing.csv: {f.prefix}: unknown position {f.position!r} ({', '.join(sorted(FRAMING_POSITIONS))})")
    for _, kind in lexicon.conventions:
        if kind not in CONVENTION_KINDS:
            problems.append(f"list_conventions.csv: unknown kind {kind!r}")
    for header, column in lexicon.table_columns.items():
        if column not in TABLE_COLUMNS:
            problems.append(f"table_columns.csv: {header}: unknown column {column!r}")
    for header, role in lexicon.table_roles.items():
        if role not in ROLES or lexicon.table_columns.get(header) != "bodies":
            problems.append(f"table_columns.csv: {header}: role {role!r} (only a bodies column has one of {sorted(ROLES)})")
    for _, level in lexicon.levels:
        if level not in LEVELS:
            problems.append(f"levels.csv: unknown level {level!r}")
    for _, kind in lexicon.body_patterns:
        if kind not in KINDS:
            problems.append(f"body_patterns.csv: unknown kind {kind!r}")
    for phrase, (role, applies) in lexicon.roles.items():
        if role and role not in ROLES:
            problems.append(f"roles.csv: {phrase}: unknown role {role!r}")
        if applies not in APPLIES:
            problems.append(f"roles.csv: {phrase}: unknown applies {applies!r}")
    return problems + _word_problems(lexicon) + _function_problems(lexicon) + _label_problems(lexicon)


def _label_problems(lexicon: Lexicon) -> list[str]:
    """Problems in labels.csv: an unknown set or code, an empty label, a code labelled twice, and a
    kind or verb category fengong knows with no label (named with the files that use it).

    Args:
        lexicon: the loaded lexicons.

    Returns:
        One line per problem, in file order, then the missing labels by set and code.
    """
    known = {"kind": KINDS, "verb_category": VERB_CATEGORIES}
    used: dict[tuple[str, str], set[str]] = {}
    for body in lexicon.bodies.values():
        used.setdefault(("kind", body.kind), set()).add("agencies.csv")
    for _, kind in lexicon.body_patterns:
        used.setdefault(("kind", kind), set()).add("body_patterns.csv")
    for entry in lexicon.verbs.values():
        used.setdefault(("verb_category", entry.category), set()).add("verbs.csv")
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(lexicon.labels.rows, start=2):
        if row.set not in LABEL_SETS:
            problems.append(f"labels.csv: line {n}: unknown set {row.set!r} (one of {', '.join(sorted(LABEL_SETS))})")
        elif row.value not in known[row.set]:
            problems.append(f"labels.csv: line {n}: {row.value!r} is no {row.set} fengong knows "
                            f"(one of {', '.join(sorted(known[row.set]))})")  # fmt: skip
        for column in ("zh", "en"):
            if not getattr(row, column):
                problems.append(f"labels.csv: line {n}: {row.set} {row.value}: empty {column} label")
        if (row.set, row.value) in seen:
            problems.append(f"labels.csv: line {n}: {row.set} {row.value} labelled twice")
        seen.add((row.set, row.value))
    for of in sorted(known):
        labelled = set(lexicon.labels.values(of))
        for value in sorted(known[of] - labelled):
            where = ", ".join(sorted(used.get((of, value), ())))
            problems.append(f"labels.csv: {of} {value!r} has no label{f' (used in {where})' if where else ''}: "
                            f"add a row {of},{value},<Chinese>,<English>")  # fmt: skip
    return problems


def _function_problems(lexicon: Lexicon) -> list[str]:
    """Problems in functions.csv (unknown ids, a stem's rows overlapping in years) and places.csv."""
    problems: list[str] = []
    for stem, rows in lexicon.functions.by_stem.items():
        for row in rows:
            for f in row.functions:
                if f != "government" and f not in lexicon.bodies:
                    problems.append(f"functions.csv: {stem}: no body with id {f!r}")
            if row.valid_from and row.valid_to and row.valid_from > row.valid_to:
                problems.append(f"functions.csv: {stem}: valid_from after valid_to")
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                lo = max(a.valid_from or -10_000, b.valid_from or -10_000)
                hi = min(a.valid_to or 10_000, b.valid_to or 10_000)
                if lo <= hi:
                    problems.append(f"functions.csv: stem {stem!r} has two rows for {lo if lo > -10_000 else 'every year'}")
    names = lexicon.places.by_name
    for place in lexicon.places.places:
        if place.level not in LEVELS:
            problems.append(f"places.csv: {place.name}: unknown level {place.level!r}")
        if place.parent and place.parent not in names:
            problems.append(f"places.csv: {place.name}: no place named {place.parent!r}")
    return problems


def _word_problems(lexicon: Lexicon) -> list[str]:
    """Problems in page_fields.csv, page_classes.csv and document_words.csv: unknown uses,
    empty or repeated rows."""
    problems: list[str] = []
    checks = (
        ("page_fields.csv", "gives", PAGE_FIELD_GIVES, lexicon.page_fields),
        ("page_classes.csv", "use", PAGE_CLASS_USES, lexicon.page_classes),
        ("document_words.csv", "use", WORD_USES, lexicon.word_rows),
    )
    for file, column, known, rows in checks:
        seen: set[tuple[str, str]] = set()
        for n, (word, use) in enumerate(rows, start=2):
            if use not in known:
                problems.append(f"{file}: line {n}: {word}: unknown {column} {use!r} (one of {', '.join(sorted(known))})")
            if not word:
                problems.append(f"{file}: line {n}: empty {'field' if column == 'gives' else 'word'}")
            elif (word, use) in seen:
                problems.append(f"{file}: line {n}: {word} {use} written twice")
            seen.add((word, use))
    fields = [f.field for f in lexicon.page_fields]
    problems += [f"page_fields.csv: {f}: gives two fields" for f in sorted({f for f in fields if fields.count(f) > 1})]
    for word in lexicon.words.run_separator:
        role = lexicon.roles.get(word)
        if role is None or role.applies != "separator":
            problems.append(f"document_words.csv: run_separator {word!r} is no separator of roles.csv")
    return problems
