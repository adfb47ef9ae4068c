"""The name gazetteer (resource ``gazetteer``): people, places and organisations with every
Russian case form and their English spellings.

The data is ``dictionaries/gazetteer.tsv`` (and any ``dictionaries/gazetteer_*.tsv`` with the
same columns).  At load every Russian form of every entity is expanded by
:mod:`pipeline.inflect` into its six case forms and the typist's spelling variants (capitals,
hyphens), each a :class:`Form` labelled with case and style.

What other stages use:

- :func:`is_known_name` — is a single token part of a correctly written name (any case form,
  case-insensitive)?  The detect stage does not flag such tokens.
- :func:`lookup` — the forms a text is exactly (up to letter case, ё/е and hyphen/space).
- :func:`entities_for_english` — entities an English spelling names (pinyin, Wade–Giles,
  McCune–Reischauer, period and Japanese-era spellings).
- :func:`russian_forms` — the Russian forms of an entity, optionally of one case or style.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .resources import dictionaries_dir, read_table
from .stages import get_resource, resource

COLUMNS = ("id", "type", "lang", "gender", "ru", "en", "source")
_SEP = re.compile(r"[\s\-‐‑–]+")


@dataclass(frozen=True)
class Entity:
    id: str
    type: str  # person | place | org
    lang: str
    gender: str
    ru: tuple[str, ...]
    en: tuple[str, ...]
    source: str

    @property
    def name(self) -> str:
        return self.ru[0]

    def describe(self) -> str:
        return f"{self.ru[0]} ({self.en[0] if self.en else self.id}, {self.type})"


@dataclass(frozen=True)
class Form:
    text: str
    entity: str  # entity id
    base: str  # the gazetteer form it was generated from
    case: str  # nomn gent datv accs ablt loct
    style: str  # as-written, caps, merged, hyphen-all, ...


#: the typewriter's hard sign: a straight double quote where ъ stands, after a consonant and
#: before е, ё, ю or я (Об"единенных; elsewhere a " inside a word is junk)
_HARD_SIGN = re.compile(r'(?<=[бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ])"(?=[еёюяЕЁЮЯ])')


def name_key(text: str) -> str:
    """Comparison key of a Russian name: capitals, ё → е, the typewriter's " between letters as
    ъ, hyphens and spaces as one space."""
    return _SEP.sub(" ", _HARD_SIGN.sub("Ъ", text.strip()).upper().replace("Ё", "Е"))


#: languages whose names period cables spelled with е or э alike (Чэнь Юнь, Чень Юнь); a
#: Russian or English name with э for е (КОНЭВ, АЧЕСОНЭ) is misread
VARIANT_LANGS = frozenset({"zh", "ko", "ja", "vi", "mn"})


def _variant_word(w: str) -> str:
    """A lower-case name word with е for э, but in the last letter of a word of four letters
    or more (a Russian case ending: ЖЭНЭ is no form of Жэнь; НЭ, ЦЗЭ are syllables)."""
    return w[:-1].replace("э", "е") + w[-1:] if len(w) >= 4 else w.replace("э", "е")


#: languages whose names the period wrote with э or е alike either way (Не Жун-чжэнь, НЭ
#: ЖУН-ЧЖЭНЬ; Цзэ-дун, ЦЗЕ-ДУН); of the others' names only an е for the gazetteer's э is a
#: spelling (ШЕНЬЯН), an э for its е a misread letter (Сэул, Пхэньян, Ким Ир Сэн)
E_FOR_E_LANGS = frozenset({"zh"})


def _either_e(word: str, lang: str) -> bool:
    """May the gazetteer's ``word`` (small letters) of a name in ``lang`` be written with э
    where it has е: a Chinese name's Palladius syllables (Не, Цзэ-дун; not Пекин, Мукден)?"""
    from .translit import palladius_word
    return lang in E_FOR_E_LANGS and all(palladius_word(p) for p in word.split("-") if p)


def _has_e_for_e(written: str, form: str) -> bool:
    """Does ``written`` have э where the gazetteer's ``form`` (same length) has е?"""
    return any(a in "эЭ" and b in "еЕ" for a, b in zip(written, form))


def variant_key(text: str) -> str:
    """:func:`name_key` with э as е: spellings of one name that period cables used alike."""
    return name_key(text).replace("Э", "Е")


def english_key(text: str) -> str:
    """Comparison key of an English name: lower-case ASCII letters only (``Chou En-lai`` →
    ``chouenlai``; ``SUNG's`` → ``sung``)."""
    text = re.sub(r"['’]s\b", "", text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if "a" <= c <= "z")


def revised_loose(key: str) -> str:
    """An :func:`english_key` with the vowels the Revised Romanization of Korean writes with two
    letters where McCune–Reischauer (without its breves) writes one: ``eo``, ``eu`` → ``o``, ``u``
    (Choe Yong-geon, Choe Yong-gon)."""
    return key.replace("eo", "o").replace("eu", "u")


