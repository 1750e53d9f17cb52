"""Recognising a scanned page with Tesseract, and the repairs that make its text usable.

A PDF page without a text layer is rendered to an image (pipeline/io/pdf.py) and given to
:func:`recognise`. Tesseract runs through its command line: one process per page, no Python
binding to keep in step with the installed Tesseract. What it gets wrong in a plan is
predictable from the genre: outline markers at a line's start ((一) read as (— or (一,
一、 read as 一.), ASCII punctuation between Chinese characters, the brackets of a document
number (国办发〔2013〕10号), and a single character of a body's name. :func:`repair` mends the
first three; ``ocr_names.repair_names`` the last, against the names a caller gives (the lexicon's).
Each repair leaves a note, and so does a word Tesseract itself doubts (:data:`DOUBTFUL`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FengongError
from ..lexicon.script import to_simplified_aligned, to_traditional
from ..stages.normalize.markers import cn_number, match_marker

if TYPE_CHECKING:
    from PIL import Image

LANGUAGES = "chi_sim+chi_tra"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-chi-tra"
# Page segmentation: 3 (automatic layout). On three scanned pages of the 2013 plan 4 (one
# column) read exactly as 3, and 6 (one uniform block) within 0.3 points of accuracy; 3 alone
# finds the columns and blocks of a page that is not one column of prose.
PSM = 3
DPI = 300  # pdf.py renders at 300 dpi; saying so spares Tesseract its guess
TIMEOUT = 300  # seconds for one page: a hung Tesseract must not stall a batch
DOUBTFUL = 60  # a word Tesseract gives less confidence than this (0-100) is noted as doubtful

# Character classes. CJK: the unified ideographs with extension A and the compatibility block.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation, full-width forms included (the ideographic space is whitespace here).
_CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"
_CJK = f"{_HAN}{_CJK_PUNCT}"
_HAN_RE = re.compile(f"[{_HAN}]")
# Chinese numerals of outline markers (一、 （十二）) and what Tesseract reads for 一 inside
# them: a dash, a hyphen, katakana ー, an underscore.
_NUMERALS = "一二三四五六七八九十"
_ONE_LIKE = "—–-‐‑−―ーｰ_"
# What it reads for the digits of 1. and （1）: l, I, | and ! for 1, O and o for 0.
_DIGIT_LIKE = {"l": "1", "I": "1", "|": "1", "!": "1", "i": "1", "O": "0", "o": "0"}
_OPEN = "(（[［{〔【"
_CLOSE = ")）]］}〕】"
# ASCII punctuation Tesseract puts in Chinese text, and the full-width mark meant.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}


@dataclass(frozen=True)
class Recognition:
    """A page as recognised: ``text`` repaired, ``raw`` as Tesseract gave it, and ``notes``
    (each repair made, each word Tesseract doubted), one line each."""

    text: str
    raw: str
    notes: tuple[str, ...]
    script: str | None = None  # "simplified" or "traditional": the model it was read with (None: both)


def available(languages: str = LANGUAGES) -> str | None:
    """Whether pages can be recognised in ``languages`` (Tesseract's ``chi_sim+chi_tra`` form).

    Returns None when the ``tesseract`` command and every language's data are installed, else
    a one-line reason naming what to install (for a FengongError when ``--ocr`` is asked for).
    """
    if shutil.which("tesseract") is None:
        return f"Tesseract is not installed: {INSTALL}"
    try:
        listing = ["tesseract", "--list-langs"]
        done = subprocess.run(listing, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc}): {INSTALL}"
    have = set(done.stdout.split())  # the first line is a heading; the names follow one a line
    missing = [lang for lang in languages.split("+") if lang not in have]
    if missing:
        packages = " ".join("tesseract-ocr-" + lang.replace("_", "-") for lang in missing)
        return f"Tesseract lacks the {'+'.join(missing)} data ({packages}): {INSTALL}"
    return None


def recognise(image: Image.Image, languages: str = LANGUAGES) -> str:
    """The text of a scanned page, lines in reading order, repaired (:func:`repair`).

    ``image``: the page (pdf.py renders at 300 dpi); ``languages``: Tesseract's languages.
    Raises FengongError E004 when Tesseract fails on the page.
    """
    return read_page(image, languages).text


def read_page(
    image: Image.Image,
    languages: str = LANGUAGES,
    psm: int = PSM,
    *,
    repaired: bool = True,
    prior: str | None = None,
) -> Recognition:
    """Recognise ``image`` with Tesseract in ``languages``: the text (repaired unless
    ``repaired`` is False), the raw text, the notes and the script read.

    Where ``languages`` holds both chi_sim and chi_tra, the page is read with the one of the two
    its script needs (:func:`page_script`): together they lose a few points of accuracy and mix
    the scripts within a line (measured on the 2013 plan). The pages of one document share a
    script: with ``prior`` (the script of its earlier pages), a page is read in another only
    when its own evidence is strong (DOCUMENT_MARGIN), since a band of text tells less than a page.
    """
    read: dict[str, tuple[str, str]] = {}  # the whole page read by one model, while telling its script
    script = None
    if {SIMPLIFIED, TRADITIONAL} <= set(languages.split("+")):
        script, margin = _script_margin(image, read)
        if prior is not None and script != prior and abs(margin) < DOCUMENT_MARGIN:
            script = prior
        languages = _one_script(languages, script)
    raw, tsv = read[languages] if languages in read and psm == PSM else _tesseract(image, languages, psm)
    lines = "\n".join(line.rstrip() for line in raw.splitlines() if line.strip())
    text, notes = repair(lines) if repaired else (lines, [])
    return Recognition(text, raw, tuple(notes + _doubtful(tsv)), script)


SIMPLIFIED, TRADITIONAL = "chi_sim", "chi_tra"
SCRIPT_BAND = 0.35  # the top share of the page read first to tell its script
MIN_SCRIPT_SAMPLE = 20  # characters particular to a script needed to tell it
# Confidence points between the two models below which the band does not tell the script and
# the whole page is read (the 2013 plan's first page: its header band gave 1.9 to the wrong one).
SCRIPT_MARGIN = 3.0
# A later page of a document is read in another script than its earlier pages only on this much
# evidence: a page of simplified text whose band gave chi_tra 3.2 points was misread whole.
DOCUMENT_MARGIN = 2 * SCRIPT_MARGIN


def page_script(image: Image.Image, read: dict[str, tuple[str, str]] | None = None) -> str | None:
    """Whether the page in ``image`` is printed in ``"simplified"`` or ``"traditional"``
    script, or None when too few characters tell.

    The top of the page is read with each model (the whole page where that does not tell,
    its outputs then kept in ``read`` by model). Each model also reads the other script,
    writing its own forms (chi_tra reads 发 as 發), but less surely: the model whose characters
    particular to its script (发, 發; not 人) have the higher mean confidence names the script.
    On two pages of each of the 26 hand-labelled plans, typeset and scanned, the band alone told
    all 43 pages of one script right, six of them by less than SCRIPT_MARGIN.
    """
    return _script_margin(image, read)[0]


def _script_margin(image: Image.Image, read: dict[str, tuple[str, str]] | None) -> tuple[str | None, float]:
    """:func:`page_script`, and the confidence points between the two models that told it."""
    margin = 0.0
    for box in ((0, 0, image.width, round(image.height * SCRIPT_BAND)), None):
        part = image.crop(box) if box else image
        outputs = {model: _tesseract(part, model, PSM) for model in (SIMPLIFIED, TRADITIONAL)}
        if box is None and read is not None:
            read.update(outputs)
        simplified, count_s = _confidence(outputs[SIMPLIFIED][1], "simplified")
        traditional, count_t = _confidence(outputs[TRADITIONAL][1], "traditional")
        if min(count_s, count_t) >= MIN_SCRIPT_SAMPLE:
            margin = traditional - simplified
            if abs(margin) >= SCRIPT_MARGIN:
                break
    if not margin:
        return None, 0.0
    return ("traditional" if margin > 0 else "simplified"), margin


def _confidence(tsv: str, script: str) -> tuple[float, int]:
    """The mean confidence of the words of Tesseract's TSV output holding a character
    particular to ``script``, by character, and how many characters they hold."""
    total, count = 0.0, 0
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not (word := cols[11].strip()):
            continue
        other = to_simplified_aligned(word) if script == "traditional" else to_traditional(word)
        if other != word:
            total += float(cols[10]) * len(word)
            count += len(word)
    return (total / count if count else 0.0), count


def _one_script(languages: str, script: str | None) -> str:
    """``languages`` with only the model of ``script`` (both when it is None)."""
    if script is None:
        return languages
    drop = TRADITIONAL if script == "simplified" else SIMPLIFIED
    return "+".join(lang for lang in languages.split("+") if lang != drop)


def _tesseract(image: Image.Image, languages: str, psm: int) -> tuple[str, str]:
    """Tesseract's text and TSV output for ``image``. Raises FengongError E004 when it fails."""
    png = io.BytesIO()
    image.convert("L").save(png, format="PNG", dpi=(DPI, DPI))
    # One thread: OpenMP on two cores makes a page about four times slower, and batches
    # already run a document per worker.
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
    with tempfile.TemporaryDirectory(prefix="fengong-ocr-") as tmp:
        page, out = Path(tmp) / "page.png", Path(tmp) / "page"
        page.write_bytes(png.getvalue())
        command = ["tesseract", str(page), str(out), "-l", languages, "--psm", str(psm), "--dpi", str(DPI)]
        command += ["txt", "tsv"]  # both outputs of one run: the text, and each word's confidence
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=env, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise FengongError("E004", detail=f"Tesseract failed ({exc})") from None
        txt, tsv = out.with_suffix(".txt"), out.with_suffix(".tsv")
        if done.returncode != 0 or not txt.exists():
            reason = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
            raise FengongError("E004", detail=f"Tesseract failed ({reason})")
        return txt.read_text(encoding="utf-8"), tsv.read_text(encoding="utf-8") if tsv.exists() else ""


def _doubtful(tsv: str) -> list[str]:
    """Notes for the words of Tesseract's TSV output whose confidence is below DOUBTFUL,
    numbered by the text's non-empty lines (the TSV's lines, in the same order)."""
    notes: list[str] = []
    lines: dict[tuple[str, str, str], int] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        number = lines.setdefault((cols[2], cols[3], cols[4]), len(lines) + 1)
        if float(cols[10]) < DOUBTFUL:
            notes.append(f"line {number}: doubtful {cols[11].strip()!r} (confidence {float(cols[10]):.0f})")
    return notes


# --- repairs -------------------------------------------------------------------------------

_S = "[ \\t\u3000]*"  # spaces Tesseract may put inside a marker or a number
_SPACES = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}\d])|(?<=\d)[ \t\u3000]+(?=[{_CJK}])")
_ONE, _OPEN_RE, _CLOSE_RE = re.escape(_ONE_LIKE), re.escape(_OPEN), re.escape(_CLOSE)
_MARKER_LINE = re.compile(
    # （一） in any brackets, 一 read as a dash, or the closing bracket lost before a space
    rf"^[{_OPEN_RE}]{_S}(?P<num>[{_NUMERALS}{_ONE}]{{1,3}}){_S}(?:[{_CLOSE_RE}]|(?=\s)|$){_S}"
    # （1） in any brackets, 1 read as l, I or |
    rf"|^[{_OPEN_RE}]{_S}(?P<digits>[\dlI|!O]{{1,2}}){_S}[{_CLOSE_RE}]{_S}"
)
# 一、 with its 、 read as a point, a comma or a letter x (二、主要任务 → 一x主要任务: a stroke of 二
# lost too, which repair_numerals mends from the outline's order); a Latin letter never follows
# a numeral at the start of a Chinese line.
_CN_LINE = re.compile(rf"^(?P<num>[{_NUMERALS}{_ONE}]{{1,3}}){_S}[.,，．·、xX×]{_S}(?=[{_HAN}])")
_ARABIC_LINE = re.compile(rf"^(?P<digits>[\dlI|!]{{1,2}}){_S}(?P<sep>[.．、]){_S}(?=[{_HAN}])")
# A number in a Chinese numeral as markers write it: 一 … 九十九.
_CN_NUMBER = re.compile("[一二三四五六七八九]|[二三四五六七八九]?十[一二三四五六七八九]?")
_DOC_NUMBER = re.compile(
    # 〔 read as ( [ 【, 〕 as ) ] 」 or j
    rf"(?<=[{_HAN}]){_S}[{_OPEN_RE}「]{_S}(?P<year>(?:19|20)\d\d){_S}[{_CLOSE_RE}」jJ]{_S}"
    rf"(?P<serial>\d{{1,4}}){_S}(?=[号號])"
)
# The same number broken over two lines (…（江府函 【2017j⏎200号）): the break is kept.
_DOC_NUMBER_BROKEN = re.compile(
    rf"(?<=[{_HAN}]){_S}[{_OPEN_RE}「]{_S}(?P<year>(?:19|20)\d\d){_S}[{_CLOSE_RE}」jJ]{_S}(?P<gap>\n){_S}"
    rf"(?P<serial>\d{{1,4}}){_S}(?=[号號])"
)
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}]){_S}([,:;?!])|([,:;?!]){_S}(?=[{_HAN}])")
_PAREN_PAIR = re.compile(r"\(([^()（）\n]*)\)")
_OPEN_PAREN = re.compile(rf"\((?={_S}[{_CJK}])|(?<=[{_CJK}]){_S}\(")
_CLOSE_PAREN = re.compile(rf"(?<=[{_CJK}]){_S}\)|\)(?={_S}[{_HAN}])")
_CJK_RE = re.compile(f"[{_CJK}]")


