"""Every Sphinx cross-reference in ``pipeline/``'s docstrings names something that exists.

A docstring (or a ``#:`` attribute comment) that writes :mod:`pipeline.stages.lists.grammar`,
:func:`~pipeline.io.tables.frame` or a short :func:`read_list` is read here, and the target is
imported (importlib, then getattr along the rest of the name). A short name is resolved as Sphinx
would: against the classes the docstring is written in, the module's own names, the names it
imports (lazy and ``TYPE_CHECKING`` imports included) and the builtins. A module moved or a
function renamed without its references shows up here, not in a reader's dead link.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
ROLES = ("mod", "func", "class", "data", "meth", "attr", "exc", "obj")
REFERENCE = re.compile(r":(" + "|".join(ROLES) + r"):`([^`]+)`")
_MISSING = object()


@dataclass(frozen=True)
class Reference:
    """One cross-reference: where it is written, its role, its target and the scope it is read in."""

    module: str  # the dotted name of the module it is written in
    line: int
    role: str
    target: str
    classes: tuple[str, ...]  # the classes (outermost first) the docstring or comment stands in

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: :{self.role}:`{self.target}`"


def module_name(path: Path) -> str:
    """The dotted module name of a file of ``pipeline/`` (a package's ``__init__`` is the package)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _strings(tree: ast.Module) -> list[tuple[int, str, tuple[str, ...]]]:
    """The docstrings of a module: ``(line, text, enclosing classes)`` of every string statement.

    Besides the docstrings of the module, its classes and functions, a string written after an
    assignment (an attribute docstring) counts too.
    """
    found: list[tuple[int, str, tuple[str, ...]]] = []

    def visit(node: ast.AST, classes: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            value = child.value if isinstance(child, ast.Expr) else None
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.append((child.lineno, value.value, classes))
            inner = (*classes, child.name) if isinstance(child, ast.ClassDef) else classes
            visit(child, inner)

    visit(tree, ())
    return found


def _class_at(tree: ast.Module, line: int) -> tuple[str, ...]:
    """The classes (outermost first) whose body holds ``line``."""
    out: list[str] = []
    node: ast.AST = tree
    while True:
        scopes = ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        inner = [c for c in ast.iter_child_nodes(node)
                 if isinstance(c, scopes) and c.lineno <= line <= (c.end_lineno or c.lineno)]  # fmt: skip
        if not inner:
            return tuple(out)
        node = inner[0]
        if isinstance(node, ast.ClassDef):
            out.append(node.name)


def references(path: Path) -> list[Reference]:
    """The cross-references of one module's docstrings and ``#:`` comments."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    name = module_name(path)
    found = []
    for line, text, classes in _strings(tree):
        for m in REFERENCE.finditer(text):
            found.append(Reference(name, line + text.count("\n", 0, m.start()), m[1], m[2], classes))
    for n, text in enumerate(source.splitlines(), start=1):
        comment = text.lstrip()
        if comment.startswith("#:"):
            scope = _class_at(tree, n)
            found.extend(Reference(name, n, m[1], m[2], scope) for m in REFERENCE.finditer(comment))
    return found


def imported_names(path: Path) -> dict[str, str]:
    """The names a module binds by import, anywhere in it (lazy and TYPE_CHECKING ones too) → dotted targets."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    names: dict[str, str] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
    return names


def _has(obj: Any, attr: str) -> Any:
    """``obj.attr``, or a stand-in when ``attr`` is only declared: a dataclass or NamedTuple field
    without a default, an annotated class attribute; else ``_MISSING``."""
    value = getattr(obj, attr, _MISSING)
    if value is not _MISSING:
        return value
    for klass in getattr(obj, "__mro__", ()):
        declared = {*getattr(klass, "__dataclass_fields__", {}), *vars(klass).get("__annotations__", {})}
        if attr in declared:
            return None  # declared, with no value to look into further
    return _MISSING


def resolve_dotted(dotted: str) -> bool:
    """Whether ``dotted`` names a module, or an attribute reached from the longest importable module prefix."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        return not parts[i:] or resolve_dotted_from(obj, ".".join(parts[i:]))
    return False


def _module_file(module: str) -> Path:
    path = PACKAGE.parent / module.replace(".", "/")
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def resolves(ref: Reference) -> bool:
    """Whether a reference names something that exists, read in its module's scope."""
    target = ref.target.strip().lstrip("~").removesuffix("()")
    if ref.role == "mod":
        if target.startswith("."):  # relative to the module's package
            is_package = _module_file(ref.module).name == "__init__.py"
            package = ref.module if is_package else ref.module.rsplit(".", 1)[0]
            target = importlib.util.resolve_name(target, package)
        try:
            importlib.import_module(target)
        except ImportError:
            return False
        return True
    target = target.lstrip(".")
    module = importlib.import_module(ref.module)
    head, _, rest = target.partition(".")
    # The enclosing classes, innermost first (Sphinx reads :meth:`name` in the current class).
    scopes: list[Any] = []
    obj: Any = module
    for cls in ref.classes:
        obj = getattr(obj, cls, None)
        if obj is not None:
            scopes.insert(0, obj)
    for scope in (*scopes, module):
        value = _has(scope, head)
        if value is not _MISSING:
            return not rest or resolve_dotted_from(value, rest)
    imports = imported_names(_module_file(ref.module))
    if head in imports:
        return resolve_dotted(f"{imports[head]}.{rest}" if rest else imports[head])
    if not rest and hasattr(builtins, head):
        return True
    return resolve_dotted(target)


def resolve_dotted_from(obj: Any, rest: str) -> bool:
    """Whether ``rest`` (a dotted attribute path) can be followed from ``obj``."""
    for attr in rest.split("."):
        if obj is None:
            return False
        obj = _has(obj, attr)
        if obj is _MISSING:
            return False
    return True


ALL = [ref for path in sorted(PACKAGE.rglob("*.py")) for ref in references(path)]


def test_the_docstrings_hold_references() -> None:
    """The scan finds what it looks for (a regex gone wrong would pass every check below)."""
    assert len(ALL) > 100
    assert {r.role for r in ALL} >= {"mod", "func", "class", "data", "meth"}


def test_every_docstring_reference_resolves() -> None:
    stale = [str(ref) for ref in ALL if not resolves(ref)]
    assert not stale, "references to nothing:\n" + "\n".join(stale)


@pytest.mark.parametrize(("role", "target", "expected"), [
    ("mod", "pipeline.lexicon.model", True),
    ("mod", "pipeline.no_such_module", False),
    ("func", "~pipeline.lexicon.model.load_lexicon", True),
    ("func", "load_lexicon", True),  # the module's own name
    ("func", "_compiled", True),  # an import under another name
    ("class", "FengongError", True),
    ("meth", "Lexicon.resolve", True),
    ("attr", "Lexicon.verbs", True),  # a dataclass field without a default
    ("class", "dict", True),  # a builtin
    ("func", "read_list", False),
    ("meth", "Lexicon.no_such_method", False),
])  # fmt: skip
def test_the_resolver(role: str, target: str, expected: bool) -> None:
    assert resolves(Reference("pipeline.lexicon.model", 1, role, target, ())) is expected


@pytest.mark.parametrize(("module", "role", "target", "expected"), [
    ("pipeline.stages.lists.grammar", "func", "read_list", True),
    ("pipeline.stages.lists.pieces", "mod", "pipeline.stages.lists.grammar", True),
    ("pipeline.stages.lists.pieces", "mod", "pipeline.list_reader", False),  # before the stages' folders
    ("pipeline.io.out_formats", "mod", ".sqlite_out", True),  # relative to the module's package
    ("pipeline.run.corpus", "mod", ".out_formats", False),  # pipeline.run has none
    ("pipeline.lexicon", "mod", ".model", True),  # a package's own modules
])  # fmt: skip
def test_short_and_relative_names_resolve_in_their_module(module: str, role: str, target: str,
                                                          expected: bool) -> None:  # fmt: skip
    assert resolves(Reference(module, 1, role, target, ())) is expected