@dataclass
class Gazetteer:
    entities: dict[str, Entity]
    forms: list[Form]
    by_key: dict[str, list[Form]] = field(default_factory=dict)
    tokens: set[str] = field(default_factory=set)
    by_english: dict[str, list[str]] = field(default_factory=dict)
    checksum: str = ""
    malformed: int = 0

    def __post_init__(self) -> None:
        self.by_variant: dict[str, list[Form]] = {}
        #: words of Asian names by their :func:`_variant_word` (е for э but in the ending)
        self.variant_words: dict[str, set[str]] = {}
        #: those of them that may also be written with э where the gazetteer has е (НЭ ЖУН-ЧЖЭНЬ
        #: for Не Жун-чжэнь, :func:`_either_e`); the others only with е for э (a typewriter's е:
        #: ШЕНЬЯН for Шэньян), never э for е (Сэул, Пэкина: a misread е)
        self.variant_tokens_e_to_e: set[str] = set()
        #: words of people's names (КИМ, МАО), which stand for the name alone, unlike a word
        #: of a place's or organisation's name of several words (ССР of Союз ССР)
        self.person_tokens: set[str] = set()
        people = {e.id for e in self.entities.values() if e.type == "person"}
        for f in self.forms:
            self.by_key.setdefault(name_key(f.text), []).append(f)
            if self.entities[f.entity].lang in VARIANT_LANGS:
                self.by_variant.setdefault(variant_key(f.text), []).append(f)
            if f.entity in people:
                self.person_tokens.update(t.lower().replace("ё", "е") for t in re.split(r"[\s-]+", f.text) if t)
            variant = self.entities[f.entity].lang in VARIANT_LANGS
            for tok in f.text.split():
                w = tok.lower().replace("ё", "е")
                self.tokens.add(w)
                if variant and len(w) >= 2:  # not е: a lone letter is a word too
                    self.variant_words.setdefault(_variant_word(w), set()).add(w)
                    if _either_e(w, self.entities[f.entity].lang):
                        self.variant_tokens_e_to_e.add(w)
        for e in self.entities.values():
            for en in e.en:
                k = english_key(en)
                if k and e.id not in self.by_english.setdefault(k, []):
                    self.by_english[k].append(e.id)
        self.keys = list(self.by_key)  # for fuzzy shortlists (rapidfuzz)

    # -- queries -----------------------------------------------------------------------
    def stands_alone(self, word: str) -> bool:
        """Is ``word`` a whole name (Москва, КНДР) or a word of a person's name (МАО)?"""
        return bool(self.lookup(word)) or word.strip().lower().replace("ё", "е") in self.person_tokens

    def is_known_name(self, token: str) -> bool:
        t = _HARD_SIGN.sub("ъ", token.strip()).lower().replace("ё", "е")
        if t in self.tokens or len(t) < 2:
            return t in self.tokens
        # a word written with е where the gazetteer has э (ШЕНЬЯН); with э where it has е only
        # in a Chinese name's syllables (НЭ of Не Жун-чжэнь; not Сэул, Пэкина)
        return any(not _has_e_for_e(t, w) or w in self.variant_tokens_e_to_e
                   for w in self.variant_words.get(_variant_word(t), ()))

    def lookup(self, text: str) -> list[Form]:
        """Gazetteer forms written as ``text``; failing that, forms that differ from it only in
        е for э (НЭ ЖУН-ЧЖЭНЬ for Не Жун-чжэнь, ЦЗЕ-ДУН for Цзэ-дун: period cables wrote
        either), which are the same name correctly spelled."""
        exact = self.by_key.get(name_key(text))
        if exact:
            return list(exact)
        # е for э, but not in the ending, which is Russian (ЛИ ЦЗУН-ЖЭНЭ is no form of Жэнь); but
        # the е of a last syllable of three letters or fewer that the name writes э is no ending
        # (ПЕН ЕН ТХЕ: Тхэ; Пак Чан Окэ is no Оке)
        key = name_key(text)
        last, short = key[-1:], len(key.replace("-", " ").split(" ")[-1]) <= 3
        return [f for f in self.by_variant.get(variant_key(text), [])
                if (name_key(f.text)[-1:] == last or short and last == "Е" and name_key(f.text)[-1:] == "Э")
                and not any(_has_e_for_e(a, b) and not _either_e(b.lower(), self.entities[f.entity].lang)
                            for a, b in zip(re.split(r"[\s-]+", key), re.split(r"[\s-]+", name_key(f.text))))]

    def entities_for_english(self, name: str) -> list[Entity]:
        cache = self.__dict__.setdefault("_english_cache", {})  # translations repeat their names
        ids = cache.get(name)
        if ids is None:
            if len(cache) > 100000:
                cache.clear()
            ids = cache[name] = self._english_ids(name)
        return [self.entities[i] for i in ids]

    def _english_ids(self, name: str) -> tuple[str, ...]:
        key = english_key(name)
        ids = tuple(self.by_english.get(key, ()))
        if not ids and key:
            try:
                from .translit import wade_giles_to_pinyin  # names written in Wade–Giles
            except ImportError:  # pragma: no cover
                return ()
            ids = tuple(self.by_english.get(english_key(wade_giles_to_pinyin(name)), ()))
        if not ids and key:  # a Korean name in the Revised Romanization (Choe Yong-geon, Yun Kong-heum)
            loose = self.__dict__.get("_by_english_loose")
            if loose is None:
                loose = self.__dict__["_by_english_loose"] = {}
                for k, eids in self.by_english.items():
                    for eid in eids:
                        if eid not in loose.setdefault(revised_loose(k), []):
                            loose[revised_loose(k)].append(eid)
            ids = tuple(loose.get(revised_loose(key), ()))
        return ids

    def russian_forms(self, entity: Entity | str, case: str | None = None,
                      style: str | None = None) -> list[str]:
        eid = entity if isinstance(entity, str) else entity.id
        out: list[str] = []
        for f in self.forms_of(eid):
            if (case is None or f.case == case) and (style is None or f.style == style) and f.text not in out:
                out.append(f.text)
        return out

    def forms_of(self, entity_id: str) -> list[Form]:
        if not hasattr(self, "_by_entity"):
            idx: dict[str, list[Form]] = {}
            for f in self.forms:
                idx.setdefault(f.entity, []).append(f)
            self._by_entity = idx
        return self._by_entity.get(entity_id, [])