def _numeral(text: str) -> str | None:
    """A marker's numeral with the dashes Tesseract reads for 一 mended ((—) → 一, (十—) →
    十一), or None when the result is no number."""
    mended = "".join("一" if ch in _ONE_LIKE else ch for ch in text)
    return mended if _CN_NUMBER.fullmatch(mended) else None


def _digits(text: str) -> str | None:
    """A marker's number with the letters Tesseract reads for digits mended (l → 1, lO → 10),
    or None when the result is no number above 0."""
    mended = "".join(_DIGIT_LIKE.get(ch, ch) for ch in text)
    return mended if mended.isdigit() and int(mended) > 0 else None


def repair_marker(line: str) -> str:
    """``line`` with the outline marker at its start in its proper form: (—) and (一 → （一）,
    一. and 一, → 一、, l. → 1., (l) → （1）. A line opening with no marker is returned as it is."""
    stripped = line.lstrip()
    if (m := _MARKER_LINE.match(stripped)) and (m["num"] or m["digits"]):
        number = _numeral(m["num"]) if m["num"] else _digits(m["digits"])
        return f"（{number}）{stripped[m.end():]}" if number else line
    if (m := _CN_LINE.match(stripped)) and (number := _numeral(m["num"])):
        return f"{number}、{stripped[m.end():]}"
    if (m := _ARABIC_LINE.match(stripped)) and (number := _digits(m["digits"])):
        return f"{number}{'、' if m['sep'] == '、' else '.'}{stripped[m.end():]}"
    return line


