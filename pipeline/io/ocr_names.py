"""Mending a body's name or a role word that recognition misread in one character (市发政委 → 市发改委,
率头 → 牵头).

A run of recognised text that is no name but is one character away from exactly one of the
lexicon's names is taken for that name, when three things make a misreading likely rather
than another word: the character differs where names of one kind do not (not the last:
财政局, 财政部 and 财政厅 are three bodies), the run ends where a name in a list ends (before
punctuation or a role word: 牵头, 负责), and the two characters look alike (徹/徽, 改/政,
measured on their glyphs). On the hand-labelled plans, read as they are, the first rule alone
"mended" 25 correct runs (工作部署 → 工信部署, 中国行动 → 中国移动); all three, none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

MIN_NAME = 3  # two-character names (两办) are too close to ordinary words
# The lowest glyph overlap of two characters Tesseract confuses: 0.6 keeps 徹/徽 (0.82), 綱/網
# (0.92), 改/政 (0.77) and 管/官 (0.67), and refuses the words that the corpus holds one
# character from a name: 作/信 (0.59), 障/密 (0.59), 行/移 (0.47).
ALIKE = 0.6
FONTS = (  # Debian's fonts-noto-cjk, which `make install` installs (scripts/install_fonts.sh)
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
_GLYPH = 48  # pixels: enough for the strokes of 鬱, small enough to compare quickly
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def repair_names(
    text: str,
    names: Iterable[str],
    followers: Iterable[str] = (),
    alike: Callable[[str, str], bool] | None = None,
    min_length: int = MIN_NAME,
) -> tuple[str, list[str]]:
    """Mend the names of ``text`` misread in one character (市发政委牵头 → 市发改委牵头).

    ``names``: the lexicon's names and aliases, in the script of the text (give both forms for
    either script); ``followers``: the words that may follow a name in a list (roles.csv
    phrases: 牵头, 负责, 配合, 等); ``alike``: whether two characters look alike (default
    :func:`looks_alike`, on the Noto CJK glyphs); ``min_length``: the shortest name mended.

    A run is mended when it overlaps no name written correctly, differs from exactly one name
    in one character that is not the name's last (nor, in a three-character name, its first:
    农业部, 林业部), is followed by the end of a line, a non-Chinese character or one of
    ``followers``, and the two characters look alike.

    Returns the text and one note per name mended (``发政委 → 发改委 at 1``).
    """
    known = {name for name in names if name}
    alike = alike or looks_alike
    after = tuple(sorted({word for word in followers if word}, key=len, reverse=True))
    index: dict[str, set[str]] = {}  # a name with one character masked → the names
    for name in known:
        if len(name) < min_length or not all(_HAN.fullmatch(c) for c in name):
            continue
        for i in range(0 if len(name) > 3 else 1, len(name) - 1):
            index.setdefault(f"{name[:i]}\0{name[i + 1:]}", set()).add(name)
    endings: dict[str, set[int]] = {}  # a name's last character → the lengths of the names it ends
    for key in index:
        endings.setdefault(key[-1], set()).add(len(key))
    written = _written(text, known)
    out: list[str] = []
    notes: list[str] = []
    done = 0  # the text before this is in out
    for end, ch in enumerate(text):
        if ch not in endings or not _ends_name(text, end + 1, after):
            continue
        for length in sorted(endings[ch], reverse=True):
            start = end + 1 - length
            run = text[start : end + 1]
            if start < done or any(written[start : end + 1]) or not all(_HAN.fullmatch(c) for c in run):
                continue
            near = {n for i in range(length - 1) for n in index.get(f"{run[:i]}\0{run[i + 1:]}", ())}
            if len(near) != 1:
                continue
            (name,) = near
            wrong, right = next((a, b) for a, b in zip(run, name) if a != b)
            if alike(wrong, right):
                out.append(text[done:start] + name)
                notes.append(f"{run} → {name} at {start}")
                done = end + 1
                break
    out.append(text[done:])
    return "".join(out), notes


MIN_ROLE_WORD = 2  # 牵头, 负责, 配合: a role word of roles.csv (a label: with its ：)
# Role words are a closed set in fixed places (after a name, opening a bracket), so a looser
# likeness than names' ALIKE mends them: 愉/牵 (0.60), 南/責 (0.61), 率/牵 (0.65).
ROLE_ALIKE = 0.55
_BEFORE_LABEL = frozenset("\n（(、，；")  # a label (责任单位：) opens a line, a bracket or a group


def repair_role_words(
    text: str,
    phrases: Iterable[str],
    name_before: Callable[[str, int], bool],
    is_word: Callable[[str], bool] = lambda run: False,
    alike: Callable[[str, str], bool] | None = None,
) -> tuple[str, list[str]]:
    """Mend the role words of ``text`` misread in one character (市发改委率头 → 市发改委牵头,
    （南任单位： → （责任单位：).

    A role word stands where a list puts it. A label (a phrase ending in ：) opens a line, a
    bracket or a group (after （、，；); another role word follows a name (``name_before(text, i)``:
    whether a body's name ends at ``i``) and comes before punctuation or the line's end. A run
    there that is no phrase and no word of its own (``is_word``: 负担 is not 负责), differs from
    exactly one phrase (``phrases``: roles.csv's, in both scripts) in one character, and whose
    two characters look alike (``alike``, default: their glyphs overlap by ROLE_ALIKE) is that phrase.

    Returns the text and one note per word mended (``率头 → 牵头 at 12``).
    """
    alike = alike or (lambda a, b: glyph_overlap(a, b) >= ROLE_ALIKE)
    words = {w for w in phrases if len(w.rstrip("：")) >= MIN_ROLE_WORD and all(_HAN.fullmatch(c) for c in w.rstrip("："))}
    index: dict[str, set[str]] = {}  # a phrase with one character masked → the phrases
    for word in words:
        for i in range(len(word.rstrip("："))):
            index.setdefault(f"{word[:i]}\0{word[i + 1:]}", set()).add(word)
    lengths = sorted({len(w) for w in words}, reverse=True)
    out: list[str] = []
    notes: list[str] = []
    done = 0
    for start in range(len(text)):
        if start < done or not _HAN.fullmatch(text[start]):
            continue
        for length in lengths:
            run, after = text[start : start + length], start + length
            if len(run) < length or run in words:
                continue
            near = {w for i in range(length) for w in index.get(f"{run[:i]}\0{run[i + 1:]}", ())}
            if len(near) != 1:
                continue
            (word,) = near
            label = word.endswith("：")
            if not label and after < len(text) and _HAN.fullmatch(text[after]):
                continue  # a role word ends before punctuation or the line's end
            # After a name, and not the end of a longer one (各区直部门 is a name, not 各区 + 等部门).
            placed = (start == 0 or text[start - 1] in _BEFORE_LABEL) if label else (
                name_before(text, start) and not name_before(text, after))
            wrong, right = next((a, b) for a, b in zip(run, word) if a != b)
            if placed and _HAN.fullmatch(wrong) and not is_word(run.rstrip("：")) and alike(wrong, right):
                out.append(text[done:start] + word)
                notes.append(f"{run} → {word} at {start}")
                done = after
                break
    out.append(text[done:])
    return "".join(out), notes


def _ends_name(text: str, pos: int, followers: tuple[str, ...]) -> bool:
    """Whether a name may end before ``text[pos]``: at the end of a line, before a character
    that is not Chinese (、，（）), or before one of ``followers``."""
    return pos >= len(text) or not _HAN.fullmatch(text[pos]) or text.startswith(followers, pos)


def _written(text: str, names: set[str]) -> bytearray:
    """A flag per character of ``text``: 1 where one of ``names`` is written in full."""
    flags = bytearray(len(text))
    for name in names:
        start = text.find(name)
        while start != -1:
            flags[start : start + len(name)] = b"\1" * len(name)
            start = text.find(name, start + 1)
    return flags


def looks_alike(a: str, b: str) -> bool:
    """Whether characters ``a`` and ``b`` look alike enough for recognition to confuse them:
    their glyphs overlap by at least ALIKE. False when no CJK font is installed (no mending)."""
    return glyph_overlap(a, b) >= ALIKE


@cache
def glyph_overlap(a: str, b: str) -> float:
    """How much the glyphs of ``a`` and ``b`` overlap, from 0 to 1: the sum of the smaller over
    the sum of the larger of their blurred pixels (the blur forgives a stroke shifted by a pixel)."""
    ga, gb = _glyph(a), _glyph(b)
    if ga is None or gb is None:
        return 0.0
    import numpy as np  # with Pillow, only where names are mended

    larger = float(np.maximum(ga, gb).sum())
    return float(np.minimum(ga, gb).sum()) / larger if larger else 0.0


@cache
def _glyph(ch: str) -> object | None:
    """The blurred glyph of ``ch`` as an array, or None without a CJK font."""
    font = _font()
    if font is None:
        return None
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("L", (_GLYPH + 8, _GLYPH + 8), 0)
    ImageDraw.Draw(image).text((4, 0), ch, font=font, fill=255)
    return np.asarray(image.filter(ImageFilter.GaussianBlur(2)), dtype=np.float32)


@cache
def _font() -> object | None:
    """Noto Sans CJK SC (its face holds traditional glyphs too), or None when it is missing."""
    from PIL import ImageFont

    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, _GLYPH, index=2)  # face 2 of the collection: SC
    return None
