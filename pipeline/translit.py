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
def palladius_syllables() -> frozenset[str]:
    """Every Russian syllable the Palladius table can write (initials × finals, and the
    syllables without an initial), in small letters: a superset, for telling a Chinese word
    (Чанчунь = чан·чунь) from another (Формоза)."""
    t = palladius()
    finals = {v for k in ("final", "final_jqx", "final_retro") for v in t.get(k, {}).values()}
    out = {i + f for i in set(t.get("initial", {}).values()) | {""} for f in finals}
    out |= set(t.get("syllable", {}).values())
    return frozenset(x.lower().replace("ё", "е") for x in out if x)


def palladius_word(word: str) -> bool:
    """Can ``word`` (hyphens and spaces between its parts) be read as Palladius syllables?"""
    sylls = palladius_syllables()
    longest = max(map(len, sylls), default=0)
    for part in re.split(r"[-\s]+", word.lower().replace("ё", "е")):
        if not part:
            continue
        ok = [True] + [False] * len(part)
        for i in range(len(part)):
            if ok[i]:
                for n in range(1, min(longest, len(part) - i) + 1):
                    if part[i:i + n] in sylls:
                        ok[i + n] = True
        if not ok[-1]:
            return False
    return True


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


#: Russian spellings of Korean syllables that period documents used beside the table's (a final
#: l written л or ль, as in Ким Ик Рель, Ким Дал Сам; ц for ch in Цой)
KOREAN_EXTRA_INITIALS = ("ц", "дж")
KOREAN_EXTRA_FINALS = ("л", "ль", "нг")


@lru_cache(maxsize=1)
def korean_russian_syllables() -> frozenset[str]:
    """Every Russian syllable the Korean table can write (initials, voiced initials and
    :data:`KOREAN_EXTRA_INITIALS` × vowels × finals and :data:`KOREAN_EXTRA_FINALS`), in
    small letters: a superset, for telling a word that reads as Korean name syllables."""
    parts = korean_parts()
    inits = set(parts.get("initial", {}).values()) | set(parts.get("voiced", {}).values()) | {""}
    inits |= set(KOREAN_EXTRA_INITIALS)
    vowels = set(parts.get("vowel", {}).values()) | {"о"}
    finals = set(parts.get("final", {}).values()) | set(KOREAN_EXTRA_FINALS) | {""}
    return frozenset((i + v + f).replace("ё", "е") for i in inits for v in vowels for f in finals)


#: Russian case endings a name's last word may carry (СЕНОМ, РЕЛЕМ, ДУНУ)
_NAME_ENDINGS = ("ом", "ем", "ой", "ым", "а", "у", "е", "ы", "ю", "я")


def _splits(word: str, sylls: frozenset[str], most: int) -> bool:
    """Can ``word`` be split into at most ``most`` syllables of ``sylls``?"""
    if not word:
        return True
    if most == 0:
        return False
    return any(word[:n] in sylls and _splits(word[n:], sylls, most - 1) for n in range(len(word), 0, -1))


@lru_cache(maxsize=1)
def _chinese_korean_syllables() -> frozenset[str]:
    return korean_russian_syllables() | palladius_syllables()


@lru_cache(maxsize=1)
def _japanese_syllables() -> frozenset[str]:
    return frozenset(v.lower() for v in polivanov().values() if v)


def _reads_as(word: str, sylls: frozenset[str], most: int, restored: tuple[str, ...] = ("",)) -> bool:
    """Does every hyphen- or space-separated part of ``word`` split into at most ``most``
    syllables of ``sylls``, the last part perhaps once a Russian case ending is taken off (and
    one of ``restored`` put back: the а of Мацукава in Мацукавы)?"""
    parts = [p for p in re.split(r"[-\s]+", word.lower().replace("ё", "е")) if p]
    if not parts or not all(p.isalpha() for p in parts):
        return False
    for k, p in enumerate(parts):
        stems = [p] + ([p[:-len(e)] + a for e in _NAME_ENDINGS if p.endswith(e) and len(p) > len(e) + 1
                        for a in restored] if k == len(parts) - 1 else [])
        if not any(_splits(x, sylls, most) for x in stems):
            return False
    return True


def name_syllables_word(word: str) -> bool:
    """Does ``word`` read as syllables of a Chinese or Korean name: each hyphen- or space-
    separated part one or two Palladius or Korean syllables, the last part perhaps with a
    Russian case ending (ЧЖИ-ЮЭ, ДАЛ, РЕЛЕМ, Эньлай; not ЦВР-ДВН, ЛЕПАЖ, Дапее)?"""
    return _reads_as(word, _chinese_korean_syllables(), 2)