def repair_document_number(line: str) -> str:
    """``line`` with a document number's year in 〔〕: 国办发(2013)10号, 国办发[2013] 10号 →
    国办发〔2013〕10号."""
    return _DOC_NUMBER.sub(lambda m: f"〔{m['year']}〕{m['serial']}", line)


def repair_punctuation(line: str) -> str:
    """``line`` with the ASCII punctuation of Chinese text made full-width: , : ; ? ! next to a
    Chinese character, and ( ) around or next to one (（市发改委牵头）, 纲要（2011-2020年）)."""
    line = _ASCII_PUNCT.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], line)

    def pair(m: re.Match[str]) -> str:
        before, after = line[m.start() - 1 : m.start()], line[m.end() : m.end() + 1]
        if _CJK_RE.search(m.group(1) + before + after):
            return f"（{m.group(1)}）"
        return m.group()

    line = _PAREN_PAIR.sub(pair, line)
    line = _OPEN_PAREN.sub("（", line)  # what is left: brackets whose partner is on another line
    return _CLOSE_PAREN.sub("）", line)


def join_spaces(text: str) -> str:
    """``text`` without the spaces Tesseract puts between Chinese characters or punctuation
    (and between them and digits: 2013 年 → 2013年); spaces between Latin words and numbers stay."""
    return _SPACES.sub("", text)


