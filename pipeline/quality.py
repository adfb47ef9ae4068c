"""The quality stage: the figures of a document (and of each scanned page) for the QA report.

``doc.quality`` gets:

- ``lexicality``: share of word tokens that are known Russian forms or gazetteer names;
  ``lexicality_method`` says which resources answered (``lexicon+gazetteer`` when the
  resources ``lexicon`` (``is_known``) and ``gazetteer`` (``is_known_name``) are installed;
  the fallback is pymorphy3's ``word_is_known``, which knows no transliterated names);
- ``garbage_rate`` (:func:`pipeline.estimate.is_garbage`), ``ocr_conf`` (mean OCR word
  confidence, scans only), ``suggestions`` by status, ``flags``;
- ``est_cer`` / ``est_cer_corrected``: the estimated CER of the OCR and the corrected text
  (:mod:`pipeline.estimate`), with ``est_cer_model`` (its measured error on labelled pages);
- ``translation``: names, numbers and dates of the translation found in the OCR and
  corrected text, numbered points, paragraphs, length ratio (:mod:`pipeline.agreement`);
- ``pages``: the same figures per page for scans (``Page.start``/``end``, ``Token.page``);
- ``grade`` (``publishable``, ``needs review``, ``re-scan``) and ``reasons``.

The grade is :func:`grade`; the report calls it again with figures from gold and the
review store when it has them.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

from .estimate import is_garbage, load_model, text_features
from .memo import Memo
from .model import Document
from .stages import Param, Stage, get_resource, register, resource
from .tokens import WORD_RE

GRADES = ("publishable", "needs review", "re-scan")

#: thresholds of the grade (the quality stage's parameters)
GRADE_PARAMS = {
    "publish_cer": Param(float, 0.01, "highest (estimated or true) CER of the corrected text for 'publishable'"),
    "rescan_cer": Param(float, 0.15, "(estimated or true) CER of the OCR text above which the grade is 're-scan'"),
    "rescan_conf": Param(float, 50.0, "mean OCR word confidence (scans) below which the grade is 're-scan'"),
    "rescan_lexicality": Param(float, 0.6, "lexicality below which the grade is 're-scan'"),
}


def _resource_method(name: str, attr: str) -> Callable[[str], bool] | None:
    try:
        res = get_resource(name)
    except Exception:  # noqa: BLE001 - resources built by other parts may be missing: fall back
        return None
    fn = getattr(res, attr, None)
    return fn if callable(fn) else None


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


def _pymorphy_known(word: str) -> bool:
    w = word.lower().replace("ё", "е")
    if not all("а" <= c <= "я" or c == "-" for c in w):
        return False  # Latin look-alikes are not Russian words
    return _morph().word_is_known(w)


@lru_cache(maxsize=1)
def known_word_checker() -> tuple[Callable[[str], bool], str]:
    """``(is_known(word), method)``: lexicon and gazetteer when installed, else pymorphy3."""
    lex = _resource_method("lexicon", "is_known")
    gaz = _resource_method("gazetteer", "is_known_name")
    base = lex or _pymorphy_known
    method = ("lexicon" if lex else "pymorphy3") + ("+gazetteer" if gaz else "")

    seen = Memo(200_000)

    def is_known(word: str) -> bool:
        try:
            return seen.get_or(word, lambda: bool(base(word) or base(word.lower()) or (gaz and gaz(word))))
        except Exception:  # noqa: BLE001 - a resource hiccup counts the word as unknown (not remembered)
            return False

    return is_known, method


def lexicality(text: str, is_known: Callable[[str], bool]) -> tuple[float | None, int]:
    from .tokens import TOKEN_RE
    words = [t for t in TOKEN_RE.findall(text) if WORD_RE.match(t)]
    if not words:
        return None, 0
    return sum(map(is_known, words)) / len(words), len(words)


def unknown_words(text: str, is_known: Callable[[str], bool], limit: int = 40) -> list[str]:
    """The first ``limit`` distinct word tokens that are neither known forms nor names."""
    from .tokens import TOKEN_RE
    out: list[str] = []
    for t in TOKEN_RE.findall(text):
        if WORD_RE.match(t) and t not in out and not is_known(t):
            out.append(t)
            if len(out) >= limit:
                break
    return out


def text_figures(text: str, confs: list[float], is_known: Callable[[str], bool], model,
                 tokens: list | None = None, translation: str = "", alignment=None,
                 beads: dict | None = None, real_words: int = 0, context: str = "",
                 suggested: float = 0.0) -> dict:
    """Lexicality, garbage rate, OCR confidence, the model's features and estimated CER
    (``translation``: the document's English translation, if any; ``alignment``: the text's
    alignment with it, if already made; ``beads``: the counts of aligned beads already made
    for another version of the document, :func:`pipeline.estimate.translation_counts`;
    ``real_words``: the detect stage's real-word flags in the text; ``context``: the whole
    document's text when ``text`` is a page of it; ``suggested``: :func:`suggested_edits` of the
    text)."""
    feats = text_features(text, is_known, confs, tokens or (), translation or "", alignment, beads, real_words,
                          context, suggested)
    lex, n_words = lexicality(text, is_known)
    return {
        "words": n_words,
        "lexicality": None if lex is None else round(lex, 4),
        "garbage_rate": round(feats["garbage"], 4),
        "ocr_conf": round(sum(confs) / len(confs), 2) if confs else None,
        "features": {k: round(v, 4) for k, v in feats.items()},
        "est_cer": round(model.predict(feats), 4),
    }


def suggestion_edits(doc: Document, statuses: tuple[str, ...] = ("auto", "review")) -> list[tuple[int, int]]:
    """(start, edit distance original → replacement) of a set of non-overlapping suggestions with
    one of ``statuses``, most confident first (a fix inside another counts once).  Without
    ``auto`` among ``statuses`` (the corrected text), a suggestion over text an automatic fix
    already changed does not count: its original is gone."""
    from rapidfuzz.distance import Levenshtein

    from .model import choose_non_overlapping
    applied = [] if "auto" in statuses else [
        (s.start, s.end) for s in choose_non_overlapping(x for x in doc.suggestions if x.status == "auto")]
    chosen = choose_non_overlapping(s for s in doc.suggestions if s.status in statuses and not any(
        s.start < b and a < s.end or s.start == s.end and a <= s.start < b for a, b in applied))
    return [(s.start, Levenshtein.distance(s.original, s.replacement)) for s in chosen]


def suggested_edits(doc: Document, start: int = 0, end: int | None = None,
                    statuses: tuple[str, ...] = ("auto", "review"),
                    edits: list[tuple[int, int]] | None = None) -> int:
    """Letters the document's suggestions starting in ``[start, end)`` would change
    (:func:`suggestion_edits` of ``statuses``, or ``edits`` when already made for the document):
    a figure of the estimated CER."""
    end = len(doc.text) if end is None else end
    edits = suggestion_edits(doc, statuses) if edits is None else edits
    return sum(d for s, d in edits if start <= s < end)


def real_word_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans of the detect stage's real-word flags (known words suspected of being another word
    misread): figures of the estimated CER."""
    from .detect import REAL_WORD_REASON
    return [(f.start, f.end) for f in doc.flags if any(r.startswith(REAL_WORD_REASON) for r in f.reasons)]