def foreign_name_word(word: str) -> bool:
    """Does ``word`` read as a Chinese or Korean name's syllables
    (:func:`name_syllables_word`) or, every part of it, as Japanese syllables in Polivanov's
    spelling, the last part perhaps with a Russian case ending (Мацукавы, СИМОЯМА)?  A word
    the lexicon lacks that reads so is more likely a correct name than a misread word."""
    return name_syllables_word(word) or _reads_as(word, _japanese_syllables(), 6, ("", "а"))


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


_VOWEL_START = tuple("aeiouŏŭōūü")


def syllabify(word: str, convert=pinyin_syllable, long_first: bool = False) -> list[str] | None:
    """Split a lower-case romanised word into the fewest syllables ``convert`` accepts.  Among
    those, a consonant between vowels opens the next syllable rather than closing this one
    (Tae-gu, Han-gang, not Taeg-u, Hang-ang).  Remaining ties: pinyin gives the consonant to
    the next syllable (``jinan`` = ji-nan; an apostrophe would mark jin'an); Korean
    (``long_first``) keeps it in the first (pyong-yang, where y is a glide opening yang)."""
    n = len(word)
    best: list[tuple[list[str], int] | None] = [None] * (n + 1)
    best[0] = ([], 0)
    for i in range(n):
        if best[i] is None:
            continue
        prev, bare = best[i]
        for j in range(i + 1, min(n, i + 6) + 1):
            if convert(word[i:j]) is None:
                continue
            cand = prev + [word[i:j]]
            # a syllable without an onset right after one that ends in a consonant
            cand_bare = bare + (bool(prev) and word[i:j].startswith(_VOWEL_START)
                                and not prev[-1].endswith(_VOWEL_START + ("y", "w")))
            old = best[j]
            if old is None or (len(cand), cand_bare) < (len(old[0]), old[1]) or (
                    (len(cand), cand_bare) == (len(old[0]), old[1])
                    and ([len(x) for x in cand] > [len(x) for x in old[0]]) == long_first
                    and [len(x) for x in cand] != [len(x) for x in old[0]]):
                best[j] = (cand, cand_bare)
    return best[n][0] if best[n] is not None else None


@lru_cache(maxsize=20_000)
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


@lru_cache(maxsize=20_000)
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


def _korean_syllable(syl: str, voiced: bool = False) -> str | None:
    """One romanised Korean syllable in Russian, or None (``voiced``: a plain k, t or p that
    Korean pronounces voiced here, after a vowel or sonorant: г, д, б; the table's ``voiced``
    rows say which initials change)."""
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
            if voiced:
                head = parts.get("voiced", {}).get(ini, head)
            v = parts["vowel"][vow]
            if not head and vow in ("ŏ", "eo"):
                v = "о"  # a syllable-initial ŏ is о (Ок), after a consonant е (Хен)
            return head + v + (parts["final"][fin] if fin else "")
    return None


#: romanised letters after which a plain consonant is voiced (vowels and sonorants)
_VOICING = set("aeiouŏŭyw") | {"n", "m", "l", "r", "g"}


def _syllables(word: str) -> list[str] | None:
    """A romanised word split into syllables.  An apostrophe marks aspiration (p'yŏng) or, in
    McCune–Reischauer, a syllable boundary (han'guk): the first reading that splits wins."""
    syls = syllabify(word, _korean_syllable, long_first=True)
    if syls is None and "'" in word:
        pieces = [syllabify(p, _korean_syllable, long_first=True) for p in word.split("'") if p]
        syls = None if any(p is None for p in pieces) else [x for p in pieces for x in p]
    return syls or None  # an apostrophe alone has no syllables