def repair(text: str) -> tuple[str, list[str]]:
    """Repair what the genre makes predictable in recognised ``text``, line by line: the
    outline marker at a line's start, a document number's 〔〕, ASCII punctuation and brackets
    in Chinese text, the spaces between Chinese characters.

    Returns the text and one note per marker or document number mended
    (``line 4: (—) 加强组织领导 → （一）加强组织领导``); punctuation and spaces go without notes.
    """
    lines: list[str] = []
    notes: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        plain = join_spaces(repair_punctuation(line)).strip()
        fixed = join_spaces(repair_punctuation(repair_document_number(repair_marker(line)))).strip()
        if fixed != plain:  # more than width and spaces changed: say so
            notes.append(f"line {number}: {_head(line)} → {_head(fixed)}")
        lines.append(fixed)
    notes.extend(repair_numerals(lines))
    joined = _DOC_NUMBER_BROKEN.sub(lambda m: f"〔{m['year']}〕\n{m['serial']}", "\n".join(lines))
    joined, mended = repair_brackets(joined)
    joined = drop_readings(joined)
    lines = joined.split("\n")
    notes.extend(mended)
    notes.extend(_close_lists(lines))
    return "\n".join(lines), notes


_CN_MARKER = re.compile(r"^（([一二三四五六七八九十]{1,4})）|^([一二三四五六七八九十]{1,4})、")
_DIGITS_CN = "一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """A number from 1 to 99 as a Chinese numeral (25 → 二十五)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _DIGITS_CN[tens - 1]) + "十" if tens else "") + (_DIGITS_CN[ones - 1] if ones else "")


