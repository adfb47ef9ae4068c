"""Sentence alignment of the Russian OCR with the English translation."""
from __future__ import annotations

import pytest

from pipeline.align import align_texts, read_labels, score_alignment, segment_text
from pipeline.bundle import read_bundle


def test_segments_keep_offsets_and_join_abbreviations():
    en = "Of course, added Cde. Mao Zedong, we would go.\n\nMoscow\nMINISTRY OF FOREIGN AFFAIRS\nto Cde. GROMYKO"
    segs = segment_text(en, "en")
    assert [s.text for s in segs] == ["Of course, added Cde. Mao Zedong, we would go.", "Moscow",
                                      "MINISTRY OF FOREIGN AFFAIRS", "to Cde. GROMYKO"]
    assert all(en[s.start:s.end] == s.text for s in segs)


def test_notes_are_left_out():
    en = "First point [SIC, vzaimnye] here. Second point."
    segs = segment_text(en, "en", [(12, 27)])
    assert "vzaimnye" not in " ".join(s.text for s in segs)


def test_small_alignment_with_header_and_junk():
    ru = ("ШИФРОВКА № 54611\n\nНЕ СЕКРЕТНО\n\nВчера, 17 мая, тов. МАО ЦЗЕ-ДУН просил меня сообщить Вам следующее.\n\n"
          "В Маньчжурии имеется полтора миллиона корейцев.\n\nЭгх щщ ыы\n\nОдна из них имеет боевой опыт.")
    en = ("Nº 54611\n\nYesterday, 17 May, Mao Zedong asked me to inform you of the following.\n\n"
          "There are one and a half million Koreans in Manchuria.\n\nOne of them has combat experience.")
    al = align_texts(ru, en)
    pairs = {ru[r["ru_start"]:r["ru_end"]][:12]: en[r["en_start"]:r["en_end"]][:12] for r in al.records()}
    assert pairs == {"ШИФРОВКА № 5": "Nº 54611", "Вчера, 17 ма": "Yesterday, 1", "В Маньчжурии": "There are on",
                     "Одна из них ": "One of them "}
    assert {s.text for s in al.unaligned("ru")} == {"НЕ СЕКРЕТНО", "Эгх щщ ыы"}


@pytest.mark.parametrize("seed", ["seed-002", "seed-004"])
def test_seed_alignment_matches_labels(samples, seed):
    d = read_bundle(samples / seed)
    score = score_alignment(align_texts(d.text, d.translation, d.notes), read_labels(samples / seed / "align.tsv"))
    assert score["segments"] > 30 and score["accuracy"] >= 0.9


def test_repeated_drafts_stay_unaligned(samples):
    d = read_bundle(samples / "seed-000")
    al = align_texts(d.text, d.translation, d.notes)
    draft = d.text.index("Проект")
    assert all(r["ru_start"] < draft for r in al.records()[:-3])  # the English follows the first version


def test_align_command_prints(samples):
    from click.testing import CliRunner
    from pipeline.cli import cli
    res = CliRunner().invoke(cli, ["align", str(samples / "seed-002")])
    assert res.exit_code == 0 and "Mao Zedong" in res.output


def test_shifted_alignment_with_an_edit_across_a_segment_end():
    from pipeline.align import Alignment, Bead, Segment
    text = "Первая строка.\nВторая строка текста.\nТретья."
    segs = [Segment(0, 0, 14, text[0:14]), Segment(1, 15, 36, text[15:36]), Segment(2, 37, 44, text[37:44])]
    al = Alignment(segs, [], [Bead([0], [], 0.0), Bead([1], [], 0.0), Bead([2], [], 0.0)])
    new = text[:6] + text[22:]  # one edit deletes the end of the first segment and the start of the second
    moved = al.shifted(new, [(6, 22, "")])
    assert all(0 <= s.start <= s.end <= len(new) for s in moved.ru)
    assert [s.text for s in moved.ru] == ["Первая", "строка текста.", "Третья."]


def test_restricted_alignment_keeps_the_part_of_a_bead_on_its_page():
    from pipeline.align import Alignment, Bead, Segment
    text = "Первое.\nВторое.\fТретье."
    segs = [Segment(0, 0, 7, "Первое."), Segment(1, 8, 15, "Второе."), Segment(2, 16, 23, "Третье.")]
    en = [Segment(0, 0, 6, "First."), Segment(1, 7, 14, "Second.")]
    al = Alignment(segs, en, [Bead([0], [0], 1.0), Bead([1, 2], [1], 1.0)])
    page2 = al.restrict(16, 23)
    assert [s.text for s in page2.ru] == ["Третье."] and page2.ru[0].start == 0
    assert any(b.ru == [0] and b.en == [1] for b in page2.beads)


def test_compiled_programme_equals_the_python_one():
    """The bead programme gives the same beads compiled (numba) and run as plain Python."""
    import numpy as np

    from pipeline import align
    if align._bead_programme_jit is None:
        pytest.skip("numba not installed")
    ru = [align.Segment(0, 0, 10, "а" * 40), align.Segment(1, 11, 20, "б" * 25), align.Segment(2, 21, 30, "в" * 60)]
    en = [align.Segment(0, 0, 10, "a" * 45), align.Segment(1, 11, 20, "b" * 80)]
    for seg, content in zip(ru + en, (3, 2, 4, 3, 5)):
        seg.content = content
    sim = {(0, 0): {1, 2}, (1, 1): {4}, (2, 1): {5, 6, 70}}
    compiled = align.align_segments(ru, en, sim)
    saved = align._bead_programme_jit
    try:
        align._bead_programme_jit = None
        with np.errstate(over="ignore"):
            plain = align.align_segments(ru, en, sim)
    finally:
        align._bead_programme_jit = saved
    assert [(b.ru, b.en, round(b.score, 9)) for b in compiled] == [(b.ru, b.en, round(b.score, 9)) for b in plain]
    assert compiled[0].ru == [0] and compiled[0].en == [0]
