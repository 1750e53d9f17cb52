"""Synthetic plans, and the command line that makes a corpus of them or of the real plans.

``make bench`` runs on the real plans cycled (``bench/corpora.py``, ``real_corpus``; ``--real`` here
makes the same folder by hand). :func:`make_corpus` generates synthetic State Council plans into
``bench/corpus/`` (git-ignored; ``tests/test_segmenters.py`` cuts some with both engines). They imitate
the real ones in shape, not in content: a circular's header, an introduction, numbered sections (flat or
with （一） items and 1. sub-items), measures made of lexicon verbs and stock objects, responsibility
lists in every convention the codebook knows (负责, 牵头/参加, 会同, 列第一位者为牵头部门 and 下同,
牵头单位：/责任单位： lines, deadlines), 由A负责 in running text and a closing paragraph with a subject.
Bodies come from ``lexicons/agencies.csv`` and are picked among those alive in the plan's year. Sizes
vary from a page to a long work report; about a third are converted to traditional script with OpenCC
(with ASCII punctuation, as copied from old web pages), some are hard-wrapped with page markers, and a
few are saved in GB18030.

The synthetic output depends only on ``--seed``, so every run makes the same bytes::

    .venv/bin/python bench/make_corpus.py [--n 400] [--seed 2013] [--out bench/corpus]
    .venv/bin/python bench/make_corpus.py --real [--n 400] [--out bench/corpus-real]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "lexicons"
DEFAULT_OUT = ROOT / "bench" / "corpus"

CN_NUM = "零一二三四五六七八九"
OBJECTS = (
    "质量监管体系 标准化工作 产品质量监督抽查 食品安全风险监测 知识产权保护 市场秩序 信用体系建设 "
    "重点工程质量 特种设备安全 农产品质量安全 网络交易监管 进出口商品检验 计量惠民行动 品牌培育机制 "
    "服务质量评价 质量诚信体系 企业主体责任 质量统计制度 执法打假行动 检验检测能力 消费品召回制度 "
    "节能减排标准 安全生产隐患排查 应急处置机制 政务公开 基层治理能力 公共服务供给 人才培养机制"
).split()
ADVERBS = ["", "", "", "深入", "积极", "大力", "切实", "进一步", "全面", "持续"]
FRAMES = ["以重点行业为重点，", "在重点领域中，", "结合本地实际，", "为提升质量水平，", ""]
DEADLINES = ["", "", "", "年内完成", "{y}年底前完成", "{y}年6月底前", "持续推进", "长期坚持"]
TOPICS = [
    "质量发展",
    "打击侵权假冒",
    "食品安全",
    "节能减排",
    "政务公开",
    "安全生产",
    "放管服改革",
    "品牌建设",
]
KINDS = {"ministry", "directly_under", "office", "bureau", "institution", "special", "coordination"}


@dataclass(frozen=True)
class Body:
    """A body name usable in a plan of some years."""

    names: tuple[str, ...]
    valid_from: int
    valid_to: int


def load_bodies() -> list[Body]:
    """State Council bodies from ``agencies.csv`` with their names, aliases and life spans."""
    out = []
    with (LEXICONS / "agencies.csv").open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] not in KINDS:
                continue
            names = (row["name"], *[a for a in row["aliases"].split("|") if a])
            out.append(Body(names, int(row["valid_from"] or 1949), int(row["valid_to"] or 2100)))
    return out


def load_verbs() -> list[str]:
    """Action verbs of two or more characters from ``verbs.csv``."""
    with (LEXICONS / "verbs.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [
            r["verb"] for r in csv.DictReader(fh) if len(r["verb"]) >= 2 and "noun-like" not in r["notes"]
        ]


def cn(n: int) -> str:
    """A Chinese numeral up to 99: 1 → 一, 12 → 十二, 20 → 二十."""
    if n < 10:
        return CN_NUM[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUM[tens]) + "十" + (CN_NUM[ones] if ones else "")


class PlanWriter:
    """Writes one plan from a random generator and the lexicon pools."""

    def __init__(self, rng: random.Random, bodies: list[Body], verbs: list[str]) -> None:
        self.rng = rng
        self.bodies = bodies
        self.verbs = verbs

    def pick_bodies(self, year: int, k: int) -> list[str]:
        """Up to ``k`` distinct bodies alive in ``year``, each by one of its names."""
        alive = [b for b in self.bodies if b.valid_from <= year <= b.valid_to]
        chosen = self.rng.sample(alive, min(k, len(alive)))
        return [self.rng.choice(b.names) for b in chosen]

    def measure(self, year: int) -> str:
        """One measure of a plan of ``year``: a verb and an object, sometimes a frame, a second clause or 由A负责."""
        r = self.rng
        verb = r.choice(self.verbs)
        text = f"{r.choice(FRAMES) if r.random() < 0.2 else ''}{r.choice(ADVERBS)}{verb}{r.choice(OBJECTS)}"
        if r.random() < 0.3:
            text += f"，{r.choice(self.verbs)}{r.choice(OBJECTS)}"
        if r.random() < 0.1:
            text = f"由{self.pick_bodies(year, 1)[0]}负责{text}"
        return text

    def sentences(self, year: int, n: int) -> str:
        """``n`` sentences of one or two measures each."""
        out = []
        for _ in range(n):
            s = self.measure(year)
            if self.rng.random() < 0.5:
                s += "，" + self.measure(year)
            out.append(s + "。")
        return "".join(out)

    def resp_list(self, year: int, persist: list[bool]) -> str:
        """A responsibility list in one of the codebook's conventions."""
        r = self.rng
        names = self.pick_bodies(year, r.randint(1, 7))
        deadline = r.choice(DEADLINES).format(y=year)
        tail = f"，{deadline}" if deadline and r.random() < 0.5 else ""
        style = r.random()
        if persist[0]:  # after 列第一位者为牵头部门，下同: a bare list of names
            return f"（{'、'.join(names)}{tail}）"
        if style < 0.35 or len(names) == 1:
            inner = (
                f"{'、'.join(names)}{r.choice(['', '等'])}{r.choice(['负责', '按职责分工负责', '分别负责'])}"
            )
        elif style < 0.6:
            k = r.randint(1, min(2, len(names) - 1))
            inner = f"{'、'.join(names[:k])}牵头，{'、'.join(names[k:])}{r.choice(['参加', '配合', '参与'])}"
        elif style < 0.75:
            inner = f"{names[0]}会同{'、'.join(names[1:])}负责"
        elif style < 0.9:
            keep = r.random() < 0.5
            persist[0] = keep
            inner = f"{'、'.join(names)}负责，列第一位者为牵头部门{'，下同' if keep else ''}"
        else:
            k = r.randint(1, len(names) - 1)
            return f"\n牵头单位：{'、'.join(names[:k])}\n责任单位：{'、'.join(names[k:])}"
        return f"（{inner}{tail}）"

    def plan(self, size: str) -> tuple[str, int]:
        """The text of one plan and its year."""
        r = self.rng
        year = r.randint(2008, 2023)
        topic = r.choice(TOPICS)
        title = f"{year}年{topic}工作要点" if r.random() < 0.5 else f"{topic}{year}年行动计划"
        office = "国务院办公厅" if r.random() < 0.7 else "国务院"
        number = f"{'国办发' if office == '国务院办公厅' else '国发'}〔{year}〕{r.randint(1, 80)}号"
        month, day = r.randint(1, 12), r.randint(1, 28)
        lines = [
            f"{office}关于印发{title}的通知",
            number,
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            f"《{title}》已经国务院同意，现印发给你们，请认真贯彻执行。",
            office,
            f"{year}年{month}月{day}日",
            "（此件公开发布）",
            title,
            f"为做好{year}年{topic}工作，{self.sentences(year, 1)}",
        ]
        n_sections, n_items, n_sent = {"small": (3, 0, 2), "medium": (8, 3, 3), "large": (14, 6, 4)}[size]
        n_sections = max(2, n_sections + r.randint(-2, 3))
        persist = [False]
        for s in range(1, n_sections + 1):
            items = r.randint(0, n_items) if n_items else 0
            head = f"{cn(s)}、{self.measure(year)}"
            if not items:
                lines.append(
                    f"{head}。{self.sentences(year, r.randint(1, n_sent))}{self.resp_list(year, persist)}"
                )
                continue
            lines.append(head)
            for i in range(1, items + 1):
                body = self.sentences(year, r.randint(1, n_sent))
                if r.random() < 0.15:
                    subs = "\n".join(f"{k}.{self.sentences(year, 1)}" for k in range(1, r.randint(2, 4)))
                    lines.append(f"（{cn(i)}）{self.measure(year)}。\n{subs}{self.resp_list(year, persist)}")
                else:
                    lines.append(f"（{cn(i)}）{self.measure(year)}。{body}{self.resp_list(year, persist)}")
        lines.append(f"地方各级人民政府要{self.measure(year)}，{self.measure(year)}，确保各项任务落到实处。")
        return "\n".join(lines) + "\n", year

    def disguise(self, text: str, t2: opencc.OpenCC) -> str:
        """Old-web-page looks: traditional script and ASCII punctuation, or hard wraps with page markers."""
        r = self.rng
        if r.random() < 0.33:
            text = t2.convert(text)
            if r.random() < 0.5:
                text = text.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
        if r.random() < 0.15:
            width = r.randint(28, 40)
            wrapped, page = [], 1
            for line in text.split("\n"):
                chunks = [line[i : i + width] for i in range(0, len(line), width)] or [""]
                wrapped += chunks
                if len(wrapped) > 30 * page:
                    page += 1
                    wrapped.append(f"— {page} —")
            text = "\n".join(wrapped)
        return text