def repair_numerals(lines: list[str]) -> list[str]:
    """Mend a marker's numeral that is no numeral (（二二五） after （二十四）) or repeats the last
    one (一、 after 一、), in place: the outline numbers in order, so a misread that differs from
    the next number in one character is that number. Returns a note per marker mended."""
    notes: list[str] = []
    last: dict[int, int] = {}  # marker group (1: （一）, 2: 一、) → its last number
    for k, line in enumerate(lines):
        m = _CN_MARKER.match(line)
        if not m:
            continue
        group = 1 if m.group(1) else 2
        written = m.group(group)
        number = cn_number(written)
        expected = last.get(group, 0) + 1
        # No numeral, or the last number again (一、 after 一、: a stroke of 二 lost), is the next one
        # when the two differ in one character.
        if (cn_numeral(number) != written or number == last.get(group)) and expected < 100:
            want = cn_numeral(expected)
            if len(want) == len(written) and sum(a != b for a, b in zip(want, written)) == 1:
                lines[k] = line[: m.start(group)] + want + line[m.end(group) :]
                notes.append(f"line {k + 1}: {written} → {want} (the next number of the outline)")
                number = expected
        last[group] = number
    return notes


# A Mandarin reading a mirror site put after a character (衛（wèi）生), its tone mark lost in
# recognition (衛（wei）生, 醫（yU）): Latin letters with a lower-case one (so （GDP） stays), 1 for i.
_READING = re.compile(r"(?<=[\u4e00-\u9fff])\s?[（(](?=[A-Za-z1]{0,6}[a-z])[A-Za-z1]{1,7}[)）]")


def drop_readings(text: str) -> str:
    """Remove the readings a site inserted after characters (normalize removes those whose tone
    mark survived; a scan loses the marks)."""
    return _READING.sub("", text)


