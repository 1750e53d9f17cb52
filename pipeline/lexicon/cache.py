"""fengong's user cache folder and the files kept there (built resources, never results).

What is cached can always be built again: a cache missing, damaged or not writable costs time,
never changes a result. The segmenter's user words (:mod:`pipeline.lexicon.cutters`), the loaded
lexicon (:func:`pipeline.lexicon.model.load_lexicon`, pickled: its automata and dataclasses) and the
LibreOffice conversions (:mod:`pipeline.io.convert`) live here.
"""

from __future__ import annotations

import marshal
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

KEEP_CACHES = 4  # this many versions of a kind of cache stay (one per lexicon version, say)


def cache_dir() -> Path:
    """fengong's cache folder (jieba's dictionary, user words, conversions): ``$FENGONG_CACHE`` or ``~/.cache/fengong``.

    A home that cannot be written (a locked-down account, a read-only container) falls back
    to the system's temporary folder: the cache saves time, never changes a result.
    """
    base = os.environ.get("FENGONG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fengong"
    )
    user = os.getuid() if hasattr(os, "getuid") else "user"
    for path in (Path(base), Path(tempfile.gettempdir()) / f"fengong-{user}"):
        try:
            path.mkdir(parents=True, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    return Path(tempfile.gettempdir())


def read_cache(path: Path) -> object | None:
    """A cache's value, or None when it is missing or damaged (it is then built again).

    Read with ``marshal.loads`` over the file's bytes: ``marshal.load(file)`` reads object by
    object through the file and takes about 2.5 times as long.
    """
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_cache(path: Path, value: object) -> None:
    """Replace ``path`` atomically (parallel workers may build it at once); drop the oldest versions."""
    _replace(path, lambda f: marshal.dump(value, f))


def write_text_cache(path: Path, text: str) -> None:
    """:func:`write_cache` for a text file (a config another library reads)."""
    _replace(path, lambda f: f.write(text.encode("utf-8")))


def read_pickle(path: Path) -> object | None:
    """A pickled cache's value (objects marshal cannot hold: automata, dataclasses), or None when it is
    missing, damaged or made by other code (it is then built again). Only fengong writes it, into
    the user's own cache folder, as jieba keeps its dictionary there."""
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - any unreadable cache is built again
        return None


def write_pickle(path: Path, value: object) -> None:
    """:func:`write_cache` for a pickled value."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - a value that cannot be pickled is simply not cached
        return
    _replace(path, lambda f: f.write(data))


def _replace(path: Path, dump: Callable[[BinaryIO], None]) -> None:
    try:
        fd, tmp = tempfile.mkstemp(prefix=".cache-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                dump(f)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        kind = path.name.split("-", 1)[0]
        cached = sorted(path.parent.glob(f"{kind}-*{path.suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in cached[KEEP_CACHES:]:
            old.unlink(missing_ok=True)
    except OSError:  # a read-only cache directory costs speed, not results
        pass
