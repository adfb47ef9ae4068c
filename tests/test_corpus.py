"""The labelled corpus in ``samples/texts``: clean Russian texts with English translations.

Each text ``NN-slug`` has ``NN-slug.ru.txt`` (the true Russian), ``NN-slug.en.txt`` (its
English translation) and ``NN-slug.align.tsv`` (one row per Russian sentence: the index of
the English sentence it corresponds to, ``-1`` when it has none).  Sentence indices are
defined by :func:`ru_sentences` and :func:`en_sentences` below, so they are reproducible:
each non-empty line (a paragraph or a header line) is split on its own, the Russian with
``razdel.sentenize``, the English with a regular expression that knows a few abbreviations.

Run ``python tests/test_corpus.py draft NN-slug [--ru-only K,L]`` to print a draft
``align.tsv`` that pairs the lines of the two files in order (Russian lines K, L have no
English counterpart; English lines that are translator's notes in brackets are skipped).
"""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEXTS = SAMPLES / "texts"
ALIGN_COLUMNS = ["ru_sentence_index", "en_sentence_index", "ru_sentence", "en_sentence"]

# --- sentence splitting (defines the indices in *.align.tsv) ---------------------------------

_EN_ABBREV = {"cde", "cdes", "no", "nos", "mr", "messrs", "gen", "lt", "col", "maj", "adm",
              "st", "dr", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "art", "p", "pp",
              "vs", "ca", "cf"}
_EN_BREAK = re.compile(r'[.!?]["\u201d\u2019)\]]*\s+(?=["\u201c(\[]?[A-Z0-9])')
_LIST_MARKER = re.compile(r"^\s*(?:\d+|[a-z])[.)]$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]\.?$")


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a text, stripped."""
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def ru_line_sentences(line: str) -> list[str]:
    from razdel import sentenize
    return [s.text for s in sentenize(line)]


def en_line_sentences(line: str) -> list[str]:
    """Split one English line after . ! ? followed by a capital or digit, except after
    abbreviations (Cde., No.), initials (I.V.) and list markers at the start ("1.", "a)")."""
    out, start = [], 0
    for m in _EN_BREAK.finditer(line):
        end = m.start() + len(m.group().rstrip())
        sentence = line[start:end].strip()
        last = sentence.split()[-1] if sentence.split() else ""
        word = last.rstrip('.!?"\u201d\u2019)]').lstrip('"\u201c([')
        if m.group()[0] == "." and (word.lower() in _EN_ABBREV or _INITIALS.match(word + ".")
                                    or _LIST_MARKER.match(sentence)):
            continue
        out.append(sentence)
        start = end
    rest = line[start:].strip()
    if rest:
        out.append(rest)
    return out


def ru_sentences(text: str) -> list[str]:
    return [s for ln in text_lines(text) for s in ru_line_sentences(ln)]


def en_sentences(text: str) -> list[str]:
    return [s for ln in text_lines(text) for s in en_line_sentences(ln)]


def is_note(line: str) -> bool:
    """An English line that is a translator's or archivist's note: ``[...]``."""
    return line.startswith("[") and line.endswith("]")


# --- reading the corpus -----------------------------------------------------------------------

def number(name: str) -> int:
    """The number a text's name starts with (``07-volunteers-decision`` → 7, ``100-…`` → 100)."""
    return int(name.split("-", 1)[0])


def corpus_names() -> list[str]:
    return sorted((p.name[: -len(".ru.txt")] for p in TEXTS.glob("*.ru.txt")), key=number)


def read_align(path: Path) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8")), delimiter="\t"))
    header, body = rows[0], rows[1:]
    assert header == ALIGN_COLUMNS, f"{path.name}: header {header}"
    return [dict(zip(header, r)) for r in body]


def read_split() -> dict[str, str]:
    rows = list(csv.reader(io.StringIO((SAMPLES / "split.tsv").read_text("utf-8")), delimiter="\t"))
    rows = [r for r in rows if r and not r[0].startswith("#")]
    header = rows[0]
    return {dict(zip(header, r))["text"]: dict(zip(header, r))["split"] for r in rows[1:]}


NAMES = corpus_names()


# --- tests --------------------------------------------------------------------------------------

def test_numbered_texts_01_to_14_at_least():
    assert [number(n) for n in NAMES] == list(range(1, len(NAMES) + 1))
    assert len(NAMES) >= 14
    for n in NAMES:
        assert re.fullmatch(r"(?:\d\d|[1-9]\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*", n), n


@pytest.mark.parametrize("name", NAMES)
def test_each_text_has_translation_and_alignment(name):
    for suffix in (".ru.txt", ".en.txt", ".align.tsv"):
        p = TEXTS / f"{name}{suffix}"
        assert p.exists(), p
        p.read_bytes().decode("utf-8")  # plain UTF-8
        assert not p.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("name", NAMES)
def test_russian_is_clean_period_cyrillic(name):
    text = (TEXTS / f"{name}.ru.txt").read_text("utf-8")
    assert 1200 <= len(text) <= 5000, len(text)  # (long ones: records of conversation, as the archive seeds)
    assert not re.search(r"[A-Za-z]", text), re.findall(r"\S*[A-Za-z]\S*", text)
    assert "ё" not in text and "Ё" not in text  # typescripts of the period have no ё
    assert "ъ" not in text, 'period typescripts write " for the hard sign (об"явить)'
    letters = [c for c in text if c.isalpha()]
    assert all("\u0400" <= c <= "\u04ff" for c in letters)
    assert "\t" not in text and "\r" not in text