def make_corpus(out: Path = DEFAULT_OUT, n: int = 400, seed: int = 2013) -> list[Path]:
    """Write ``n`` plans into ``out`` (emptied first) and return their paths."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    writer = PlanWriter(rng, load_bodies(), load_verbs())
    t2 = opencc.OpenCC("s2t")
    paths = []
    for k in range(n):
        size = rng.choices(["small", "medium", "large"], weights=[4, 4, 2])[0]
        text, year = writer.plan(size)
        text = writer.disguise(text, t2)
        encoding = "gb18030" if rng.random() < 0.05 and "—" not in text else "utf-8"
        path = out / f"{year}-plan-{k:04d}.txt"
        path.write_bytes(text.encode(encoding))
        paths.append(path)
    return paths


def main() -> None:
    """Command line: ``make_corpus.py [--real] [--n N] [--seed S] [--out DIR]``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400, help="number of plans (default 400)")
    ap.add_argument("--seed", type=int, default=2013, help="random seed (default 2013)")
    ap.add_argument("--out", type=Path, help="output folder, emptied first (default bench/corpus, "
                    "or bench/corpus-real with --real)")  # fmt: skip
    ap.add_argument("--real", action="store_true", help="the real plans cycled, not synthetic ones")
    args = ap.parse_args()
    if args.real:
        from corpora import real_corpus  # the bench's own modules, beside this file
        from paths import CORPUS

        paths = real_corpus(args.out or CORPUS, args.n)
    else:
        paths = make_corpus(args.out or DEFAULT_OUT, args.n, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} plans, {size / 1e6:.2f} MB → {paths[0].parent if paths else args.out}")


if __name__ == "__main__":
    main()
