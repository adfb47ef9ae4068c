"""The decide stage: from candidates to suggestions with a confidence and a status.

Candidates for the same span are merged (the same replacement proposed by several stages
pools its evidence); the best one becomes the suggestion, the others its alternatives.
Its confidence comes from the calibration model when one is installed (resource
``calibration``: an object with ``confidence(candidate, group) -> float``), else from the
candidate's own score.  Confidence at or above ``auto_threshold`` makes the suggestion
``auto`` (applied without review); at or above ``review_threshold``, ``review``; below, the
span is only flagged.  Both thresholds default to the ones fitted with the calibration
(``dictionaries/calibration.json``: auto-applied fixes damage at most 0.5% of correct words
on the train split), or 0.95 and 0.3 without a calibration.
"""
from __future__ import annotations

from collections import defaultdict

from .model import Candidate, Document, Flag, Suggestion
from .stages import Param, Stage, get_resource, register

from . import calibration  # noqa: F401 - registers the "calibration" resource


#: how a feature of candidates with the same replacement is pooled (others: the best-scored
#: candidate's value)
BEST_OF = {"share": max, "margin": max, "distance": min, "rank": min, "morph": max, "translation": max}


def merge_group(cands: list[Candidate]) -> list[Candidate]:
    """Merge candidates with the same replacement: pooled evidence, combined score."""
    by_rep: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_rep[c.replacement].append(c)
    merged = []
    for rep, group in by_rep.items():
        best = max(group, key=lambda c: c.score)
        miss = 1.0
        evidence: list[str] = []
        features: dict[str, float] = {}
        for c in sorted(group, key=lambda c: -c.score):
            miss *= 1.0 - c.score
            evidence += [e for e in c.evidence if e not in evidence]
            for k, v in c.features.items():
                # pooled evidence is the best each stage found: one stage's doubt (a small
                # share among its own options) does not cancel another stage's finding
                if k in features and k in BEST_OF:
                    features[k] = BEST_OF[k](features[k], v)
                else:
                    features.setdefault(k, v)
        features["sources"] = float(len({c.stage for c in group}))
        if any(not (c.features or {}).get("case_unsure") and ((c.features or {}).get("case_known")
                                                              or (c.features or {}).get("translation"))
               for c in group):
            features.pop("case_unsure", None)  # another stage found the case (the names stage's rules)
        if any(not (c.features or {}).get("common_word") and c.kind == "name" and c.stage.startswith("names")
               for c in group):
            features.pop("common_word", None)  # the names stage read the name too (its own rules apply)
        merged.append(Candidate(best.start, best.end, best.original, rep, 1.0 - miss, best.stage,
                                evidence, best.kind, features))
    return sorted(merged, key=lambda c: (-c.score, c.replacement))


#: features that keep a suggestion for a person however sure it is: a guessed linking form of
#: a compound (lexicon stage), a name whose case the context does not give and the OCR lost
#: the ending of, a name read over a common word in capitals, a known word read as another where
#: the aligned English translates the word as written (translation stage), a correctly written
#: name put in the case of the other names of its list or in the е or э the document writes
#: it with elsewhere, or correctly spelled name words read as another name (names stage)
REVIEW_ONLY = ("linking", "case_unsure", "common_word", "as_written", "real_case", "own_spelling", "name_words")


def _needs_person(c: Candidate) -> bool:
    """A name over a correctly written common word (``real_word``: МИР → МНР) with no title
    before it (``titled``), or a name another name written otherwise is as near to
    (``entity_unsure``: КН„Р, КНДР or КНР), with no English name for it in the aligned translation
    (``english_name``, ``translation``): never applied automatically, however close the
    letters."""
    f = c.features or {}
    english = any(f.get(k) for k in ("english_name", "translation"))
    return bool(f.get("real_word")) and not (f.get("titled") or english) or bool(f.get("entity_unsure")) and not english


@register
class Decide(Stage):
    name = "decide"
    version = "6"
    order = 90
    requires = frozenset({"candidates"})
    provides = frozenset({"suggestions"})
    description = "Merge candidates per span, calibrate confidence, set auto / review, flag the rest."
    resources = ("calibration",)
    params = {
        "auto_threshold": Param(float, -1.0, "confidence at or above which a suggestion is applied "
                                             "without review (-1: the calibration's, else 0.95)"),
        "review_threshold": Param(float, -1.0, "confidence at or above which a suggestion goes to review; "
                                               "below it the span is only flagged (-1: the calibration's, else 0.3)"),
        "max_alternatives": Param(int, 4, "alternatives kept with each suggestion"),
    }

    def process(self, doc: Document) -> None:
        calib = get_resource("calibration")
        auto_t = self.config["auto_threshold"]
        if auto_t < 0:
            auto_t = calib.auto_threshold if calib else 0.95
        review_t = self.config["review_threshold"]
        if review_t < 0:
            review_t = calib.review_threshold if calib else 0.3
        groups: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
        for c in doc.candidates:
            if c.replacement != c.original:
                groups[(c.start, c.end)].append(c)
        suggestions = []
        for (start, end), cands in sorted(groups.items()):
            merged = merge_group(cands)
            confs = [calib.confidence(c, merged) if calib else c.score for c in merged]
            ranked = sorted(zip(confs, merged), key=lambda p: (-p[0], -p[1].score, p[1].replacement))
            conf, best = ranked[0]
            alts = [{"replacement": c.replacement, "confidence": round(p, 4), "stage": c.stage,
                     "evidence": c.evidence} for p, c in ranked[1:1 + self.config["max_alternatives"]]]
            if conf < review_t:
                doc.flags.append(Flag(start, end, best.original,
                                      [f"unsure fix '{best.replacement}' ({conf:.2f}) left for a person"],
                                      self.ident, kind=best.kind))
                continue
            status = "auto" if conf >= auto_t and not _needs_person(best) and not any(
                (best.features or {}).get(k) for k in REVIEW_ONLY) else "review"
            suggestions.append(Suggestion(start, end, best.original, best.replacement, round(conf, 4), status,
                                          best.stage, best.evidence, best.kind, alts, best.features))
        doc.suggestions = suggestions
