"""ALTO v4 and PAGE 2019 output of ``ocrfix apply``: valid, corrected words with the OCR
text kept, real boxes from a scan, synthetic ones without."""
from __future__ import annotations

from lxml import etree

from pipeline.export_xml import (ALTO_NS, PAGE_NS, SYNTHETIC_NOTE, apply_store, check_alto, layout, safe_cell,
                                 unsafe_cell, validate_page)
from pipeline.store import open_store
from test_store import store_path  # noqa: F401  (fixture)

A = {"a": ALTO_NS}
P = {"p": PAGE_NS}


def _decide_and_apply(store_path, tmp_path):  # noqa: F811
    with open_store(store_path) as st:
        st.decide("cable-a", st.items("cable-a", original="Скиом")[0].id, "approved", "anna")
        st.decide("scan-b", st.items("scan-b", original="Мас")[0].id, "edited", "anna", replacement="Мао")
        st.decide("cable-a", st.items("cable-a", original="<script>alert(1)</script>")[0].id, "approved", "anna")
        apply_store(st, tmp_path / "out")
    return tmp_path / "out"


def test_alto_and_page_are_valid(store_path, tmp_path):  # noqa: F811
    out = _decide_and_apply(store_path, tmp_path)
    for doc in ("cable-a", "scan-b"):
        assert check_alto((out / doc / "alto.xml").read_bytes()) == []
        assert validate_page((out / doc / "page.xml").read_bytes()) == []


def test_corrected_words_keep_the_ocr_text(store_path, tmp_path):  # noqa: F811
    out = _decide_and_apply(store_path, tmp_path)
    alto = etree.parse(str(out / "cable-a" / "alto.xml"))
    s = alto.xpath("//a:String[@CONTENT='Сеном']", namespaces=A)[0]
    assert s.xpath("a:ALTERNATIVE/text()", namespaces=A) == ["Скиом"]
    assert alto.xpath("//a:String[@CONTENT='обижаться']", namespaces=A)  # the auto suggestion
    assert not alto.xpath("//a:String[contains(@CONTENT, '<script>')]", namespaces=A)  # replaced by '<b>x</b>'…
    xs = alto.xpath("//a:String[@CONTENT='<b>x</b>']", namespaces=A)  # …which is escaped text, not markup
    assert xs and b"<b>x</b>" not in (out / "cable-a" / "alto.xml").read_bytes()
    page = etree.parse(str(out / "cable-a" / "page.xml"))
    w = page.xpath("//p:Word[p:TextEquiv[@index='1']/p:Unicode='Сеном']", namespaces=P)[0]
    assert w.xpath("p:TextEquiv[@index='2']/p:Unicode/text()", namespaces=P) == ["Скиом"]
    lines = page.xpath("//p:TextLine/p:TextEquiv/p:Unicode/text()", namespaces=P)
    assert any("Ким Ир Сеном не дает" in ln for ln in lines)


def test_boxes_from_scan_and_synthetic_without(store_path, tmp_path):  # noqa: F811
    out = _decide_and_apply(store_path, tmp_path)
    alto = etree.parse(str(out / "scan-b" / "alto.xml"))
    page = alto.xpath("//a:Page", namespaces=A)[0]
    assert (page.get("WIDTH"), page.get("HEIGHT")) == ("1000", "300")
    mao = alto.xpath("//a:String[@CONTENT='Мао']", namespaces=A)[0]
    assert (mao.get("HPOS"), mao.get("VPOS")) == ("20", "130")  # the OCR word box of 'Мас'
    assert SYNTHETIC_NOTE not in (out / "scan-b" / "alto.xml").read_text("utf-8")
    assert SYNTHETIC_NOTE in (out / "cable-a" / "alto.xml").read_text("utf-8")
    assert SYNTHETIC_NOTE in (out / "cable-a" / "page.xml").read_text("utf-8")


def test_joins_and_splits_make_one_unit():
    from pipeline.export_xml import Change
    text = "М о с к в а фронтахоторезанные\n"
    ch = [Change("d", "1", 0, 11, "М о с к в а", "Москва", "auto", "", "", "s", 0.9, []),
          Change("d", "2", 12, 30, "фронтахоторезанные", "фронта отрезанные", "auto", "", "", "s", 0.9, [])]
    units = layout({"id": "d", "text": text}, ch)[0].blocks[0][0].units
    assert [(u.original, u.words) for u in units] == [("М о с к в а", ["Москва"]),
                                                      ("фронтахоторезанные", ["фронта", "отрезанные"])]


def test_check_alto_finds_errors():
    bad = (f'<alto xmlns="{ALTO_NS}"><Layout><Page ID="p1"><PrintSpace><TextBlock ID="b">'
           '<TextLine HPOS="x" VPOS="0" WIDTH="1" HEIGHT="1"><String/></TextLine></TextBlock></PrintSpace>'
           '</Page></Layout><Description/></alto>').encode()
    errs = check_alto(bad)
    assert any("PHYSICAL_IMG_NR" in e for e in errs) and any("CONTENT" in e for e in errs)
    assert any("HPOS" in e for e in errs) and any("out of order" in e for e in errs)


def test_csv_cells_are_neutralised():
    for s in ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"):
        assert safe_cell(s).startswith("'") and unsafe_cell(safe_cell(s)) == s
    assert safe_cell("Москва") == "Москва" and unsafe_cell("'plain") == "'plain"