def gazetteer_files(folder: Path | None = None) -> list[Path]:
    folder = folder or dictionaries_dir()
    return [folder / "gazetteer.tsv"] + sorted(p for p in folder.glob("gazetteer_*.tsv"))


def parse_entities(rows: list[dict[str, str]]) -> list[Entity]:
    out = []
    for r in rows:
        ru = tuple(x.strip() for x in r["ru"].split("|") if x.strip())
        en = tuple(x.strip() for x in r["en"].split("|") if x.strip())
        out.append(Entity(r["id"], r["type"], r["lang"], r.get("gender", "-"), ru, en, r["source"]))
    return out


def build(entities: list[Entity]) -> list[Form]:
    """Every case form in every style of every Russian form of ``entities``."""
    from .inflect import all_forms, chinese_soft_place, feminine_place
    forms: list[Form] = []
    for e in entities:
        seen: set[tuple[str, str]] = set()
        for base in e.ru:
            # (gender, whether its forms are only accepted): в Фушуне and в Фушуни — pymorphy3's
            # dictionary knows the place feminine too; those forms are correct, but a fix writes
            # the gazetteer's own (style "feminine", which no window matches)
            genders = [(g, False) for g in e.gender.split("|")]
            if e.type == "place" and "f" not in e.gender.split("|") and (
                    feminine_place(base) or e.lang == "zh" and chinese_soft_place(base)):
                genders.append(("f", True))
            for g, accepted in genders:
                for text, case, style in all_forms(base, type=e.type, lang=e.lang, gender=g):
                    if (text, case) not in seen:
                        seen.add((text, case))
                        if accepted:
                            style = "feminine" if style == "as-written" else f"{style}+feminine"
                        forms.append(Form(text, e.id, base, case, style))
    return forms


def load_gazetteer(paths: list[Path] | None = None) -> Gazetteer:
    entities: dict[str, Entity] = {}
    checksums, malformed = [], 0
    for path in paths or gazetteer_files():
        table = read_table(path, COLUMNS)
        checksums.append(table.checksum)
        malformed += len(table.malformed)
        for e in parse_entities(table.rows):
            entities[e.id] = e
    return Gazetteer(entities, build(list(entities.values())), checksum="-".join(checksums),
                     malformed=malformed)


@resource("gazetteer")
def _load() -> Gazetteer:
    return load_gazetteer()


def gazetteer() -> Gazetteer:
    return get_resource("gazetteer")


def is_known_name(token: str) -> bool:
    """True when ``token`` (one word, any letter case) is part of a correctly written name."""
    return gazetteer().is_known_name(token)


def lookup(text: str) -> list[Form]:
    return gazetteer().lookup(text)


def entities_for_english(name: str) -> list[Entity]:
    """Entities an English spelling names: ``"Chou En-lai"``, ``"KIM IL SUNG's"``, ``"GENZAN"``."""
    return gazetteer().entities_for_english(name)


def russian_forms(entity: Entity | str, case: str | None = None, style: str | None = None) -> list[str]:
    """Russian forms of ``entity`` (an :class:`Entity` or its id), of one case (``"gent"``) and/or
    one style (``"caps"``) if given."""
    return gazetteer().russian_forms(entity, case, style)
