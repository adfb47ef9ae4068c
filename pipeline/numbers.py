"""Numbers and dates in Russian and English text, reduced to comparable values.

A mention is a span of text with the set of values it may stand for: ``n:1500000`` for
"1.500.000" or "1,500,000", ``d:1949-05-18`` for "18 мая 1949" or "18 May 1949", ``d:-05-18``
for a date without a year ("17 мая" / "17 May").  An ambiguous mention keeps every reading
("18.5" is the number 18.5 and the date 18 May; "20.35" may be a time), and two mentions
agree when their value sets meet.  Month names are data (``dictionaries/bilingual_extra.tsv``,
rows of kind ``month``); Russian month forms come from pymorphy3.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .resources import read_table

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
#: digits with optional thousands groups or decimal / date parts
NUM_RE = re.compile(r"(?<![\w.,])(\d{1,7}(?:[.,/:-]\d{1,4})*)(?:[-–](?:ти|х|й|го|е|я|м|ми))?"
                    r"(?:\s*(?:г\.|года|гг?\.?|st|nd|rd|th)(?!\w))?", re.UNICODE)
WORD_RE = re.compile(r"[^\W\d_]+\.?", re.UNICODE)
SPACED_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+)(?![\d.,])")
_DIGIT = re.compile(r"\d")


@dataclass
class NumberMention:
    """A number or date in a text and the values it may stand for."""

    start: int
    end: int
    text: str
    values: set[str] = field(default_factory=set)

    def agrees(self, other: "NumberMention") -> bool:
        return bool(self.values & other.values) or _partial_date_match(self.values, other.values)


def date_parts(v: str) -> tuple[str, str]:
    """(year, month-day) of a date value 'd:YYYY-MM-DD' (year '' when the date has none)."""
    year, _, md = v[2:].partition("-")
    return year, md


def _partial_date_match(a: set[str], b: set[str]) -> bool:
    """A date without a year ('d:-05-18') agrees with the same day in any year."""
    for x in (v for v in a if v.startswith("d:")):
        for y in (v for v in b if v.startswith("d:")):
            (yx, mdx), (yy, mdy) = date_parts(x), date_parts(y)
            if mdx == mdy and (not yx or not yy):
                return True
    return False


class NumberIndex:
    """Which of many holders (segments) mention a number that agrees with a given one
    (:meth:`NumberMention.agrees`), by looking its values up instead of comparing each pair."""

    def __init__(self):
        self.by_value: dict[str, set[int]] = {}
        self.by_day: dict[str, set[int]] = {}          # month-day of any date
        self.by_day_no_year: dict[str, set[int]] = {}  # month-day of a date without a year

    def add(self, holder: int, num: NumberMention) -> None:
        for v in num.values:
            self.by_value.setdefault(v, set()).add(holder)
            if v.startswith("d:"):
                year, md = date_parts(v)
                self.by_day.setdefault(md, set()).add(holder)
                if not year:
                    self.by_day_no_year.setdefault(md, set()).add(holder)

    def agreeing(self, num: NumberMention) -> set[int]:
        out: set[int] = set()
        for v in num.values:
            out |= self.by_value.get(v, set())
            if v.startswith("d:"):
                year, md = date_parts(v)
                out |= (self.by_day_no_year if year else self.by_day).get(md, set())
        return out


@functools.lru_cache(maxsize=1)
def month_names() -> tuple[dict[str, int], dict[str, int]]:
    """(English month words, Russian month forms and abbreviations) → month number."""
    en: dict[str, int] = {}
    ru: dict[str, int] = {}
    try:
        rows = read_table("bilingual_extra.tsv", ("en", "ru", "kind", "source")).rows
    except Exception:  # noqa: BLE001 - the table is optional for numbers
        rows = []
    morph = _morph()
    for row in rows:
        if row["kind"] != "month":
            continue
        n = int(row.get("value") or 0)
        en[row["en"].lower()] = n
        en[row["en"].lower()[:3]] = n
        ru[row["ru"].lower()[:3]] = n
        forms = {row["ru"].lower()}
        if morph is not None:
            forms |= {f.word for f in morph.parse(row["ru"])[0].lexeme}
        for f in forms:
            ru[f.replace("ё", "е")] = n
    return en, ru


def _morph():
    try:
        from .bilingual import morph
        return morph()
    except Exception:  # noqa: BLE001 - pymorphy3 missing: month names only as written
        return None


def _roman(s: str) -> int | None:
    if not s or any(c not in ROMAN for c in s):
        return None
    total, prev = 0, 0
    for c in reversed(s):
        v = ROMAN[c]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _year(y: str) -> str | None:
    if len(y) == 4 and y[:2] in ("18", "19", "20"):
        return y
    if len(y) == 2:
        return "19" + y
    return None


def _date(day: int, month: int, year: str | None) -> str | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"d:{year or ''}-{month:02d}-{day:02d}"


def _number_values(raw: str) -> set[str]:
    """Readings of a digit string: integer with thousands groups, decimal, date, time."""
    vals: set[str] = set()
    if "-" in raw and not raw.startswith("-"):  # a range "3-4-5000", "3,000-4,000-5,000"
        ranges = [_number_values(p) for p in raw.split("-") if p]
        if all(ranges):
            return set().union(*ranges)
    parts = re.split(r"([.,/:-])", raw)
    nums, seps = parts[0::2], parts[1::2]
    if len(nums) == 1:
        vals.add(f"n:{int(nums[0])}")
        return vals
    if len(set(seps)) == 1 and seps[0] in ".," and all(len(p) == 3 for p in nums[1:]) and len(nums[0]) <= 3:
        vals.add(f"n:{int(''.join(nums))}")  # 1.500.000, 1,500,000, 200.000
    if len(nums) == 2 and seps[0] in ".," and len(nums[1]) != 3:
        vals.add(f"n:{float(nums[0] + '.' + nums[1]):g}")
    if len(nums) == 2 and seps[0] in ".:" and len(nums[1]) == 2 and int(nums[0]) < 24 and int(nums[1]) < 60:
        vals.add(f"t:{int(nums[0]):02d}{nums[1]}")
    if len(nums) in (2, 3) and len(set(seps)) == 1 and seps[0] in "./":
        year = _year(nums[2]) if len(nums) == 3 else None
        if len(nums) == 2 or year:
            d = _date(int(nums[0]), int(nums[1]), year)
            if d:
                vals.add(d)
    return vals


def find_numbers(text: str, lang: str) -> list[NumberMention]:
    """Numbers and dates in ``text`` (``lang`` is ``ru`` or ``en``), in text order."""
    if not _DIGIT.search(text):  # every number and date has a digit
        return []
    en_months, ru_months = month_names()
    months = ru_months if lang == "ru" else en_months
    out: list[NumberMention] = []
    taken: set[int] = set()
    for m in SPACED_THOUSANDS.finditer(text):  # "10 000"
        out.append(NumberMention(m.start(), m.end(), m.group(), {f"n:{int(m.group().replace(' ', ''))}"}))
        taken.update(range(m.start(), m.end()))
    for m in NUM_RE.finditer(text):
        if m.start() in taken or (out and m.start() < out[-1].end):
            continue
        raw = m.group(1).rstrip(".,:-/")
        if not raw:
            continue
        start, end = m.start(1), m.start(1) + len(raw)
        vals = _number_values(raw)
        # a date written with a month word: "18 мая 1949", "18 May 1949", "18/V 1949"
        rest = text[end:end + 30]
        mm = re.match(r"(\s*/?\s*)([^\W\d_]+)\.?(\s*(\d{4}))?", rest)
        if raw.isdigit() and mm:
            word = mm.group(2)
            month = months.get(word.lower().replace("ё", "е")) or _roman(word)
            if month and (word.lower() in months or "/" in mm.group(1)):
                d = _date(int(raw), month, mm.group(4))
                if d:
                    vals = {d}
                    end = end + (mm.end() if mm.group(4) else mm.end(2))
        out.append(NumberMention(start, end, text[start:end], vals))
    if lang == "en":  # "September 16", "October 1, 1950"
        words = [(m.start(), m.end(), m.group().rstrip(".")) for m in WORD_RE.finditer(text)]
        for s, e, w in words:
            month = months.get(w.lower()) if len(w) >= 3 else None
            if not month:
                continue
            mm = re.match(r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?(?!\d)", text[e:e + 12])
            if mm:
                d = _date(int(mm.group(1)), month, mm.group(2))
                if d:
                    out = [x for x in out if not (s <= x.start < e + mm.end())]
                    out.append(NumberMention(s, e + mm.end(), text[s:e + mm.end()], {d}))
    return sorted(out, key=lambda x: x.start)


def compare_numbers(ru: list[NumberMention], en: list[NumberMention]) -> tuple[
        list[tuple[NumberMention, NumberMention]], list[NumberMention], list[NumberMention]]:
    """Pair Russian and English mentions that agree; return (pairs, unmatched ru, unmatched en)."""
    pairs, used = [], set()
    for r in ru:
        for j, e in enumerate(en):
            if j not in used and r.agrees(e):
                pairs.append((r, e))
                used.add(j)
                break
    matched_ru = {id(p[0]) for p in pairs}
    return pairs, [r for r in ru if id(r) not in matched_ru], [e for j, e in enumerate(en) if j not in used]


def digits_of(m: NumberMention) -> str:
    return re.sub(r"\D", "", m.text)
