"""Agreement of a Russian text with its English translation: names, numbers, structure.

A professional translation names the same people and places and gives the same numbers and
dates as the original, so what the translation has and the Russian lacks points at OCR
damage (a garbled name, a misread digit) — before correction, and hopefully not after.

- **names**: capitalised runs of the translation (:func:`english_names`) are looked up in the
  gazetteer (resource ``gazetteer``: ``entities_for_english`` → entities, ``russian_forms`` →
  every case form); a name counts as found when one of its Russian forms is a word run of
  the Russian text.  Names the gazetteer does not know are listed as ``unresolved`` and do
  not count.  Without a gazetteer every name is unresolved (the figure is ``None``).
- **numbers and dates**: :mod:`pipeline.numbers` (values such as ``n:1500000`` and
  ``d:1949-05-18``); without it, digit strings compared as they are.
- **structure**: numbered points (lines starting "1." or "2)"), paragraphs (blocks between
  blank lines) and the length ratio of the Russian to the English text.
"""
from __future__ import annotations

import calendar
import re
from functools import lru_cache

from .stages import get_resource

_NAME_RUN = re.compile(r"\b[A-Z][\w'’]*(?:[- ][A-Z][\w'’]*)*")
_SENTENCE_END = re.compile(r"[.!?:;\"«»(\[]\s*$")
_POINT = re.compile(r"(?m)^[ \t]*(?:[-–•*][ \t]*)?\d{1,2}[.)][ \t]")
_CAL_WORDS = {w.lower() for w in [*calendar.month_name, *calendar.day_name, *calendar.month_abbr] if w}


def _zipf(word: str) -> float:
    f = get_resource("english_frequency")
    return f(word) if f is not None else 0.0


def _split_runs(translation: str):
    """Capitalised runs, split at very common function words ("OF", "THE") and with a
    possessive "'s" left out."""
    for m in _NAME_RUN.finditer(translation):
        pos = m.start()
        for w in re.finditer(r"[^ ]+", m.group()):
            if _zipf(w.group().lower()) >= 6.4:
                if m.start() + w.start() > pos:
                    yield _Run(translation, pos, m.start() + w.start() - 1)
                pos = m.start() + w.end() + 1
        if pos < m.end():
            yield _Run(translation, pos, m.end())


