"""spaCy integration: the project's tokenizer and BODY/VERB components, registered by name.

spaCy is the integration layer for notebooks and displaCy (``Extraction.doc``): a batch run
needs no Doc and does not import this module. The tokenizer (``fengong.jieba_tokenizer.v1``)
builds its Doc from the stage's own :class:`~pipeline.stages.segment.segmenter.Segmenter`, and the
components (``fengong_bodies``, ``fengong_verbs``) from :func:`~pipeline.stages.detect.spans.find_spans`,
so a Doc shows exactly the tokens and spans of the tables.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans, registry

from .lexicon.engines import DEFAULT_ENGINE, Engine
from .lexicon.model import LEXICON_DIR, Lexicon, load_lexicon
from .run.resources import make_segmenter
from .stages.detect.spans import find_spans

SPAN_KEY = "fengong"
for _ext in ("chars", "orig_start", "orig_end", "role", "kb"):
    if not SpacySpan.has_extension(_ext):
        SpacySpan.set_extension(_ext, default=None)
# A body of a list is labelled by its role, in four letters: displaCy's span style writes a label
# at 0.6em over the start of its span, and a longer one (BODY·participant) ran over the labels of
# the next names of the list (财政部、商务部). Four capitals are narrower than two characters of
# the text, the shortest name. The role in full is ``span._.role``, and :func:`legend_html` says
# what each label means. displaCy writes a span's kb_id after its label too (BODY aqsiq, VERB
# promote): the extraction's Doc keeps it in ``span._.kb`` instead.
ROLE_LABELS = {"lead": "LEAD", "participant": "PART", "responsible": "RESP"}
MAX_LABEL = 4  # characters of a label, at most
BODY_LABELS = ("BODY", *ROLE_LABELS.values())  # the labels of bodies
# displaCy's options, a colour per label: ``displacy.render(doc, style="span",
# options=DISPLACY_OPTIONS)`` (or ``style="ent"``); the roles in the report's colours, lighter.
LABEL_COLORS = {"BODY": "#d5dbdb", "LEAD": "#f1948a", "PART": "#f8c471", "RESP": "#85c1e9", "VERB": "#82e0aa"}
LABEL_MEANINGS = {"BODY": "body named outside a list", "LEAD": "lead (牵头)", "PART": "participant (参加, 配合)",
                  "RESP": "responsible (负责)", "VERB": "verb of a measure"}  # fmt: skip
DISPLACY_OPTIONS = {"spans_key": SPAN_KEY, "colors": LABEL_COLORS, "ents": list(LABEL_COLORS)}


def legend_html(labels: list[str] | None = None) -> str:
    """A one-line HTML legend of the labels, each in its displaCy colour with what it means.

    Args:
        labels: the labels to show (default: every label of :data:`LABEL_COLORS`).
    Returns:
        A ``<div>`` to put before ``displacy.render``'s HTML (no script, no style sheet).
    """
    items = [f'<span style="background: {LABEL_COLORS[lab]}; padding: 2px 6px; margin-right: 8px; '
             f'border-radius: 3px; font-size: 0.8em"><b>{escape(lab)}</b> {escape(LABEL_MEANINGS.get(lab, ""))}</span>'
             for lab in (labels or list(LABEL_COLORS))]  # fmt: skip
    return f'<div class="fengong-legend" style="line-height: 2">{"".join(items)}</div>'



class _Tokenizer(ChineseTokenizer):
    """spaCy's Chinese tokenizer in jieba mode, building the Doc straight from the segmenter's words.

    The segmenter gives back every character of the text, whitespace included, so the words
    are the text: spaCy's alignment of words to text (``get_words_and_spaces``, a Python loop
    over the words) has nothing to do. A space is its own token rather than a trailing space.
    """

    def __call__(self, text: str) -> Doc:
        words = self.jieba_seg.words(text)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@registry.tokenizers("fengong.jieba_tokenizer.v1")
def create_tokenizer(lexicon_dir: str = "", engine: str = DEFAULT_ENGINE):  # noqa: ANN201 - spaCy's factory protocol
    """spaCy's Chinese tokenizer in jieba mode over the project's lexicon-aware segmenter.

    Args:
        lexicon_dir: the folder of lexicon CSV files ("" for the project's lexicons).
        engine: the engine of jieba's algorithm, ``"rjieba"`` (default) or ``"jieba"``.
    """

    def factory(nlp: Language) -> ChineseTokenizer:
        tokenizer = _Tokenizer(nlp.vocab, segmenter=Segmenter.char)
        tokenizer.segmenter = Segmenter.jieba
        tokenizer.jieba_seg = make_segmenter(lexicon_dir or None, engine)
        return tokenizer

    return factory


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of a Doc's tokens, whitespace tokens left out."""
    # One array read, not a Python object per spaCy token.
    rows = doc.to_array([IDX, LENGTH, IS_SPACE])
    rows = rows[rows[:, 2] == 0]
    starts = rows[:, 0]
    return starts.tolist(), (starts + rows[:, 1]).tolist()


class _Component:
    """A spaCy component adding one label's spans to ``doc.spans["fengong"]``."""

    def __init__(self, lexicon: Lexicon, label: str) -> None:
        self.lexicon = lexicon
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        starts, ends = token_offsets(doc)
        bounds = {*starts, *ends}
        existing = list(doc.spans.get(SPAN_KEY, []))
        for found in find_spans(self.lexicon, doc.text, bounds):
            if found.label != self.label:
                continue
            span = doc.char_span(found.start, found.end, label=found.label,
                                 kb_id=found.kb_id, alignment_mode="expand")  # fmt: skip
            if span is not None:
                span._.chars = (found.start, found.end)
                existing.append(span)
        doc.spans[SPAN_KEY] = sorted(existing, key=lambda s: (s.start, s.end))
        doc.ents = filter_spans(doc.spans[SPAN_KEY])
        return doc


@Language.factory("fengong_bodies", default_config={"lexicon_dir": ""})
def make_bodies(nlp: Language, name: str, lexicon_dir: str) -> _Component:
    """Mark body names (label BODY, kb_id = body id)."""
    return _Component(load_lexicon(lexicon_dir or None), "BODY")


@Language.factory("fengong_verbs", default_config={"lexicon_dir": ""})
def make_verbs(nlp: Language, name: str, lexicon_dir: str) -> _Component:
    """Mark action verbs (label VERB, kb_id = verb category)."""
    return _Component(load_lexicon(lexicon_dir or None), "VERB")


def to_doc(text: str, nlp: Language, result: Any = None) -> Doc:
    """A spaCy Doc of the working text with BODY and VERB spans, for displaCy.

    The Doc is built over the *working* text (simplified script, normalized), so a span's
    ``start_char``/``end_char`` are offsets into that text, not into the original input as the
    tables' ``start``/``end`` are. With ``result`` (a :class:`~pipeline.run.document.DocumentResult`),
    every span also has ``span._.orig_start`` and ``span._.orig_end``, its offsets into the
    original input: for a body of a list they equal its row's ``start``/``end`` in
    assignments.csv. ``result`` also gives the marks the extraction's reading: a verb is marked
    only inside a measure (not in the header, preamble or titles), and a body of a list is
    labelled with its role, short (:data:`ROLE_LABELS`: ``LEAD``, ``PART``, ``RESP``; the role in
    full in ``span._.role``), a body named elsewhere ``BODY``. Its spans have no ``kb_id``, which
    displaCy would write after the label: the body's id (of the lexicon) or the verb's category
    is ``span._.kb``.

    Args:
        text: the working text.
        nlp: the pipeline of :func:`make_nlp`.
        result: the extraction of the text, or None for the spans of the lexicon alone.
    Returns:
        The Doc, its spans in ``doc.spans["fengong"]`` and (without overlaps) ``doc.ents``.
    """
    doc = nlp(text)
    if result is None:
        return doc
    norm, found = result.normalized, result.assignments
    roles: dict[tuple[int, int], tuple[str, int, int, str]] = {}  # working span: (role, original span, id)
    for a in found.assignments:  # their start/end are into the original: mapped back
        s, e = bisect_left(norm.offsets, a.start), bisect_left(norm.offsets, a.end)
        roles.setdefault((s, e), (a.role, a.start, a.end, a.body_id))
    ranges = sorted((m.start, m.end) for m in found.measures)
    spans: list[SpacySpan] = []
    for span in doc.spans.get(SPAN_KEY, []):
        s, e = span._.chars or (span.start_char, span.end_char)
        if span.label_ == "VERB" and not any(lo <= s and e <= hi for lo, hi in ranges):
            continue
        if span.label_ == "BODY" and any(lo < e and s < hi and (lo, hi) != (s, e) for lo, hi in roles):
            continue  # the list reader read another extent here: its span is marked below
        if span.label_ == "BODY" and (s, e) in roles:
            continue
        view = SpacySpan(doc, span.start, span.end, label=span.label_)  # no kb_id: a short displaCy label
        view._.chars, view._.kb = (s, e), span.kb_id_ or None
        view._.orig_start, view._.orig_end = norm.orig_span(s, e)
        spans.append(view)
    for (s, e), (role, orig_start, orig_end, body_id) in roles.items():
        span = doc.char_span(s, e, label=ROLE_LABELS.get(role, "BODY"), alignment_mode="expand")
        if span is not None:
            span._.chars, span._.orig_start, span._.orig_end = (s, e), orig_start, orig_end
            span._.role, span._.kb = role, body_id or None
            spans.append(span)
    doc.spans[SPAN_KEY] = sorted(spans, key=lambda sp: (sp.start, sp.end))
    doc.ents = filter_spans(doc.spans[SPAN_KEY])
    return doc


def make_nlp(lexicon_dir: str | Path | None = None, engine: Engine = DEFAULT_ENGINE) -> Language:
    """The spaCy pipeline: the project's tokenizer plus the ``fengong_bodies``/``fengong_verbs`` components.

    Args:
        lexicon_dir: the folder of lexicon CSV files (the project's lexicons by default).
        engine: the segmenter's engine, ``"rjieba"`` (default) or ``"jieba"``.
    Returns:
        A ``spacy.blank("zh")`` pipeline, built once per folder, engine and process.
    """
    return _make_nlp(str(Path(lexicon_dir or LEXICON_DIR).resolve()), engine)


@lru_cache(maxsize=4)
def _make_nlp(lexicon_dir: str, engine: Engine) -> Language:
    tokenizer = {"@tokenizers": "fengong.jieba_tokenizer.v1", "lexicon_dir": lexicon_dir, "engine": engine}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
    nlp.add_pipe("fengong_bodies", config={"lexicon_dir": lexicon_dir})
    nlp.add_pipe("fengong_verbs", config={"lexicon_dir": lexicon_dir})
    return nlp
