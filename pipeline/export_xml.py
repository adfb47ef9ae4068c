"""Applying reviewed suggestions and exporting the result: corrected text, ALTO v4,
PAGE XML (2019-07-15) and a change log CSV.

The original text is never changed: the corrected text is derived from it by applying the
suggestions whose state is ``auto``, ``approved`` or ``edited`` (a rejected automatic
suggestion is not applied; a stale one is not applied).  Human decisions win over the
pipeline when two fixes overlap.

Words for the XML formats are the whitespace-separated runs of the original text; runs
touched by one fix (a join of "М о с к в а", a split of a run-together word) form one unit,
whose corrected words carry the original OCR text as an alternative (ALTO ``ALTERNATIVE``,
PAGE ``TextEquiv index="2"``).  Coordinates come from the OCR word boxes when the document
has a scan; otherwise they are **synthetic**: a typewriter grid of :data:`CHAR_W` ×
:data:`LINE_H` pixels per character cell, said so in the files' metadata.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .model import Suggestion, apply_suggestions, choose_non_overlapping

ALTO_NS = "http://www.loc.gov/standards/alto/ns-v4#"
ALTO_XSD = "http://www.loc.gov/alto/v4/alto-4-2.xsd"
PAGE_NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
PAGE_XSD = PAGE_NS + "/pagecontent.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CHAR_W, LINE_H, MARGIN = 25, 50, 100  # synthetic grid: 12-pt typewriter type at 300 dpi
SYNTHETIC_NOTE = (f"no scan: coordinates are synthetic, a typewriter grid of {CHAR_W}x{LINE_H} px "
                  "per character cell; they keep reading order, not the page's geometry")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: text that starts like a formula gets a ``'``."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(FORMULA_START) else s


def unsafe_cell(s: str) -> str:
    """Undo :func:`safe_cell` (for CSV files coming back from a spreadsheet)."""
    return s[1:] if s.startswith("'") and s[1:].startswith(FORMULA_START) else s


@dataclass
class Change:
    """One applied change: the span of the original, before/after, who decided and why."""

    doc: str
    id: str
    start: int
    end: int
    before: str
    after: str
    status: str
    who: str
    when: str
    stage: str
    confidence: float
    evidence: list[str]


def changes_for(items: list, doc: str) -> list[Change]:
    """The non-overlapping changes ``apply`` makes from a document's store items."""
    sugg = []
    by_id = {}
    for it in items:
        if not it.applied:
            continue
        human = it.status in ("approved", "edited")
        s = Suggestion(it.start, it.end, it.original, it.effective, (2.0 if human else 0.0) + it.confidence,
                       "apply", it.stage, it.evidence, it.kind, id=it.id)
        sugg.append(s)
        by_id[it.id] = it
    out = []
    for s in choose_non_overlapping(sugg):
        it = by_id[s.id]
        who = it.reviewer if it.status in ("approved", "edited") else f"ocrfix ({it.stage})"
        out.append(Change(doc, it.id, it.start, it.end, it.original, s.replacement, it.status, who or "",
                          it.decided_at or "", it.stage, it.confidence, it.evidence))
    return out


def corrected_text(text: str, changes: list[Change]) -> str:
    return apply_suggestions(text, [Suggestion(c.start, c.end, c.before, c.after, 1.0, "apply", c.stage, [], id=c.id)
                                    for c in changes], None)


def change_log_csv(changes: list[Change]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["document", "suggestion", "start", "end", "before", "after", "status", "who", "when", "stage",
                "confidence", "evidence"])
    for c in changes:
        w.writerow([safe_cell(v) for v in (c.doc, c.id, c.start, c.end, c.before, c.after, c.status, c.who, c.when,
                                           c.stage, c.confidence, " | ".join(c.evidence))])
    return buf.getvalue()


# --- layout: pages, lines, word units --------------------------------------------------
@dataclass
class Unit:
    start: int
    end: int
    original: str
    words: list[str]
    changed: bool
    conf: float | None
    box: tuple[int, int, int, int]


@dataclass
class Line:
    units: list[Unit] = field(default_factory=list)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return _union([u.box for u in self.units])


