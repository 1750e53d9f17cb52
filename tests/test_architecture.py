"""The package's imports follow the data flow (docs/architecture.md).

Every import in ``pipeline/`` is read from the source, lazy ones inside functions and
``TYPE_CHECKING`` ones included, so a shortcut taken to dodge a cycle shows up here too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Folders from the bottom up: a module imports only from its own folder or those below it.
LAYERS = ("base", "lexicon", "stages", "io", "report", "review", "run", "top")
BASE = {"pipeline.types", "pipeline.errors", "pipeline.version"}
TOP = {"pipeline", "pipeline.api", "pipeline.cli", "pipeline.cli_parser", "pipeline.nlp", "pipeline.__main__"}

# Inside stages/: one folder per stage, in flow order. A stage imports only from its own folder
# or earlier ones; ``lists`` comes before ``structure`` because structure and assign both read lists.
STAGE_ORDER = ("normalize", "lists", "structure", "segment", "detect", "assign", "emit")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every ``pipeline`` module ``path`` imports, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "pipeline":
                target = node.module
            else:
                continue
            found.add(target)
            # `from pkg import module` names a module, not just an attribute.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists():
                    found.add(candidate)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    if module in BASE:
        return LAYERS.index("base")
    if module in TOP:
        return LAYERS.index("top")
    return LAYERS.index(module.split(".")[1])


def stage_rank(module: str) -> int | None:
    parts = module.split(".")  # pipeline.stages.<stage>.<module>
    if len(parts) < 3 or parts[2] not in STAGE_ORDER:
        return None
    return STAGE_ORDER.index(parts[2])


def test_every_module_has_a_place() -> None:
    for module in graph():
        assert module in BASE | TOP or module.split(".")[1] in LAYERS, f"{module} is in no layer"
        if module.startswith("pipeline.stages."):
            assert stage_rank(module) is not None, f"{module} belongs to no stage in STAGE_ORDER"


def test_imports_go_down_the_layers() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if module not in {"pipeline", "pipeline.__main__"} and layer(target) > layer(module)
    ]
    assert not wrong, "\n".join(wrong)


def test_stages_import_in_flow_order() -> None:
    wrong = []
    for module, targets in graph().items():
        if not module.startswith("pipeline.stages."):
            continue
        for target in targets:
            if target.startswith("pipeline.stages.") and target != "pipeline.stages":
                if stage_rank(target) > stage_rank(module):
                    wrong.append(f"{module} imports {target}, a later stage")
            elif layer(target) > LAYERS.index("lexicon"):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    edges = graph()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycle = path[path.index(module):] + [module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(edges.get(module, ())):
            if target in edges and target != "pipeline":
                visit(target, [*path, module])
        done.add(module)

    for module in sorted(edges):
        visit(module, [])


# What a stage may not touch: file and folder modules, the builtin ``open``, the methods that read
# or write a path, and the lexicon's loader (a stage is given its Lexicon; docs/architecture.md).
FILE_MODULES = {"os", "io", "pathlib", "tempfile", "marshal", "shutil", "pickle", "glob", "json", "sqlite3"}
FILE_METHODS = {"open", "read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink", "touch",
                "glob", "rglob", "iterdir", "rename", "replace_file"}  # fmt: skip
LOADERS = {"load_lexicon", "LEXICON_DIR"}


def file_uses(source: str, name: str) -> list[str]:
    """Where the module ``name`` whose code is ``source`` reads or writes a file, or could: one line per use."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{line} imports {a.name}" for a in node.names if a.name.split(".")[0] in FILE_MODULES]
        elif isinstance(node, ast.ImportFrom):
            if node.module and node.module.split(".")[0] in FILE_MODULES and not node.level:
                found.append(f"{line} imports from {node.module}")
            found += [f"{line} imports {a.name}" for a in node.names if a.name in LOADERS]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append(f"{line} calls open()")
            elif isinstance(func, ast.Attribute) and func.attr in FILE_METHODS:
                found.append(f"{line} calls .{func.attr}()")
    return found


def test_no_stage_touches_a_file() -> None:
    paths = sorted((PACKAGE / "stages").rglob("*.py"))
    uses = [use for path in paths for use in file_uses(path.read_text(encoding="utf-8"), module_name(path))]
    assert not uses, "\n".join(uses)


def test_the_file_check_sees_each_way_of_reading() -> None:
    source = (
        "import os\nfrom pathlib import Path\nfrom ..lexicon.model import load_lexicon\n"
        "def f(p):\n    open(p)\n    return Path(p).read_text()\n"
    )
    assert [use.split(" ", 1)[1] for use in file_uses(source, "probe")] == [
        "imports os", "imports from pathlib", "imports load_lexicon", "calls open()", "calls .read_text()",
    ]  # fmt: skip
