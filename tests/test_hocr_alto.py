"""hOCR and ALTO ingest: real Tesseract output, hand-made multi-page files, bad XML."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.errors import EmptyInput, InputError
from pipeline.ingest.alto import parse_alto, read_alto
from pipeline.ingest.hocr import parse_hocr, read_hocr, title_props
from pipeline.ingest.layout import PAGE_SEPARATOR
from pipeline.ingest.scan import ocr_page
from pipeline.metrics import cer
from pipeline.render import Layout, render_page
from pipeline.tokens import tokenize


from conftest import requires_tesseract  # noqa: E402

LINES = ["Телеграмма послу СССР в КНР,", "Мао Цзэдуну или Чжоу Эньлаю."]
SMALL = Layout(page_mm=(120.0, 30.0), chars_per_line=36, top_mm=5.0, bottom_mm=2.0)


@pytest.fixture(scope="module")
def tesseract_outputs(tmp_path_factory) -> dict[str, Path]:
    """hOCR and ALTO that Tesseract itself wrote for one rendered page (one run)."""
    folder = tmp_path_factory.mktemp("tess")
    image = folder / "page.png"
    Image.fromarray(render_page(LINES, "clean", seed=3, layout=SMALL)).save(image, dpi=(300, 300))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    subprocess.run(["tesseract", str(image), str(folder / "out"), "-l", "rus", "--psm", "4",
                    "hocr", "alto"], check=True, capture_output=True, env=env, timeout=120)
    return {"image": image, "hocr": folder / "out.hocr", "alto": folder / "out.xml"}


def _check_tokens(doc) -> None:
    assert [(t.start, t.end, t.line) for t in doc.tokens] == \
        [(t.start, t.end, t.line) for t in tokenize(doc.text)]
    for t in doc.tokens:
        assert doc.text[t.start:t.end] == t.text


@pytest.mark.tesseract
@requires_tesseract
def test_real_hocr_and_alto_agree(tesseract_outputs):
    hocr = read_hocr(tesseract_outputs["hocr"])
    alto = read_alto(tesseract_outputs["alto"])
    assert hocr.text == alto.text
    assert hocr.text.count("\n") == 1 and cer(hocr.text, "\n".join(LINES)) < 0.1
    assert hocr.meta["source_type"] == "hocr" and alto.meta["source_type"] == "alto"
    assert hocr.meta["ocr_engine"].startswith("tesseract")
    assert hocr.id == "out" and Path(hocr.pages[0].image).name == "page.png"
    with Image.open(tesseract_outputs["image"]) as im:
        assert (hocr.pages[0].width, hocr.pages[0].height) == im.size == \
            (alto.pages[0].width, alto.pages[0].height)
    for a, b in zip(hocr.tokens, alto.tokens):
        assert (a.start, a.end, a.bbox, a.page) == (b.start, b.end, b.bbox, b.page)
        assert abs(a.conf - b.conf) <= 1  # x_wconf is rounded, WC has two decimals
    _check_tokens(hocr)
    _check_tokens(alto)


@pytest.mark.tesseract
@requires_tesseract
def test_hocr_matches_the_scan_ingest(tesseract_outputs):
    """The same engine on the same image: the hOCR reader and ocr_page give the same text."""
    img = np.asarray(Image.open(tesseract_outputs["image"]))
    assert ocr_page(img, lang="rus", psm=4).text == read_hocr(tesseract_outputs["hocr"]).text


@pytest.mark.tesseract
@requires_tesseract
def test_truncated_real_output_is_malformed(tesseract_outputs, tmp_path):
    for kind, reader in (("hocr", read_hocr), ("alto", read_alto)):
        data = tesseract_outputs[kind].read_bytes()
        cut = tmp_path / f"cut.{kind}"
        cut.write_bytes(data[: len(data) * 2 // 3])
        with pytest.raises(InputError) as err:
            reader(cut)
        assert err.value.code == "E100"
        assert "malformed" in str(err.value) and "line" in str(err.value)


HOCR_TWO_PAGES = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>
<div class='ocr_page' id='page_1' title='image "scan-001.png"; bbox 0 0 2480 3508; ppageno 0'>
 <div class='ocr_carea'><p class='ocr_par'>
  <span class='ocr_line' title='bbox 300 300 900 350'>
   <span class='ocrx_word' title='bbox 300 300 420 350; x_wconf 91'>Ким</span>
   <span class='ocrx_word' title='bbox 440 300 500 350; x_wconf 88'><strong>Ир</strong></span>
   <span class='ocrx_word' title='bbox 520 300 900 350; x_wconf 42'>Скиом,</span>
  </span>
  <span class='ocr_line' title='bbox 300 400 900 450'>  </span>
 </p></div>
</div>
<div class='ocr_page' id='page_2' title='image "scan-002.png"; bbox 0 0 2480 3508; ppageno 1'>
  <span class='ocr_header' title='bbox 300 300 900 350'>Пекин Совпосол</span>
</div>
</body></html>"""