@dataclass
class PageLayout:
    number: int
    image: str
    width: int
    height: int
    blocks: list[list[Line]]
    synthetic: bool


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _page_spans(doc: dict) -> list[tuple[dict, int, int]]:
    text = doc["text"]
    pages = doc.get("pages") or []
    if any((p.get("end") or 0) > (p.get("start") or 0) for p in pages):
        return [(p, p.get("start", 0), p.get("end", 0)) for p in pages]
    image = pages[0] if len(pages) == 1 else {}
    out, pos = [], 0
    for i, part in enumerate(text.split("\f")):
        out.append(({**image, "number": i + 1}, pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _units(text: str, a: int, b: int, changes: list[Change]) -> list[tuple[int, int]]:
    """Word units of text[a:b]: whitespace runs, merged where one change touches several."""
    runs = [[m.start() + a, m.end() + a] for m in re.finditer(r"\S+", text[a:b])]
    for c in changes:
        if c.end < a or c.start > b:
            continue
        hit = [i for i, r in enumerate(runs) if (r[0] < c.end and c.start < r[1]) or r[0] <= c.start < r[1]]
        if not hit:
            hit = [max([i for i, r in enumerate(runs) if r[0] <= c.start] or [0])] if runs else []
        if not hit:
            continue
        lo, hi = min(hit), max(hit)
        merged = [min(runs[lo][0], max(c.start, a)), max(runs[hi][1], min(c.end, b))]
        runs[lo:hi + 1] = [merged]
    return [(s, e) for s, e in runs]


def layout(doc: dict, changes: list[Change]) -> list[PageLayout]:
    """Pages → blocks (paragraphs) → lines → word units with corrected words and boxes."""
    text = doc["text"]
    tokens = [t for t in doc.get("tokens") or [] if t.get("bbox")]
    pages = []
    for page, a, b in _page_spans(doc):
        ptoks = [t for t in tokens if a <= t["start"] < b]
        synthetic = not ptoks
        blocks: list[list[Line]] = [[]]
        line_start = a
        for li, raw in enumerate(text[a:b].split("\n")):
            ls, le = line_start, line_start + len(raw)
            line_start = le + 1
            if not raw.strip():
                if blocks[-1]:
                    blocks.append([])
                continue
            line = Line()
            for s, e in _units(text, ls, le, changes):
                inside = [c for c in changes if c.start >= s and c.end <= e]
                seg = apply_suggestions(text[s:e], [Suggestion(c.start - s, c.end - s, c.before, c.after, 1.0, "a",
                                                               c.stage, [], id=c.id) for c in inside], None)
                col = s - ls
                if synthetic:
                    box = (MARGIN + col * CHAR_W, MARGIN + li * LINE_H, MARGIN + (col + e - s) * CHAR_W,
                           MARGIN + li * LINE_H + int(LINE_H * 0.8))
                    conf = None
                else:
                    own = [t for t in ptoks if s <= t["start"] < e] or \
                          [min(ptoks, key=lambda t: abs(t["start"] - s))]
                    box = _union([tuple(t["bbox"]) for t in own])
                    confs = [t["conf"] for t in own if t.get("conf") is not None]
                    conf = min(confs) / 100 if confs else None
                line.units.append(Unit(s, e, text[s:e], seg.split(), bool(inside), conf, box))
            if line.units:
                blocks[-1].append(line)
        blocks = [bl for bl in blocks if bl]
        boxes = [ln.box for bl in blocks for ln in bl] or [(0, 0, 1, 1)]
        full = _union(boxes)
        width = int(page.get("width") or full[2] + MARGIN)
        height = int(page.get("height") or full[3] + MARGIN)
        pages.append(PageLayout(int(page.get("number") or len(pages) + 1), str(page.get("image") or ""),
                                width, height, blocks, synthetic))
    return pages


def _split_box(box: tuple[int, int, int, int], words: list[str]) -> list[tuple[int, int, int, int]]:
    """Share a unit's box among its corrected words, in proportion to their lengths."""
    x0, y0, x1, y1 = box
    total = sum(len(w) for w in words) + len(words) - 1 or 1
    out, pos = [], 0
    for w in words:
        a = x0 + (x1 - x0) * pos // total
        pos += len(w)
        out.append((a, y0, max(a + 1, x0 + (x1 - x0) * pos // total), y1))
        pos += 1
    return out


# --- ALTO v4 ---------------------------------------------------------------------------
def alto_xml(doc: dict, changes: list[Change], when: str) -> bytes:
    from lxml import etree
    A = f"{{{ALTO_NS}}}"
    root = etree.Element(A + "alto", nsmap={None: ALTO_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{ALTO_NS} {ALTO_XSD}")
    pages = layout(doc, changes)
    desc = etree.SubElement(root, A + "Description")
    etree.SubElement(desc, A + "MeasurementUnit").text = "pixel"
    sii = etree.SubElement(desc, A + "sourceImageInformation")
    etree.SubElement(sii, A + "fileName").text = next((Path(p.image).name for p in pages if p.image), doc["id"])
    proc = etree.SubElement(desc, A + "Processing", ID="ocrfix-apply")
    etree.SubElement(proc, A + "processingCategory").text = "postOperation"
    etree.SubElement(proc, A + "processingDateTime").text = when
    etree.SubElement(proc, A + "processingStepDescription").text = (
        f"OCR post-correction: {len(changes)} change(s) applied (automatic, approved and edited suggestions); "
        "each changed String keeps the OCR text as ALTERNATIVE PURPOSE='OCR'.")
    if any(p.synthetic for p in pages):
        etree.SubElement(proc, A + "processingStepDescription").text = SYNTHETIC_NOTE
    sw = etree.SubElement(proc, A + "processingSoftware")
    etree.SubElement(sw, A + "softwareName").text = "ocrfix"
    etree.SubElement(sw, A + "softwareVersion").text = __version__
    lay = etree.SubElement(root, A + "Layout")
    n = 0
    for p in pages:
        pg = etree.SubElement(lay, A + "Page", ID=f"p{p.number}", PHYSICAL_IMG_NR=str(p.number),
                              WIDTH=str(p.width), HEIGHT=str(p.height))
        ps = etree.SubElement(pg, A + "PrintSpace", HPOS="0", VPOS="0", WIDTH=str(p.width), HEIGHT=str(p.height))
        for bi, block in enumerate(p.blocks):
            bb = _union([ln.box for ln in block])
            tb = etree.SubElement(ps, A + "TextBlock", ID=f"p{p.number}_b{bi + 1}", **_pos(bb))
            for li, ln in enumerate(block):
                tl = etree.SubElement(tb, A + "TextLine", ID=f"p{p.number}_b{bi + 1}_l{li + 1}", **_pos(ln.box))
                first = True
                for u in ln.units:
                    for wi, (w, wb) in enumerate(zip(u.words, _split_box(u.box, u.words))):
                        if not first:
                            etree.SubElement(tl, A + "SP")
                        first = False
                        n += 1
                        st = etree.SubElement(tl, A + "String", ID=f"w{n}", CONTENT=w, **_pos(wb))
                        if u.conf is not None and not u.changed:
                            st.set("WC", f"{u.conf:.2f}")
                        if u.changed and wi == 0:
                            alt = etree.SubElement(st, A + "ALTERNATIVE", PURPOSE="OCR")
                            alt.text = u.original
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _pos(box: tuple[int, int, int, int]) -> dict[str, str]:
    x0, y0, x1, y1 = box
    return {"HPOS": str(x0), "VPOS": str(y0), "WIDTH": str(max(1, x1 - x0)), "HEIGHT": str(max(1, y1 - y0))}


# --- PAGE 2019 -------------------------------------------------------------------------
def page_xml(doc: dict, changes: list[Change], when: str, page_number: int | None = None) -> bytes:
    """PAGE XML of the first page (or ``page_number``): PAGE holds one page per file."""
    from lxml import etree
    P = f"{{{PAGE_NS}}}"
    pages = layout(doc, changes)
    p = next((x for x in pages if x.number == page_number), pages[0]) if page_number else pages[0]
    root = etree.Element(P + "PcGts", nsmap={None: PAGE_NS, "xsi": XSI}, pcGtsId=f"{_xml_id(doc['id'])}_p{p.number}")
    root.set(f"{{{XSI}}}schemaLocation", f"{PAGE_NS} {PAGE_XSD}")
    md = etree.SubElement(root, P + "Metadata")
    etree.SubElement(md, P + "Creator").text = f"ocrfix {__version__}"
    etree.SubElement(md, P + "Created").text = when
    etree.SubElement(md, P + "LastChange").text = when
    notes = ["OCR post-correction: TextEquiv index 1 is the corrected text, index 2 the OCR text of changed words."]
    if p.synthetic:
        notes.append(SYNTHETIC_NOTE)
    etree.SubElement(md, P + "Comments").text = " ".join(notes)
    pg = etree.SubElement(root, P + "Page", imageFilename=Path(p.image).name if p.image else f"{doc['id']} (no scan)",
                          imageWidth=str(p.width), imageHeight=str(p.height))
    n = 0
    for bi, block in enumerate(p.blocks):
        reg = etree.SubElement(pg, P + "TextRegion", id=f"r{bi + 1}", type="paragraph")
        etree.SubElement(reg, P + "Coords", points=_points(_union([ln.box for ln in block])))
        region_text = []
        for li, ln in enumerate(block):
            tl = etree.SubElement(reg, P + "TextLine", id=f"r{bi + 1}_l{li + 1}")
            etree.SubElement(tl, P + "Coords", points=_points(ln.box))
            line_words = []
            for u in ln.units:
                for wi, (w, wb) in enumerate(zip(u.words, _split_box(u.box, u.words))):
                    n += 1
                    wd = etree.SubElement(tl, P + "Word", id=f"w{n}")
                    etree.SubElement(wd, P + "Coords", points=_points(wb))
                    te = etree.SubElement(wd, P + "TextEquiv", index="1")
                    if u.conf is not None and not u.changed:
                        te.set("conf", f"{u.conf:.2f}")
                    etree.SubElement(te, P + "Unicode").text = w
                    if u.changed and wi == 0:
                        te2 = etree.SubElement(wd, P + "TextEquiv", index="2", comments="OCR")
                        etree.SubElement(te2, P + "Unicode").text = u.original
                    line_words.append(w)
            lte = etree.SubElement(tl, P + "TextEquiv")
            etree.SubElement(lte, P + "Unicode").text = " ".join(line_words)
            region_text.append(" ".join(line_words))
        rte = etree.SubElement(reg, P + "TextEquiv")
        etree.SubElement(rte, P + "Unicode").text = "\n".join(region_text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _points(box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = box
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    return f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"


def _xml_id(s: str) -> str:
    s = re.sub(r"[^\w.-]", "_", s)
    return s if re.match(r"[^\W\d]", s) else "d" + s


# --- apply -----------------------------------------------------------------------------
def apply_store(store, out_dir: str | Path, docs: list[str] | None = None) -> list[dict]:
    """Write, per document, ``corrected.txt``, ``alto.xml``, ``page.xml`` (one ``page-N.xml``
    per page when there are several) and ``changes.csv`` under ``OUT/<doc>/``.  Applying
    again gives the same files (the dates are the document's last decision or import)."""
    out = Path(out_dir)
    results = []
    for doc_id in docs or store.documents():
        doc = store.document(doc_id)
        items = store.items(doc_id)
        changes = changes_for(items, doc_id)
        when = _last_change(store, doc_id)
        folder = out / doc_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "corrected.txt").write_text(corrected_text(doc["text"], changes), "utf-8")
        (folder / "alto.xml").write_bytes(alto_xml(doc, changes, when))
        pages = layout(doc, changes)
        if len(pages) == 1:
            (folder / "page.xml").write_bytes(page_xml(doc, changes, when))
        else:
            for p in pages:
                (folder / f"page-{p.number}.xml").write_bytes(page_xml(doc, changes, when, p.number))
        (folder / "changes.csv").write_text(change_log_csv(changes), "utf-8")
        counts = {s: sum(c.status == s for c in changes) for s in ("auto", "approved", "edited")}
        results.append({"document": doc_id, "folder": str(folder), "changes": len(changes), **counts,
                        "rejected": sum(i.status == "rejected" for i in items),
                        "open": sum(i.status == "review" for i in items)})
    return results


def _last_change(store, doc_id: str) -> str:
    row = store.db.execute("SELECT MAX(at) FROM events WHERE doc = ?", (doc_id,)).fetchone()
    at = row[0] or "1970-01-01T00:00:00Z"
    return at.split(".")[0] + "Z" if "." in at else at


# --- validation ------------------------------------------------------------------------
def validate_page(data: bytes) -> list[str]:
    """Errors of PAGE XML against the shipped PAGE 2019 schema (empty list: valid)."""
    from lxml import etree
    xsd = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "pagecontent-2019-07-15.xsd")))
    doc = etree.fromstring(data)
    return [] if xsd.validate(doc) else [f"line {e.line}: {e.message}" for e in xsd.error_log]


#: ALTO 4 elements ocrfix writes: allowed children in order, required attributes
_ALTO_RULES = {
    "alto": (["Description", "Styles", "Tags", "Layout"], []),
    "Description": (["MeasurementUnit", "sourceImageInformation", "OCRProcessing", "Processing"], []),
    "Processing": (["processingCategory", "processingDateTime", "processingAgency", "processingStepDescription",
                    "processingStepSettings", "processingSoftware"], ["ID"]),
    "processingSoftware": (["softwareCreator", "softwareName", "softwareVersion", "applicationDescription"], []),
    "Layout": (["Page"], []),
    "Page": (["TopMargin", "LeftMargin", "RightMargin", "BottomMargin", "PrintSpace"], ["ID", "PHYSICAL_IMG_NR"]),
    "PrintSpace": (["TextBlock"], []),
    "TextBlock": (["Shape", "TextLine"], ["ID"]),
    "TextLine": (["Shape", "String", "SP", "HYP"], ["HPOS", "VPOS", "WIDTH", "HEIGHT"]),
    "String": (["Shape", "ALTERNATIVE", "Glyph"], ["CONTENT"]),
}
_ALTO_NUMERIC = ("HPOS", "VPOS", "WIDTH", "HEIGHT", "WC")


def check_alto(data: bytes) -> list[str]:
    """Structural check of ALTO v4 (no PyPI package ships the ALTO XSD): namespace, the
    order of child elements, required and numeric attributes, unique IDs."""
    from lxml import etree
    root = etree.fromstring(data)
    errors: list[str] = []
    if root.tag != f"{{{ALTO_NS}}}alto":
        return [f"root element is {root.tag}, expected {{{ALTO_NS}}}alto"]
    ids: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        ns, _, name = el.tag[1:].partition("}")
        if ns != ALTO_NS:
            errors.append(f"line {el.sourceline}: {el.tag} is not in the ALTO v4 namespace")
            continue
        if "ID" in el.attrib:
            if el.get("ID") in ids:
                errors.append(f"line {el.sourceline}: duplicate ID {el.get('ID')}")
            ids.add(el.get("ID"))
        for a in _ALTO_NUMERIC:
            if a in el.attrib:
                try:
                    v = float(el.get(a))
                    if a == "WC" and not 0 <= v <= 1:
                        raise ValueError
                except ValueError:
                    errors.append(f"line {el.sourceline}: {name}/@{a}={el.get(a)!r} is not a valid number")
        if name not in _ALTO_RULES:
            continue
        order, required = _ALTO_RULES[name]
        errors += [f"line {el.sourceline}: {name} lacks @{a}" for a in required if a not in el.attrib]
        last = -1
        for child in el:
            cname = child.tag.split("}")[-1] if isinstance(child.tag, str) else None
            if cname is None:
                continue
            if cname not in order:
                errors.append(f"line {child.sourceline}: {cname} not allowed in {name}")
            elif name != "TextLine" and order.index(cname) < last:
                errors.append(f"line {child.sourceline}: {cname} out of order in {name}")
            else:
                last = max(last, order.index(cname))
    return errors