# Brackets Tesseract confuses with each other: a pair whose two halves are of different shapes
# ([…】, （…]) was one pair of （）, the brackets of a responsibility list or an aside.
_OPENERS, _CLOSERS = "（([［【〔《〈", "）)]］】〕》〉"
_PAIRS = {"（": "）", "(": ")", "[": "]", "［": "］", "【": "】", "〔": "〕", "《": "》", "〈": "〉"}
# An opening bracket whose pair never comes was a （ (its ） is added at the paragraph's end).
_UNCLOSED = "《〈[［"


def repair_brackets(text: str) -> tuple[str, list[str]]:
    """Make each pair of brackets of different shapes (（市生态环境局牵头…】, 《区城管局牵头…）),
    and each pair of square brackets, a pair of （）; a year between brackets (粤府[2018]) gets
    〔〕; a 《 or [ never closed is a （; backslashes (specks) go.

    Returns the text and a note per pair mended."""
    chars = list(text.replace("\\", ""))  # a backslash is no character of official Chinese text: a speck
    open_at: list[int] = []
    notes: list[str] = []
    for i, ch in enumerate(chars):
        if ch in _OPENERS:
            open_at.append(i)
        elif ch in _CLOSERS and open_at:
            start = open_at.pop()
            # Square brackets are no bracket of official Chinese text: like a mismatched pair, a misread.
            misread = _PAIRS[chars[start]] != ch and not ({chars[start], ch} <= set("（()）")) or chars[start] in "[［"
            if not misread:
                continue
            pair = ("〔", "〕") if _YEAR.fullmatch("".join(chars[start + 1 : i])) else ("（", "）")  # 粤府[2018]
            if (chars[start], ch) != pair:
                notes.append(f"at {start}: {chars[start]}…{ch} → {pair[0]}…{pair[1]}")
                chars[start], chars[i] = pair
    for start in open_at:
        if chars[start] in _UNCLOSED and not _title_runs_on(chars, start):
            notes.append(f"at {start}: {chars[start]} never closed → （")
            chars[start] = "（"
    return "".join(chars), notes


def _title_runs_on(chars: list[str], start: int) -> bool:
    """Whether the 《 at ``start`` opens a title whose 》 recognition lost: a sentence ends (。), or
    a bracket opens (the list after the title: 《…指南六 （商务部、…), before its line ends, where
    the content of a list's bracket (（市商务局牵头…) has neither; the 《 then stays, and no ） is
    added for it."""
    end = start
    while end < len(chars) and chars[end] != "\n":
        end += 1
    return any(ch in "。（(" for ch in chars[start + 1 : end])


_YEAR = re.compile(r"(?:19|20)\d\d")


def _close_lists(lines: list[str]) -> list[str]:
    """Close the bracket left open at a paragraph's end, in place: Tesseract drops the ） that
    ends a line (（市市场监管局负责 before 二、保障措施), and a bracket cannot run on into the
    next marker's paragraph. Returns a note per bracket closed."""
    notes: list[str] = []
    depth = 0  # （ not yet closed in the paragraph so far
    for number, line in enumerate(lines, start=1):
        if number > 1 and depth > 0 and (not line or match_marker(line)):
            lines[number - 2] += "）"
            notes.append(f"line {number - 1}: ） added at the end (…{lines[number - 2][-8:]})")
        depth = (0 if match_marker(line) else max(depth, 0)) + line.count("（") - line.count("）")
    if lines and depth > 0 and not lines[-1].endswith(_RUNS_ON):  # （公安部、 at a page's end goes on
        lines[-1] += "）"
        notes.append(f"line {len(lines)}: ） added at the end (…{lines[-1][-8:]})")
    return notes


_RUNS_ON = ("、", "，", "：")  # a line ending so breaks a list in the middle: it goes on over the page


def _head(line: str, width: int = 12) -> str:
    """The start of ``line`` for a note."""
    line = line.strip()
    return line if len(line) <= width else line[:width] + "…"