@pytest.mark.parametrize("name", NAMES)
def test_english_is_latin(name):
    text = (TEXTS / f"{name}.en.txt").read_text("utf-8")
    assert not re.search(r"[\u0400-\u04ff]", text)
    assert len(en_sentences(text)) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_alignment_rows_match_the_files(name):
    ru = ru_sentences((TEXTS / f"{name}.ru.txt").read_text("utf-8"))
    en = en_sentences((TEXTS / f"{name}.en.txt").read_text("utf-8"))
    rows = read_align(TEXTS / f"{name}.align.tsv")
    assert [int(r["ru_sentence_index"]) for r in rows] == list(range(len(ru)))
    seen = []
    for r in rows:
        i, j = int(r["ru_sentence_index"]), int(r["en_sentence_index"])
        assert r["ru_sentence"] == ru[i]
        if j == -1:
            assert r["en_sentence"] == ""
        else:
            assert 0 <= j < len(en) and r["en_sentence"] == en[j], (i, j)
            seen.append(j)
    assert seen == sorted(set(seen)), "English sentences are used once, in order"
    assert len(seen) >= 0.9 * len(rows), "most Russian sentences have a counterpart"
    # numbers agree between aligned sentences (digits as written, separators aside)
    for r in rows:
        if r["en_sentence"]:
            ru_nums = sorted(re.sub(r"[.,]", "", n) for n in re.findall(r"\d[\d.,]*\d|\d", r["ru_sentence"]))
            en_nums = sorted(re.sub(r"[.,]", "", n) for n in re.findall(r"\d[\d.,]*\d|\d", r["en_sentence"]))
            assert set(ru_nums) <= set(en_nums), (r["ru_sentence"], r["en_sentence"])


def test_split_covers_every_text():
    split = read_split()
    for n in NAMES:
        assert n in split, f"{n} missing from samples/split.tsv"
        assert split[n] in ("train", "test"), n
        if number(n) <= 14:  # the first fourteen: 01-09 train, 10-14 held out
            assert split[n] == ("train" if number(n) <= 9 else "test"), n


def test_test_texts_carry_their_batch():
    """Test texts name their batch (1: the first seven held out, 2: those added later), so that
    benchmarks can report the first seven apart; training texts name none."""
    from pipeline.labelled import labelled_texts
    texts = labelled_texts()
    batches = {t.name: t.batch for t in texts}
    assert {t.batch for t in texts if t.split == "train"} == {""}
    assert {t.batch for t in texts if t.split == "test"} == {"1", "2"}
    assert sum(b == "1" for b in batches.values()) == 7  # seeds 003, 004 and texts 10-14
    assert batches["10-kaesong-talks"] == "1" and batches["seed-004"] == "1"
    assert all(batches[n] == "2" for n in NAMES if 125 <= number(n) <= 142)


def test_english_splitter_keeps_abbreviations_and_list_markers():
    line = 'Cde. Kim Il Sung met Cdes. Pak Heon-yeong and I.V. Stalin on 5 Oct. 1950. He agreed. 2. Next'
    assert en_line_sentences(line) == [
        "Cde. Kim Il Sung met Cdes. Pak Heon-yeong and I.V. Stalin on 5 Oct. 1950.",
        "He agreed.", "2. Next"]
    assert en_line_sentences("1. The army has 6 divisions.") == ["1. The army has 6 divisions."]
    assert en_line_sentences('He said: "We are ready." Then he left.') == [
        'He said: "We are ready."', "Then he left."]


def test_russian_splitter_on_cable_conventions():
    assert ru_line_sentences("1. Направить 26 бригаду. 2. Доложить.") == ["1. Направить 26 бригаду.", "2. Доложить."]
    assert ru_line_sentences("Беседа с т. КИМ ИР СЕНОМ 18 сентября 1950 г. в Пхеньяне.") == [
        "Беседа с т. КИМ ИР СЕНОМ 18 сентября 1950 г. в Пхеньяне."]


# --- drafting an alignment --------------------------------------------------------------------

def draft_alignment(name: str, ru_only: set[int] = frozenset()) -> str:
    """A draft align.tsv pairing lines in order; raises when a line pair differs in its number
    of sentences (then the texts, not the alignment, need fixing)."""
    ru_lines = text_lines((TEXTS / f"{name}.ru.txt").read_text("utf-8"))
    en_lines = text_lines((TEXTS / f"{name}.en.txt").read_text("utf-8"))
    en_idx, j = [], 0
    for ln in en_lines:
        sents = en_line_sentences(ln)
        if not is_note(ln):
            en_idx.append((ln, list(range(j, j + len(sents))), sents))
        j += len(sents)
    pairs, k, i = [], 0, 0
    for li, ln in enumerate(ru_lines):
        sents = ru_line_sentences(ln)
        if li in ru_only:
            pairs += [(i + n, -1, s, "") for n, s in enumerate(sents)]
        else:
            if k >= len(en_idx):
                raise SystemExit(f"{name}: Russian line {li} has no English line: {ln}")
            eln, ej, es = en_idx[k]
            k += 1
            if len(es) != len(sents):
                raise SystemExit(f"{name}: line {li}: {len(sents)} ru vs {len(es)} en sentences\n"
                                 f"  RU: {sents}\n  EN: {es}")
            pairs += [(i + n, ej[n], s, es[n]) for n, s in enumerate(sents)]
        i += len(sents)
    if k != len(en_idx):
        raise SystemExit(f"{name}: {len(en_idx) - k} English lines left over: {en_idx[k][0]}")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(ALIGN_COLUMNS)
    w.writerows(pairs)
    return buf.getvalue()


if __name__ == "__main__":  # python tests/test_corpus.py draft NAME [--ru-only 3,4]
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "draft":
        only = set()
        if "--ru-only" in args:
            only = {int(x) for x in args[args.index("--ru-only") + 1].split(",")}
        sys.stdout.write(draft_alignment(args[1], only))
    else:
        sys.exit(__doc__)