def page_figures(doc: Document, is_known, model, alignment=None, beads: dict | None = None,
                 real_words: list[tuple[int, int]] | None = None,
                 edits: list[tuple[int, int]] | None = None) -> list[dict]:
    """Figures per scanned page (pages with a text span; ``alignment``: the document's with
    its translation, restricted to each page; ``real_words``: :func:`real_word_spans` of the
    document, if already found)."""
    out = []
    rw = [s for s, _ in (real_word_spans(doc) if real_words is None else real_words)]
    edits = suggestion_edits(doc) if edits is None else edits
    for p in doc.pages:
        if p.end <= p.start:
            if p.error:
                out.append({"page": p.number, "error": p.error})
            continue
        toks = [t for t in doc.tokens if t.page == p.number]
        confs = [t.conf for t in toks if t.conf is not None and t.conf >= 0]
        fig = text_figures(doc.text[p.start:p.end], confs, is_known, model, toks, doc.translation,
                           alignment.restrict(p.start, p.end) if alignment is not None else None, beads,
                           sum(p.start <= s < p.end for s in rw), doc.text,
                           suggested_edits(doc, p.start, p.end, edits=edits))
        fig.pop("features")
        out.append({"page": p.number, "start": p.start, "end": p.end, **fig,
                    **({"error": p.error} if p.error else {})})
    return out


