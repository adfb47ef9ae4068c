"""Transliteration of Chinese and Korean names into Russian, for names the gazetteer lacks.

- :func:`pinyin_to_palladius`: Hanyu Pinyin → Russian by the Palladius system (``Zhou Enlai``
  → ``Чжоу Эньлай``), from the syllable table ``dictionaries/translit_palladius.tsv``
  (initials, finals, finals after j/q/x, the -i of zhi/chi/shi/ri/zi/ci/si, zero-initial
  syllables).  A word is split into syllables by dynamic programming (fewest syllables).
- :func:`wade_giles_to_pinyin`: Wade–Giles → pinyin (``Chou En-lai`` → ``Zhou En-lai``) by the
  ordered rewrite rules of ``dictionaries/translit_wadegiles.tsv``.
- :func:`korean_to_russian`: McCune–Reischauer, Revised or period English romanisations →
  the Russian spelling of Soviet documents of 1950 (``Pak Hon-yong`` → ``Пак Хен Ен``), by the
  syllable parts of ``dictionaries/translit_korean.tsv``.
- :func:`to_russian`: one of the above by language, Wade–Giles recognised by its apostrophes,
  ``hs``, ``ts``/``tz`` and hyphenated given names.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .resources import read_table

_SPLIT = re.compile(r"([\s\-]+)")


@lru_cache(maxsize=1)
def palladius() -> dict[str, dict[str, str]]:
    table = read_table("translit_palladius.tsv", ("kind", "pinyin", "russian", "source"))
    out: dict[str, dict[str, str]] = {}
    for r in table.rows:
        out.setdefault(r["kind"], {})[r["pinyin"]] = r["russian"]
    return out


@lru_cache(maxsize=1)
def wade_giles_rules() -> list[tuple[str, re.Pattern, str]]:
    table = read_table("translit_wadegiles.tsv", ("group", "pattern", "source"))
    return [(r["group"], re.compile(r["pattern"]), r.get("replacement", "")) for r in table.rows]


@lru_cache(maxsize=1)
def korean_parts() -> dict[str, dict[str, str]]:
    table = read_table("translit_korean.tsv", ("kind", "roman", "russian", "source"))
    out: dict[str, dict[str, str]] = {}
    for r in table.rows:
        out.setdefault(r["kind"], {})[r["roman"]] = r["russian"]
    return out


def _capitalise(s: str) -> str:
    return s[:1].upper() + s[1:]


def _strip_tones(s: str) -> str:
    """Drop tone marks but keep ü."""
    s = s.replace("ü", "\0")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", s).replace("\0", "ü")


def pinyin_syllable(syl: str) -> str | None:
    """One pinyin syllable in Russian, or None when it is not a syllable."""
    t = palladius()
    if syl in t.get("syllable", {}):
        return t["syllable"][syl]
    for n in (2, 1):
        ini, fin = syl[:n], syl[n:]
        if ini not in t["initial"] or not fin:
            continue
        if fin == "i" and ini in t.get("final_retro", {}):
            return t["final_retro"][ini]
        if ini in ("j", "q", "x") and fin in t.get("final_jqx", {}):
            return t["initial"][ini] + t["final_jqx"][fin]
        if fin in t["final"]:
            return t["initial"][ini] + t["final"][fin]
    return None


def syllabify(word: str, convert=pinyin_syllable, long_first: bool = False) -> list[str] | None:
    """Split a lower-case romanised word into the fewest syllables ``convert`` accepts.  Ties:
    pinyin gives a consonant between vowels to the next syllable (``jinan`` = ji-nan; an
    apostrophe would mark jin'an); Korean (``long_first``) keeps it in the first (pyong-yang)."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if convert(word[i:j]) is not None:
                cand = best[i] + [word[i:j]]
                if best[j] is None or len(cand) < len(best[j]) or (
                        len(cand) == len(best[j])
                        and ([len(x) for x in cand] > [len(x) for x in best[j]]) == long_first
                        and [len(x) for x in cand] != [len(x) for x in best[j]]):
                    best[j] = cand
    return best[n]


def pinyin_to_palladius(text: str) -> str:
    """``Zhou Enlai`` → ``Чжоу Эньлай``; ``Mao Ze-dong`` → ``Мао Цзэ-дун``.  Words that are not
    pinyin are kept as they are."""
    out = []
    for part in _SPLIT.split(text.strip()):
        if not part or _SPLIT.fullmatch(part):
            out.append(part)
            continue
        pieces = [syllabify(p) for p in re.split(r"['’]", _strip_tones(part.lower())) if p]
        if pieces and all(pieces):
            out.append(_capitalise("".join(pinyin_syllable(s) or s for syls in pieces for s in syls)))
        else:
            out.append(part)
    res = "".join(out)
    # Palladius writes the second part of a hyphenated given name in lower case (Цзэ-дун)
    return re.sub(r"-(\w)", lambda m: "-" + m.group(1).lower(), res)


def wade_giles_syllable(syl: str) -> str:
    s = syl.lower().replace("’", "'").replace("‘", "'")
    initial_done = False
    for group, pat, rep in wade_giles_rules():
        if group == "initial":
            if initial_done or not pat.search(s):
                continue
            initial_done = True
        s = pat.sub(rep, s)
    return s


def wade_giles_to_pinyin(text: str) -> str:
    """``Chou En-lai`` → ``Zhou En-lai``; ``P'eng Te-huai`` → ``Peng De-huai``."""
    out = []
    for part in _SPLIT.split(text.strip()):
        if not part or _SPLIT.fullmatch(part):
            out.append(part)
            continue
        conv = wade_giles_syllable(part)
        out.append(_capitalise(conv) if part[:1].isupper() else conv)
    return "".join(out)


def looks_wade_giles(text: str) -> bool:
    low = text.lower()
    return bool(re.search(r"['’]|\bhs|ts|tz|ih\b|ieh\b|\bch(?:ou|ao|u|i)|-", low))


def _korean_syllable(syl: str) -> str | None:
    parts = korean_parts()
    for ini in sorted(list(parts["initial"]) + [""], key=len, reverse=True):
        if not syl.startswith(ini):
            continue
        rest = syl[len(ini):]
        for vow in sorted(parts["vowel"], key=len, reverse=True):
            if not rest.startswith(vow):
                continue
            fin = rest[len(vow):]
            if fin and fin not in parts["final"]:
                continue
            head = parts["initial"].get(ini, "")
            v = parts["vowel"][vow]
            if not head and vow in ("ŏ", "eo"):
                v = "о"  # a syllable-initial ŏ is о (Ок), after a consonant е (Хен)
            return head + v + (parts["final"][fin] if fin else "")
    return None


def korean_to_russian(text: str, join: bool = False) -> str:
    """``Pak Hon-yong`` → ``Пак Хен Ен``; ``Kim Il-sung`` → ``Ким Ир Сун``: syllables separated by
    spaces, as cables of 1950 wrote Korean names (``join``: one word, for place names such as
    ``Pyongyang`` → ``Пхенян``)."""
    out = []
    for part in re.split(r"[\s\-]+", text.strip()):
        if not part:
            continue
        w = part.lower().replace("’", "'")
        syls = syllabify(w, _korean_syllable, long_first=True) if "'" not in w else [w]
        if syls is None or syls == [w] and _korean_syllable(w) is None:
            out.append(part)
            continue
        conv = [_korean_syllable(s) or s for s in syls]
        out.append(_capitalise("".join(conv)) if join else " ".join(_capitalise(c) for c in conv))
    return " ".join(out)


def to_russian(name: str, lang: str, type: str = "person") -> str:
    """A Russian spelling of an English-script name from ``lang`` (``zh`` or ``ko``)."""
    if lang == "zh":
        return pinyin_to_palladius(wade_giles_to_pinyin(name) if looks_wade_giles(name) else name)
    if lang == "ko":
        return korean_to_russian(name, join=type != "person")
    return name