def test_hocr_pages_lines_and_words():
    doc = parse_hocr(HOCR_TWO_PAGES.encode(), "cable")
    assert doc.text == "Ким Ир Скиом," + PAGE_SEPARATOR + "Пекин Совпосол"
    one, two = doc.pages
    assert (one.image, one.width, one.height) == ("scan-001.png", 2480, 3508)
    assert doc.text[two.start:two.end] == "Пекин Совпосол" and two.image == "scan-002.png"
    assert [t.text for t in doc.tokens] == ["Ким", "Ир", "Скиом", ",", "Пекин", "Совпосол"]
    comma = doc.tokens[3]
    assert comma.conf == 42 and comma.bbox[2] == 900 and comma.bbox[0] > 520
    assert doc.tokens[1].bbox == (440, 300, 500, 350)
    assert doc.tokens[4].bbox is None and doc.tokens[4].page == 2  # line without word boxes
    assert one.mean_conf == pytest.approx((91 + 88 + 42) / 3, abs=0.01)
    _check_tokens(doc)


def test_hocr_title_properties():
    props = title_props('image "a b.png"; bbox 1 2 3 4; x_wconf 95')
    assert props == {"image": '"a b.png"', "bbox": "1 2 3 4", "x_wconf": "95"}


ALTO_V4 = """<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">
 <Description><MeasurementUnit>pixel</MeasurementUnit>
  <sourceImageInformation><fileName>scan-001.tif</fileName></sourceImageInformation>
 </Description>
 <Layout>
  <Page ID="p1" WIDTH="2480" HEIGHT="3508" PHYSICAL_IMG_NR="1"><PrintSpace>
   <TextBlock ID="b1">
    <TextLine ID="l1" HPOS="300" VPOS="300" WIDTH="900" HEIGHT="50">
     <String CONTENT="Москва" HPOS="300" VPOS="300" WIDTH="180" HEIGHT="50" WC="0.93"/>
     <SP WIDTH="30" HPOS="480" VPOS="300"/>
     <String CONTENT="пре" HPOS="510" VPOS="300" WIDTH="90.5" HEIGHT="50" WC="0.5"/>
     <HYP CONTENT="-"/>
    </TextLine>
    <TextLine ID="l2"><String CONTENT="дупреждала"/></TextLine>
   </TextBlock>
  </PrintSpace></Page>
  <Page ID="p2" WIDTH="2480" HEIGHT="3508"/>
 </Layout>
</alto>"""


def test_alto_v4_with_hyphen_and_empty_page():
    doc = parse_alto(ALTO_V4.encode(), "alto4")
    assert doc.text == "Москва пре-\nдупреждала" + PAGE_SEPARATOR
    assert [t.text for t in doc.tokens] == ["Москва", "пре-дупреждала"[:3], "-", "дупреждала"]
    assert doc.tokens[0].conf == 93 and doc.tokens[0].bbox == (300, 300, 480, 350)
    assert doc.tokens[3].bbox is None and doc.tokens[3].conf is None
    assert doc.pages[0].image == "scan-001.tif" and len(doc.pages) == 2
    assert doc.pages[1].start == doc.pages[1].end == len(doc.text)
    _check_tokens(doc)


def test_alto_other_unit_is_recorded():
    data = ALTO_V4.replace(">pixel<", ">mm10<").encode()
    assert parse_alto(data).meta["alto_unit"] == "mm10"


@pytest.mark.parametrize("reader, data, message", [
    (parse_hocr, b"<html><body><div class='ocr_page'>", "malformed hOCR XML at line 1"),
    (parse_alto, b"<alto><Layout><Page></Layout></alto>", "malformed ALTO XML at line 1"),
    (parse_hocr, b"<html><body><p>no OCR markup</p></body></html>", "no hOCR page or line"),
    (parse_alto, b"<alto><Description/></alto>", "no <Page> element"),
    (parse_hocr, b"<alto/>", "not hOCR"),
    (parse_alto, b"<html/>", "not ALTO"),
])
def test_bad_xml_is_a_clear_input_error(reader, data, message):
    with pytest.raises(InputError, match=message) as err:
        reader(data)
    assert err.value.code == "E100"


def test_empty_and_missing_files(tmp_path):
    (tmp_path / "empty.hocr").write_bytes(b"  \n")
    with pytest.raises(EmptyInput):
        read_hocr(tmp_path / "empty.hocr")
    with pytest.raises(InputError, match="no such file"):
        read_alto(tmp_path / "absent.xml")


def test_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    data = (f'<?xml version="1.0"?><!DOCTYPE alto [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<alto><Layout><Page WIDTH="10" HEIGHT="10"><TextLine>'
            '<String CONTENT="&x;"/></TextLine></Page></Layout></alto>').encode()
    try:
        doc = parse_alto(data)
    except InputError:
        return  # refusing the entity is fine too
    assert "do not read me" not in doc.text


def test_lenient_hocr_reads_html():
    html = ("<html><body><div class='ocr_page' title='bbox 0 0 100 50'>"
            "<span class='ocr_line'><span class='ocrx_word' title='bbox 1 1 20 20; x_wconf 70'>"
            "Жду<br></span> <span class='ocrx_word'>ответа</span></div>").encode()
    with pytest.raises(InputError):
        parse_hocr(html)
    assert parse_hocr(html, lenient=True).text == "Жду ответа"