class _Run:
    def __init__(self, text: str, start: int, end: int):
        s = text[start:end]
        for suffix in ("'s", "’s"):
            if s.endswith(suffix):
                end -= len(suffix)
        self._text, self._start, self._end = text, start, end

    def group(self) -> str:
        return self._text[self._start:self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def english_names(translation: str) -> list[str]:
    """Capitalised word runs of the translation that look like names, in order, unique.

    A run is left out when it is a month or weekday, a short abbreviation before a full
    stop ("Cde."), or a single word that only ever starts a sentence and is a common English
    word ("Yesterday", "Therefore"); a word that also appears in small letters in the
    translation is not a name either."""
    lower_words = {w for w in re.findall(r"\b[a-z][\w'’]*", translation)}
    runs: dict[str, list[bool]] = {}
    for m in _split_runs(translation):
        words = m.group().replace("-", " ").split()
        while words and (words[0].lower() in _CAL_WORDS or words[0].lower() in lower_words):
            words.pop(0)
        while words and (words[-1].lower() in _CAL_WORDS or words[-1].lower() in lower_words):
            words.pop()
        if not words:
            continue
        text = m.group()[m.group().find(words[0]):]
        text = text[:text.rfind(words[-1]) + len(words[-1])]
        after = translation[m.end():m.end() + 1]
        if len(words) == 1 and len(text) <= 3 and after == "." and not text.isupper():
            continue  # Cde., Mr.
        if len(text) == 1:
            continue
        j = m.start()  # the run begins a line: only spaces or tabs after the line break
        while j > 0 and translation[j - 1] in " \t":
            j -= 1
        starts = bool(_SENTENCE_END.search(translation[max(0, m.start() - 3):m.start()])) or m.start() == 0 \
            or (j > 0 and translation[j - 1] == "\n")
        runs.setdefault(text, []).append(starts)
    out = []
    for text, starts in runs.items():
        if " " not in text and all(starts) and _zipf(text.lower()) >= 3.0:
            continue
        out.append(text)
    return out


@lru_cache(maxsize=1)
def _gazetteer():
    try:
        gaz = get_resource("gazetteer")
    except Exception:  # noqa: BLE001 - the gazetteer is optional: names become unresolved
        return None
    return gaz if hasattr(gaz, "entities_for_english") and hasattr(gaz, "russian_forms") else None


def russian_forms_of(name: str) -> list[str] | None:
    """Every Russian form of the entities the gazetteer gives for an English name
    (None when the gazetteer is missing or does not know the name)."""
    gaz = _gazetteer()
    if gaz is None:
        return None
    try:
        entities = list(gaz.entities_for_english(name) or [])
    except Exception:  # noqa: BLE001 - an unknown name is not an error
        return None
    forms: list[str] = []
    for ent in entities:
        try:
            forms += [f for f in gaz.russian_forms(ent) or [] if f and f not in forms]
        except Exception:  # noqa: BLE001
            continue
    return forms or None


@lru_cache(maxsize=50000)
def _form_runs(form: str) -> str:
    """:func:`_word_runs` of a gazetteer form (short and few: remembered; whole texts are not)."""
    return _word_runs(form)


def _word_runs(text: str) -> str:
    """Lower-cased text with words separated by single spaces (hyphens count as spaces)."""
    return " " + " ".join(re.findall(r"[^\W\d_]+", text.lower().replace("ё", "е"))) + " "


def names_agreement(translation: str, texts: dict[str, str]) -> dict:
    """For each text (e.g. ``{"ocr": ..., "corrected": ...}``): which translation names
    are found; ``score_<key>`` = found / resolved names (None when none resolved)."""
    names = english_names(translation)
    runs = {k: _word_runs(t) for k, t in texts.items()}
    out: dict = {"names": names, "unresolved": [],
                 "method": "gazetteer" if _gazetteer() is not None else "unavailable (no gazetteer)"}
    resolved = []
    for k in texts:
        out[f"missing_{k}"] = []
    for run in names:
        name, forms = run, russian_forms_of(run)
        words = run.split()
        for k in range(1, len(words)):  # "Comrade Peng Dehuai" → "Peng Dehuai"
            if forms:
                break
            for part in (" ".join(words[k:]), " ".join(words[:-k])):
                forms = russian_forms_of(part)
                if forms:
                    name = part
                    break
        if not forms:
            out["unresolved"].append(name)
            continue
        resolved.append(name)
        keys = [_form_runs(f) for f in forms]
        for k in texts:
            if not any(f.strip() and f in runs[k] for f in keys):
                out[f"missing_{k}"].append(name)
    out["resolved"] = len(resolved)
    for k in texts:
        out[f"score_{k}"] = (1 - len(out[f"missing_{k}"]) / len(resolved)) if resolved else None
    return out


def _numbers(text: str, lang: str) -> list:
    try:
        from .numbers import find_numbers
        return find_numbers(text, lang)
    except ImportError:  # pragma: no cover - before pipeline.numbers existed
        return [m.group() for m in re.finditer(r"\d+", text)]


def numbers_agreement(translation: str, texts: dict[str, str]) -> dict:
    """Numbers and dates of the translation missing from each Russian text
    (``missing_<key>``: their English spelling), and ``score_<key>`` = share found."""
    en = _numbers(translation, "en")
    out: dict = {"numbers": len(en)}
    for k, t in texts.items():
        ru = _numbers(t, "ru")
        try:
            from .numbers import compare_numbers
            _, extra, missing = compare_numbers(ru, en)
            missing_txt = [m.text for m in missing]
            extra_txt = [m.text for m in extra]
        except ImportError:  # pragma: no cover
            pool = list(ru)
            missing_txt = []
            for e in en:
                if e in pool:
                    pool.remove(e)
                else:
                    missing_txt.append(e)
            extra_txt = pool
        out[f"missing_{k}"] = missing_txt
        out[f"extra_{k}"] = extra_txt
        out[f"score_{k}"] = (1 - len(missing_txt) / len(en)) if en else None
    return out


def paragraphs(text: str) -> int:
    return sum(1 for block in re.split(r"\n[ \t]*\n", text) if block.strip())


def structure(russian: str, translation: str) -> dict:
    """Numbered points, paragraphs and length ratio of the Russian text and the translation."""
    ru_vis = sum(not c.isspace() for c in russian)
    en_vis = sum(not c.isspace() for c in translation)
    return {
        "points_ru": len(_POINT.findall(russian)), "points_en": len(_POINT.findall(translation)),
        "paragraphs_ru": paragraphs(russian), "paragraphs_en": paragraphs(translation),
        "length_ratio": round(ru_vis / en_vis, 3) if en_vis else None,
    }


def agreement(translation: str, ocr: str, corrected: str) -> dict | None:
    """Names, numbers and structure of the OCR and corrected texts against the translation."""
    if not translation.strip():
        return None
    texts = {"ocr": ocr, "corrected": corrected}
    return {"names": names_agreement(translation, texts), "numbers": numbers_agreement(translation, texts),
            "structure": structure(corrected, translation)}