def grade(q: dict, params: dict | None = None) -> tuple[str, list[str]]:
    """``(grade, reasons)`` from a document's figures.  True CERs (``evaluation``) are used
    instead of the estimates when present; reviewed suggestions (``review_store``) replace
    the pipeline's pending count when present."""
    p = {k: v.default for k, v in GRADE_PARAMS.items()}
    p.update(params or {})
    ev = q.get("evaluation") or {}
    cer_ocr = ev.get("cer_ocr", q.get("est_cer"))
    cer_cor = ev.get("cer_corrected", q.get("est_cer_corrected"))
    what = "CER" if ev else "estimated CER"
    rescan, review = [], []
    if cer_ocr is not None and cer_ocr > p["rescan_cer"]:
        rescan.append(f"{what} of the OCR {cer_ocr:.3f} > {p['rescan_cer']}")
    if q.get("ocr_conf") is not None and q["ocr_conf"] < p["rescan_conf"]:
        rescan.append(f"mean OCR confidence {q['ocr_conf']:.1f} < {p['rescan_conf']}")
    if q.get("lexicality") is not None and q["lexicality"] < p["rescan_lexicality"]:
        rescan.append(f"lexicality {q['lexicality']:.2f} < {p['rescan_lexicality']}")
    if rescan:
        return "re-scan", rescan
    if cer_cor is not None and cer_cor > p["publish_cer"]:
        review.append(f"{what} after correction {cer_cor:.3f} > {p['publish_cer']}")
    sug = q.get("suggestions", {})
    pending = sug.get("pending", sug.get("review", 0))
    if pending:
        review.append(f"{pending} suggestion(s) wait for review")
    tr = q.get("translation") or {}
    missing = (tr.get("names") or {}).get("missing_corrected") or []
    if missing:
        review.append(f"{len(missing)} name(s) of the translation not found: {', '.join(missing[:5])}")
    nums = (tr.get("numbers") or {}).get("missing_corrected") or []
    if nums:
        review.append(f"{len(nums)} number(s)/date(s) of the translation not found: "
                      f"{', '.join(n.replace(chr(10), ' ') for n in nums[:5])}")
    st = tr.get("structure") or {}
    if st.get("points_en") and st.get("points_ru") != st.get("points_en"):
        review.append(f"numbered points: {st.get('points_ru')} in Russian, {st['points_en']} in English")
    return ("needs review", review) if review else ("publishable", ["every check passed"])


def document_quality(doc: Document, params: dict | None = None) -> dict:
    """All figures of a document (see the module docstring)."""
    from .agreement import agreement
    is_known, method = known_word_checker()
    model = load_model()
    corrected = doc.corrected()
    confs = [t.conf for t in doc.tokens if t.conf is not None and t.conf >= 0]
    al = al_cor = None
    if doc.translation.strip() and doc.text.strip():
        # one alignment (the translation stage's, remembered) for the OCR text, its pages
        # and, moved by the applied fixes, the corrected text
        from .align import align_document
        from .model import choose_non_overlapping
        al = align_document(doc)
        applied = sorted((s.start, s.end, s.replacement)
                         for s in choose_non_overlapping(s for s in doc.suggestions if s.status == "auto"))
        al_cor = al.shifted(corrected, applied)
    beads: dict = {}  # bead counts shared by the OCR text, the corrected text and the pages
    rw = real_word_spans(doc)
    fixed = [(s.start, s.end) for s in doc.suggestions if s.status == "auto"]
    rw_left = sum(not any(a < e and s < b for a, b in fixed) for s, e in rw)  # not put right automatically
    edits = suggestion_edits(doc)  # the OCR text's and its pages'
    fig = text_figures(doc.text, confs, is_known, model, doc.tokens, doc.translation, al, beads, len(rw),
                       suggested=suggested_edits(doc, edits=edits))
    # the corrected text: what the suggestions left for review would still change
    fig_cor = fig if corrected == doc.text else text_figures(corrected, confs, is_known, model, doc.tokens,
                                                             doc.translation, al_cor, beads, rw_left,
                                                             suggested=suggested_edits(doc, statuses=("review",)))
    statuses = [s.status for s in doc.suggestions]
    q = {
        **fig,
        "lexicality_method": method,
        "lexicality_corrected": fig_cor["lexicality"],
        "est_cer_corrected": fig_cor["est_cer"],
        "est_cer_model": {"measured": model.measured, "source": model.source},
        "chars": len(doc.text),
        "suggestions": {"total": len(statuses), "auto": statuses.count("auto"),
                        "review": statuses.count("review")},
        "flags": len(doc.flags),
        "unknown_words": unknown_words(corrected, is_known),
        "translation": agreement(doc.translation, doc.text, corrected),
        "pages": page_figures(doc, is_known, model, al, beads, rw, edits),
    }
    q["grade"], q["reasons"] = grade(q, params)
    return q


@resource("english_frequency")
def english_frequency():
    """wordfreq's English Zipf frequency, its table read once (half a second: part of the
    resource load, not of the first document's work); None without wordfreq."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover
        return None
    zipf_frequency("the", "en")

    def zipf(word: str) -> float:
        return zipf_frequency(word, "en")
    return zipf


@register
class Quality(Stage):
    name = "quality"
    version = "3"
    order = 95
    requires = frozenset({"text"})
    provides = frozenset({"quality"})
    resources = ("english_frequency",)
    description = ("Quality figures: lexicality, garbage rate, OCR confidence, estimated CER, agreement "
                   "with the translation (names, numbers, structure), grade with reasons.")
    params = dict(GRADE_PARAMS)

    def process(self, doc: Document) -> None:
        doc.quality = document_quality(doc, self.config)


__all__ = ["GRADES", "GRADE_PARAMS", "Quality", "document_quality", "grade", "is_garbage",
           "known_word_checker", "lexicality", "suggested_edits", "suggestion_edits", "text_figures"]