def korean_to_russian(text: str, join: bool = False) -> str:
    """``Pak Hon-yong`` → ``Пак Хен Ен``; ``Kim Tu-bong`` → ``Ким Ду Бон``: syllables separated by
    spaces, as cables of 1950 wrote Korean names (``join``: one word, for place names such as
    ``P'yŏngyang`` → ``Пхеньян``).

    Rules of the Kontsevich transcription that the romanisation does not show: a surname has
    its established Russian form (Yi, Ri, Lee → Ли); in a person's name the given name's first
    consonant is voiced after a surname ending in a vowel or sonorant (McCune–Reischauer
    writes it plain: Kim Tu-bong, Ким Ду Бон); inside a place name, j after a vowel or sonorant
    is дж (Haeju → Хэджу), l is ль before a consonant, л at the end and р between vowels, and
    н before a y-vowel takes a soft sign (Пхеньян)."""
    parts = korean_parts()
    text = unicodedata.normalize("NFC", text)
    out = []
    prev_end = ""  # the romanised letter the previous syllable ended with
    for k, part in enumerate(p for p in re.split(r"[\s\-]+", text.strip()) if p):
        w = part.lower().replace("’", "'")
        if not join and k == 0 and w.replace("'", "") in parts.get("surname", {}):
            out.append(_capitalise(parts["surname"][w.replace("'", "")]))
            prev_end = w[-1]
            continue
        syls = _syllables(w)
        if syls is None:
            out.append(part)
            prev_end = ""
            continue
        conv = []
        for i, syl in enumerate(syls):
            # the given name's first consonant after the surname (persons); McCune–Reischauer
            # shows voicing inside a word itself
            voiced = not join and k == 1 and i == 0 and prev_end in _VOICING
            r = _korean_syllable(syl, voiced) or syl
            if join and i > 0:
                before = syls[i - 1]
                if syl.startswith("j") and before[-1:] in _VOICING:
                    r = "дж" + r[len(parts["initial"].get("j", "")):]
                if before.endswith("l") and conv[-1].endswith("р"):
                    if syl.startswith(("l", "r")) and r[:1] in "рл":
                        conv[-1] = conv[-1][:-1] + "л"  # ll is a long л: Chŏlla → Чолла
                        r = "л" + r[1:]
                    else:
                        conv[-1] = conv[-1][:-1] + ("ль" if syl[0] not in "aeiouŏŭy" else "р")
                if before.endswith("ng") and syl[:1] == "y" and conv[-1].endswith("н"):
                    conv[-1] += "ь"
            conv.append(r)
        if join and syls[-1].endswith("l") and conv[-1].endswith("р"):
            conv[-1] = conv[-1][:-1] + "л"
        prev_end = syls[-1][-1]
        out.append(_capitalise("".join(conv)) if join else " ".join(_capitalise(c) for c in conv))
    return " ".join(out)


@lru_cache(maxsize=1)
def polivanov() -> dict[str, str]:
    return {r["hepburn"]: r["russian"] for r in read_table("translit_polivanov.tsv", ("hepburn", "russian", "source")).rows}


#: spellings a Korean romanisation does not use but a Japanese (Hepburn) reading does
_JAPANESE_MARKS = re.compile(r"ts|z|ō|ū|ei|iu|sh[aeou]")


def looks_japanese(word: str) -> bool:
    """A Japanese-era reading of a Korean place (Genzan, Heijō, Kaishū), not a Korean
    romanisation: it splits into Hepburn syllables and has a spelling Korean does not use.
    ``shi`` is not such a spelling (McCune–Reischauer writes Shinŭiju), ``sha``, ``shu``,
    ``sho`` are (Korean writes sya, syu, syo)."""
    w = unicodedata.normalize("NFC", word).lower()
    return bool(_JAPANESE_MARKS.search(w)) and syllabify(w, polivanov().get) is not None


def japanese_to_russian(text: str) -> str:
    """``Genzan`` → ``Гэндзан``, ``Heijō`` → ``Хэйдзё`` (Polivanov; a long vowel written once,
    an i after a vowel й)."""
    out = []
    for part in re.split(r"[\s\-]+", text.strip()):
        syls = syllabify(part.lower(), polivanov().get)
        if not syls:
            out.append(part)
            continue
        conv = []
        for i, syl in enumerate(syls):
            r = polivanov()[syl]
            if syl == "i" and i > 0 and syls[i - 1][-1] in "aeouōū":
                r = "й"  # Heijō → Хэйдзё; but ii stays ии (Niigata → Ниигата)
            conv.append(r)
        out.append(_capitalise("".join(conv)))
    return " ".join(out)


def japanese_reading(name: str, type: str = "place") -> bool:
    """Is ``name`` the Japanese-era reading of a Korean place (every word of it, hyphens
    splitting words as spaces do)?  Persons are never read so."""
    words = [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFC", name)) if w]
    return type != "person" and bool(words) and all(looks_japanese(w) for w in words)


@lru_cache(maxsize=20_000)
def to_russian(name: str, lang: str, type: str = "person") -> str:
    """A Russian spelling of an English-script name from ``lang`` (``zh`` or ``ko``)."""
    name = unicodedata.normalize("NFC", name)
    if lang == "zh":
        return pinyin_to_palladius(wade_giles_to_pinyin(name) if looks_wade_giles(name) else name)
    if lang == "ko":
        if japanese_reading(name, type):
            return japanese_to_russian(name)
        return korean_to_russian(name, join=type != "person")
    return name
