"""The document model: an immutable original text and everything said about it.

A :class:`Document` holds the OCR text exactly as it came in (``text``), its pages and
tokens, the English translation and metadata.  Stages never edit ``text``: they add
:class:`Flag` s (something looks wrong here), :class:`Candidate` s (a possible fix with
its evidence) and, in the decide stage, :class:`Suggestion` s (the chosen fix with a
calibrated confidence and a status).  :func:`apply_suggestions` derives corrected text
from the original; doing it again on the original reproduces it exactly.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

SCHEMA_VERSION = 1

#: statuses a suggestion may have when the pipeline emits it
PIPELINE_STATUSES = ("auto", "review")
#: statuses that a review can add on top (see :mod:`pipeline.store`)
REVIEW_STATUSES = ("approved", "rejected", "edited", "stale")


@dataclass
class Token:
    """A word or punctuation token with its place in the original text."""

    start: int
    end: int
    text: str
    line: int = 0
    page: int | None = None
    bbox: tuple[int, int, int, int] | None = None  # x0, y0, x1, y1 in page pixels
    conf: float | None = None  # OCR word confidence 0..100 (scans only)

    def to_dict(self) -> dict:
        d = {"start": self.start, "end": self.end, "text": self.text, "line": self.line}
        if self.page is not None:
            d["page"] = self.page
        if self.bbox is not None:
            d["bbox"] = list(self.bbox)
        if self.conf is not None:
            d["conf"] = self.conf
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Token":
        bbox = d.get("bbox")
        return cls(d["start"], d["end"], d["text"], d.get("line", 0), d.get("page"),
                   tuple(bbox) if bbox else None, d.get("conf"))


def _plain(value: Any) -> Any:
    """``value`` with its lists, tuples and dicts copied (their items likewise)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _as_dict(obj: Any) -> dict:
    """What ``dataclasses.asdict`` gives for these flat records (fields of plain values, lists
    and dicts), without its deep copy of every leaf: several times faster, and writing
    ``document.json`` is part of every document's time."""
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


@dataclass
class Page:
    """One page of a scanned source."""

    number: int  # 1-based
    image: str | None = None  # path of the page image, relative to the bundle when possible
    width: int | None = None
    height: int | None = None
    start: int = 0  # character span of this page in the document text
    end: int = 0
    mean_conf: float | None = None
    ocr_seconds: float | None = None
    preprocessing: dict = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in _as_dict(self).items() if v not in (None, {})}

    @classmethod
    def from_dict(cls, d: dict) -> "Page":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Flag:
    """A span that looks wrong, with the reasons, and no fix (yet)."""

    start: int
    end: int
    original: str
    reasons: list[str]
    stage: str
    kind: str = "spelling"  # spelling | name | number | missing | extra | other
    confirmed: bool = False  # True: evidence says the span is right (e.g. the translation agrees)

    def to_dict(self) -> dict:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Flag":
        return cls(d["start"], d["end"], d["original"], list(d.get("reasons", [])),
                   d.get("stage", ""), d.get("kind", "spelling"), d.get("confirmed", False))


@dataclass
class Candidate:
    """A possible replacement of a span, proposed by one stage, with evidence.

    ``score`` is the proposing stage's own belief in the candidate (0..1, not yet
    calibrated); ``features`` carries numbers the decide stage uses to calibrate.
    """

    start: int
    end: int
    original: str
    replacement: str
    score: float
    stage: str
    evidence: list[str]
    kind: str = "spelling"
    features: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Candidate":
        return cls(d["start"], d["end"], d["original"], d["replacement"], d["score"], d["stage"],
                   list(d.get("evidence", [])), d.get("kind", "spelling"), dict(d.get("features", {})))


@dataclass
class Suggestion:
    """The fix the pipeline proposes for a span of the original text."""

    start: int
    end: int
    original: str
    replacement: str
    confidence: float
    status: str  # auto | review
    stage: str  # name@version of the stage that made the winning candidate
    evidence: list[str]
    kind: str = "spelling"
    alternatives: list[dict] = field(default_factory=list)  # [{replacement, confidence, stage, evidence}]
    features: dict[str, float] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = suggestion_id(self.start, self.end, self.original, self.replacement)

    def to_dict(self) -> dict:
        return _as_dict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Suggestion":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def suggestion_id(start: int, end: int, original: str, replacement: str) -> str:
    """A stable id: the same span, original and replacement give the same id."""
    raw = f"{start}\x1f{end}\x1f{original}\x1f{replacement}".encode()
    return hashlib.sha1(raw).hexdigest()[:16]


