"""The typescript renderer: layout, ground truth, determinism, degradation levels, command."""
from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.ingest.layout import PAGE_SEPARATOR
from pipeline.render import (LEVELS, Layout, gold_text, paginate, render_page, render_text,
                             samples_group, wrap_text)

TEXT = ("Москва еще 16 сентября предупреждала корейских товарищей, что высадка американцев "
        "в Чемульпо имеет большое значение.\n\nЖду Вашего ответа.\nФилиппов")
#: a small sheet: 30 characters a line, 5 lines a page (fast to render)
SMALL = Layout(page_mm=(90.0, 36.0), chars_per_line=30, top_mm=4.0, bottom_mm=2.0)


def test_wrap_keeps_paragraphs_and_width():
    lines = wrap_text(TEXT, 30)
    assert all(len(line) <= 30 for line in lines)
    assert "Жду Вашего ответа." in lines and lines[-1] == "Филиппов"
    assert "" not in lines  # blank input lines are dropped
    assert " ".join(lines[:-2]).replace("- ", "-") == TEXT.split("\n")[0]


def test_a4_layout_gives_a_typewriter_line():
    layout = Layout()
    assert layout.size == (2480, 3508)
    assert 60 <= layout.chars_per_line <= 65
    advance = layout.font_px * 0.6  # FreeMono: 600 units of 1000
    assert layout.chars_per_line * advance < layout.size[0] * 0.8
    assert 35 <= layout.lines_per_page <= 55


def test_gold_joins_pages_like_the_scan_ingest():
    pages = paginate(["а", "б", "в"], 2)
    assert pages == [["а", "б"], ["в"]]
    assert gold_text(pages) == "а\nб" + PAGE_SEPARATOR + "в"
    assert paginate([], 5) == [[]]


def test_render_text_writes_pages_and_gold(tmp_path):
    paths = render_text(TEXT, tmp_path, "medium", seed=3, layout=SMALL)
    lines = wrap_text(TEXT, SMALL.chars_per_line)
    assert [p.name for p in paths] == [f"scan-{i:03d}.png" for i in range(1, len(paths) + 1)]
    assert len(paths) == -(-len(lines) // SMALL.lines_per_page) > 1
    gold = (tmp_path / "gold.txt").read_text("utf-8")
    assert gold == gold_text(paginate(lines, SMALL.lines_per_page))
    assert gold.count(PAGE_SEPARATOR) == len(paths) - 1
    with Image.open(paths[0]) as im:
        assert im.mode == "L" and im.size == SMALL.size
        assert round(im.info["dpi"][0]) == 300


def test_same_seed_same_pixels_other_seed_other_pixels():
    lines = ["Телеграмма послу СССР в КНР"]
    a = render_page(lines, "heavy", seed=5, layout=SMALL)
    b = render_page(lines, "heavy", seed=5, layout=SMALL)
    c = render_page(lines, "heavy", seed=6, layout=SMALL)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_levels_degrade_in_order():
    lines = ["Однако, по поступившим ко мне", "сегодня сведениям из Москвы"]
    pages = {lv: render_page(lines, lv, seed=1, layout=SMALL).astype(float) for lv in LEVELS}
    blank = {lv: render_page([], lv, seed=1, layout=SMALL).astype(float) for lv in LEVELS}
    # paper noise: spread of grey levels on an empty sheet grows with the level
    noise = [blank[lv].std() for lv in ("clean", "medium", "heavy")]
    assert noise[0] < noise[1] < noise[2]
    # ink: the clean page has the darkest, most even type
    ink = {lv: np.percentile(pages[lv], 1) for lv in LEVELS}
    assert ink["clean"] < ink["heavy"]


def test_unknown_level_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown level"):
        render_text("текст", tmp_path, "dirty")


def test_samples_render_command_all_levels(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("Жду Вашего ответа.\nФилиппов\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(samples_group, ["render", str(src), "--out", str(out),
                                                "--level", "all", "--seed", "2", "--dpi", "100"])
    assert result.exit_code == 0, result.output
    for level in LEVELS:
        assert (out / level / "scan-001.png").exists()
        assert (out / level / "gold.txt").read_text("utf-8") == "Жду Вашего ответа.\nФилиппов"
    with Image.open(out / "clean" / "scan-001.png") as im:
        assert im.size == Layout(dpi=100).size


def test_a_render_variant_draws_again_and_a_plain_level_keeps_its_seed():
    """``heavy@2`` renders the same text with other random draws; ``heavy`` keeps the seed its
    cached renders were made with (an md5 of the text's name)."""
    import hashlib
    from pipeline.labelled import render_seed
    name = "03-kaesong-talks"
    assert render_seed(name, "heavy") == int(hashlib.md5(name.encode()).hexdigest()[:6], 16)
    assert render_seed(name, "heavy") == render_seed(name, "medium")
    seeds = {render_seed(name, lv) for lv in ("heavy", "heavy@2", "heavy@3")}
    assert len(seeds) == 3
    assert render_seed(name, "heavy@2") == render_seed(name, "medium@2")  # the level's stream differs, not the seed
