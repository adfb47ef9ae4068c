"""The normalize stage: safe, mechanical fixes of typewriter and OCR conventions.

- Latin look-alike letters inside Cyrillic words ("Kорея" with a Latin K → "Корея"),
  from the table ``dictionaries/homoglyphs.tsv``;
- letter-spaced words ("М о с к в а" → "Москва"), a typist's way of emphasis, and words
  hyphenated across a line break ("прави-\\nтельства"): both off by default, because the
  letter spacing and the line layout of a typescript are part of its transcription (the gold
  transcriptions keep them, docs/gold.md; on the train data every letter-spaced join was a
  change to a right transcription).

Each fix is a :class:`~pipeline.model.Candidate` with evidence; nothing is changed in place.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Candidate, Document
from .resources import read_table
from .stages import Param, Stage, get_resource, register, resource
from .tokens import CYRILLIC, LATIN, TOKEN_RE, WORD_RE

LETTER_SPACED = re.compile(r"(?<![^\W\d_])((?:[^\W\d_] ){3,}[^\W\d_])(?![^\W\d_])")
HYPHEN_BREAK = re.compile(r"([^\W\d_]{2,})-[ \t]*\n[ \t]*([^\W\d_]{2,})")


@dataclass
class Homoglyphs:
    strict: dict[str, str]  # UTS#39 confusables
    loose: dict[str, str]  # typewriter shapes, less certain
    checksum: str


@resource("homoglyphs")
def load_homoglyphs() -> Homoglyphs:
    table = read_table("homoglyphs.tsv", ("latin", "cyrillic", "source"))
    strict, loose = {}, {}
    for row in table.rows:
        (strict if "UTS#39" in row["source"] else loose)[row["latin"]] = row["cyrillic"]
    return Homoglyphs(strict, loose, table.checksum)


def _case_class(s: str) -> str:
    return "upper" if s.isupper() else "lower" if s.islower() else "mixed"


def homoglyph_candidates(doc: Document, hg: Homoglyphs, stage: str) -> list[Candidate]:
    out = []
    text = doc.text
    for m in TOKEN_RE.finditer(text):
        word = m.group()
        if not WORD_RE.match(word) or not LATIN.search(word):
            continue
        if not CYRILLIC.search(word):
            continue  # an all-Latin word may be a real Latin word (names, codes): leave it
        mapping = {**hg.loose, **hg.strict}
        latin = [c for c in word if LATIN.match(c)]
        if not all(c in mapping for c in latin):
            continue
        fixed = "".join(mapping.get(c, c) if LATIN.match(c) else c for c in word)
        strict = all(c in hg.strict for c in latin)
        names = ", ".join(f"'{c}' ({unicodedata.name(c)})" for c in dict.fromkeys(latin))
        out.append(Candidate(
            m.start(), m.end(), word, fixed, 0.98 if strict else 0.85, stage,
            [f"mixed scripts: Latin {names} inside a Cyrillic word; "
             f"{'Unicode confusable' if strict else 'typewriter look-alike'} → Cyrillic"],
            kind="homoglyph", features={"strict": float(strict), "latin_letters": float(len(latin))}))
    return out


def letter_spaced_candidates(doc: Document, stage: str) -> list[Candidate]:
    out = []
    for m in LETTER_SPACED.finditer(doc.text):
        letters = m.group(1).split(" ")
        if len({_case_class(c) for c in letters if c.isalpha()} - {"mixed"}) > 1 and not (
                letters[0].isupper() and all(c.islower() for c in letters[1:])):
            continue  # "и В с" is three words, not one word spaced out
        joined = "".join(letters)
        out.append(Candidate(m.start(1), m.end(1), m.group(1), joined, 0.6, stage,
                             [f"letter-spaced word: {len(letters)} single letters joined"],
                             kind="layout", features={"letters": float(len(letters))}))
    return out


def hyphen_candidates(doc: Document, stage: str) -> list[Candidate]:
    out = []
    for m in HYPHEN_BREAK.finditer(doc.text):
        joined = m.group(1) + m.group(2)
        out.append(Candidate(m.start(), m.end(), m.group(), joined, 0.5, stage,
                             ["word hyphenated across a line break"], kind="layout"))
    return out


@register
class Normalize(Stage):
    name = "normalize"
    version = "2"
    order = 10
    requires = frozenset({"text"})
    provides = frozenset({"candidates"})
    resources = ("homoglyphs",)
    description = "Latin look-alikes in Cyrillic words, letter-spaced words, hyphenated line breaks."
    params = {
        "homoglyphs": Param(bool, True, "propose Cyrillic letters for Latin look-alikes inside Cyrillic words"),
        "letter_spaced": Param(bool, False, "propose joining letter-spaced words (М о с к в а) "
                                            "(off: letter spacing is part of a typescript's transcription)"),
        "dehyphenate": Param(bool, False, "propose joining words hyphenated across line breaks "
                                          "(off: the line layout is part of a typescript's transcription)"),
    }

    def process(self, doc: Document) -> None:
        if self.config["homoglyphs"]:
            doc.candidates += homoglyph_candidates(doc, get_resource("homoglyphs"), self.ident)
        if self.config["letter_spaced"]:
            doc.candidates += letter_spaced_candidates(doc, self.ident)
        if self.config["dehyphenate"]:
            doc.candidates += hyphen_candidates(doc, self.ident)