@dataclass
class Stamp:
    """Provenance of a processed document: what ran, with which settings and data."""

    ocrfix_version: str
    stages: list[str]  # name@version
    parameters: dict[str, dict]
    resources: dict[str, str]  # resource name -> checksum
    key: str = ""  # resume key: content hash + configuration
    created: str = ""

    def to_dict(self) -> dict:
        return _as_dict(self)


@dataclass
class Document:
    """A document: the original OCR text (never changed) and what stages found."""

    id: str
    text: str
    translation: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)  # translators' notes: {text, start, end}
    pages: list[Page] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    gold: str | None = None
    source: str = ""
    flags: list[Flag] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)  # stage outputs (alignment, ...)
    stamp: Stamp | None = None
    provided: set[str] = field(default_factory=set)  # what stages have added so far

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text" and "text" in self.__dict__:
            raise AttributeError("Document.text is the original OCR text and cannot be changed")
        super().__setattr__(name, value)

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.text, self.translation, json.dumps([p.image for p in self.pages])):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    def corrected(self, statuses: Iterable[str] = ("auto",)) -> str:
        return apply_suggestions(self.text, self.suggestions, statuses)

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "text": self.text,
            "translation": self.translation,
            "meta": self.meta,
            "notes": self.notes,
            "pages": [p.to_dict() for p in self.pages],
            "tokens": [t.to_dict() for t in self.tokens],
            "gold": self.gold,
            "flags": [f.to_dict() for f in self.flags],
            "candidates": [c.to_dict() for c in self.candidates],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "quality": self.quality,
            "annotations": self.annotations,
            "stamp": self.stamp.to_dict() if self.stamp else None,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        doc = cls(
            id=d["id"], text=d["text"], translation=d.get("translation", ""), meta=d.get("meta", {}),
            notes=d.get("notes", []), pages=[Page.from_dict(p) for p in d.get("pages", [])],
            tokens=[Token.from_dict(t) for t in d.get("tokens", [])], gold=d.get("gold"),
            source=d.get("source", ""), flags=[Flag.from_dict(f) for f in d.get("flags", [])],
            candidates=[Candidate.from_dict(c) for c in d.get("candidates", [])],
            suggestions=[Suggestion.from_dict(s) for s in d.get("suggestions", [])],
            quality=d.get("quality", {}), annotations=d.get("annotations", {}),
        )
        if d.get("stamp"):
            doc.stamp = Stamp(**d["stamp"])
        return doc


def choose_non_overlapping(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Pick a set of non-overlapping suggestions, most confident first, in text order."""
    chosen: list[Suggestion] = []
    taken: list[tuple[int, int]] = []
    for s in sorted(suggestions, key=lambda s: (-s.confidence, s.start, s.end, s.replacement)):
        if any(s.start < e and b < s.end for b, e in taken) or any(
            s.start == s.end and b <= s.start < e for b, e in taken
        ):
            continue
        chosen.append(s)
        taken.append((s.start, s.end))
    return sorted(chosen, key=lambda s: (s.start, s.end))


def apply_suggestions(text: str, suggestions: Iterable[Suggestion],
                      statuses: Iterable[str] | None = ("auto",)) -> str:
    """Apply the suggestions whose status is in ``statuses`` to the original ``text``.

    Overlapping suggestions are resolved by confidence.  Every suggestion's ``original``
    must match the text at its span: a mismatch means it belongs to another text, and
    raises ``ValueError`` rather than corrupting the output.
    """
    wanted = None if statuses is None else set(statuses)
    picked = choose_non_overlapping(s for s in suggestions if wanted is None or s.status in wanted)
    out: list[str] = []
    pos = 0
    for s in picked:
        if text[s.start:s.end] != s.original:
            raise ValueError(
                f"suggestion {s.id} expects {s.original!r} at {s.start}:{s.end} "
                f"but the text has {text[s.start:s.end]!r}")
        out.append(text[pos:s.start])
        out.append(s.replacement)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
