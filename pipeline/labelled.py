"""Labelled data: OCR text beside its true transcription, and where each OCR word went.

Two kinds of labelled documents:

- **archive OCR**: the seed bundles (``samples/seed-*``) whose ``ocr.txt`` is the archive's
  real OCR and ``gold.txt`` our corrected transcription;
- **rendered scans**: every labelled clean text (seed gold texts and ``samples/texts/*.ru.txt``)
  rendered as typescript pages at three degradation levels and OCR'd with Tesseract.  The
  renders and their OCR are cached in ``cache_dir()/labelled`` (made once, about a second a
  page).

``samples/split.tsv`` puts each text in ``train`` or ``test``; nothing is fitted on test.
:class:`CharAlignment` maps spans of the OCR text to the true text, so any token or
multi-token span can be labelled with what it should have been.
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .model import Document
from .resources import REPO_DIR, cache_dir, read_table

LEVELS = ("clean", "medium", "heavy")
SAMPLES = REPO_DIR / "samples"


@dataclass
class LabelledText:
    name: str  # seed-002, 03-kaesong-talks
    split: str  # train | test
    gold: str  # the clean text
    translation: str
    ocr: str | None = None  # the archive's OCR (seeds only)
    batch: str = ""  # test texts: "1" the first held-out seven, "2" texts 125–142 (samples/split.tsv)


def labelled_texts(split: str = "all") -> list[LabelledText]:
    """The clean texts of ``samples/split.tsv`` (seeds need a gold.txt to count)."""
    path = SAMPLES / "split.tsv"
    if not path.exists():
        return []
    out = []
    for row in read_table(path, ("text", "split")).rows:
        if split != "all" and row["split"] != split:
            continue
        name = row["text"]
        bundle = SAMPLES / name
        if bundle.is_dir():
            if not (bundle / "gold.txt").exists():
                continue
            tr = bundle / "translation.en.txt"
            out.append(LabelledText(name, row["split"], (bundle / "gold.txt").read_text("utf-8"),
                                    tr.read_text("utf-8") if tr.exists() else "",
                                    (bundle / "ocr.txt").read_text("utf-8"), row.get("batch", "")))
            continue
        ru = sorted((SAMPLES / "texts").glob(f"{name}*.ru.txt"))
        if not ru:
            continue
        en = ru[0].with_name(ru[0].name.replace(".ru.txt", ".en.txt"))
        out.append(LabelledText(name, row["split"], ru[0].read_text("utf-8"),
                                en.read_text("utf-8") if en.exists() else "", batch=row.get("batch", "")))
    return out


def _render_key(text: str, level: str) -> str:
    from . import render
    src = Path(render.__file__).read_bytes()
    h = hashlib.sha256(text.encode() + level.encode() + src)
    return h.hexdigest()[:12]


def render_seed(name: str, label: str) -> int:
    """The random seed of a text's render at ``label`` (``heavy``, or a variant ``heavy@2``: the
    same level drawn again with other random draws).  The plain levels keep the seed they always
    had, so their cached renders stay valid."""
    variant = label.partition("@")[2]
    salt = f"{name}@{variant}" if variant else name
    return int(hashlib.md5(salt.encode()).hexdigest()[:6], 16)


def _ocr_rendered(job: tuple[str, str, str, str]) -> str:
    """Render one text at one level and OCR it (cached); returns the cache folder."""
    name, label, text, folder = job
    level = label.partition("@")[0]
    out = Path(folder)
    if (out / "ocr.json").exists():
        return folder
    # work in a private folder and rename it into place: concurrent callers never see
    # (or write) half-made files
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    from .bundle import merge_documents
    from .ingest.scan import ocr_document
    from .render import render_text
    scans = render_text(text, tmp, level, seed=render_seed(name, label))
    docs = [ocr_document(p, doc_id=f"{name}-{label}") for p in scans]
    doc = docs[0] if len(docs) == 1 else merge_documents(f"{name}-{label}", docs)
    for page in doc.pages:  # image paths as they will be after the rename
        if page.image:
            page.image = str(out / Path(page.image).name)
    (tmp / "ocr.json").write_text(json.dumps(doc.to_dict(), ensure_ascii=False), "utf-8")
    try:
        os.rename(tmp, out)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def load_labelled(split: str = "all", levels: tuple[str, ...] = LEVELS, *, seeds: bool = True,
                  rendered: bool = True, workers: int | None = None, only: str = "") -> list[Document]:
    """Labelled Documents (``.text`` = OCR, ``.gold`` = truth, ``.meta['split']``,
    ``.meta['level']`` = ``archive`` or a render level, ``.meta['batch']`` = a test text's
    batch in ``samples/split.tsv``: ``1`` the first seven, ``2`` those added later); ``only``:
    a regular expression the texts' names must match.  A level may name a variant,
    ``heavy@2``: the same degradation drawn with another seed, for fresh errors on the same
    texts."""
    texts = labelled_texts(split)
    if only:  # a regular expression on the texts' names
        texts = [t for t in texts if re.search(only, t.name)]
    docs: list[Document] = []
    if seeds:
        for t in texts:
            if t.ocr is not None:
                from .tokens import tokenize
                d = Document(id=t.name, text=t.ocr, translation=t.translation, tokens=tokenize(t.ocr))
                d.gold = t.gold
                d.meta.update(split=t.split, level="archive", text=t.name, batch=t.batch)
                docs.append(d)
    if rendered and levels:
        root = cache_dir() / "labelled"
        jobs = [(t.name, lv, t.gold, str(root / f"{t.name}-{lv}-{_render_key(t.gold, lv)}"))
                for t in texts for lv in levels]
        todo = [j for j in jobs if not (Path(j[3]) / "ocr.json").exists()]
        if todo:
            n = workers or min(len(todo), os.cpu_count() or 1)
            if n > 1:
                with cf.ProcessPoolExecutor(n) as pool:
                    list(pool.map(_ocr_rendered, todo))
            else:
                for j in todo:
                    _ocr_rendered(j)
        by_name = {t.name: t for t in texts}
        for name, lv, _, folder in jobs:
            d = Document.from_dict(json.loads((Path(folder) / "ocr.json").read_text("utf-8")))
            d.gold = (Path(folder) / "gold.txt").read_text("utf-8")
            d.translation = by_name[name].translation
            d.meta.update(split=by_name[name].split, level=lv, text=name, batch=by_name[name].batch)
            d.source = folder
            docs.append(d)
    return docs


class CharAlignment:
    """Character alignment of an OCR text with its true text (Levenshtein opcodes).

    ``gold_span(start, end)`` gives the span of the true text that the OCR span stands
    for.  Characters the OCR lost at a span's edge belong to the span when they are letters
    of the same word (not across a space)."""

    def __init__(self, ocr: str, gold: str):
        from rapidfuzz.distance import Levenshtein
        self.ocr, self.gold = ocr, gold
        n = len(ocr)
        big = len(gold) + 1
        self.lo = [big] * (n + 1)  # smallest gold boundary for each OCR boundary
        self.hi = [-1] * (n + 1)  # largest

        def put(k: int, lo: int, hi: int) -> None:
            self.lo[k] = min(self.lo[k], lo)
            self.hi[k] = max(self.hi[k], hi)

        for tag, i0, i1, j0, j1 in _opcodes(Levenshtein, ocr, gold):
            if tag == "insert":
                put(i0, j0, j1)
            elif tag == "delete":
                for k in range(i0, i1 + 1):
                    put(k, j0, j0)
            else:  # equal, or replace: proportional inside
                for k in range(i0, i1 + 1):
                    v = j0 + round((k - i0) * (j1 - j0) / max(1, i1 - i0))
                    put(k, v, v)
        if n == 0:
            self.lo[0], self.hi[0] = 0, len(gold)
        self.lo[0] = 0
        self.hi[n] = max(self.hi[n], len(gold))
        self.lo[n] = min(self.lo[n], len(gold))

    def gold_span(self, start: int, end: int) -> tuple[int, int]:
        gs, ge = self.hi[start], self.lo[end]
        # lost letters right before the span (same word) belong to it
        while gs > self.lo[start] and not self.gold[gs - 1].isspace():
            gs -= 1
        while ge < self.hi[end] and not self.gold[ge].isspace():
            ge += 1
        return gs, max(gs, ge)

    def gold_text(self, start: int, end: int) -> str:
        gs, ge = self.gold_span(start, end)
        return self.gold[gs:ge]


def _opcodes(lev, a: str, b: str):
    """Opcodes of a and b, line by line first so long texts stay fast."""
    import difflib
    a_lines, b_lines = a.splitlines(keepends=True), b.splitlines(keepends=True)
    a_off = [0]
    for ln in a_lines:
        a_off.append(a_off[-1] + len(ln))
    b_off = [0]
    for ln in b_lines:
        b_off.append(b_off[-1] + len(ln))
    sm = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    for tag, i0, i1, j0, j1 in sm.get_opcodes():
        s0, s1, t0, t1 = a_off[i0], a_off[i1], b_off[j0], b_off[j1]
        if tag == "equal":
            yield "equal", s0, s1, t0, t1
            continue
        for op in lev.opcodes(a[s0:s1], b[t0:t1]):
            yield op.tag, op.src_start + s0, op.src_end + s0, op.dest_start + t0, op.dest_end + t0


def word_truth(doc: Document) -> list[tuple[int, int, str, str]]:
    """For each word token of a labelled document: (start, end, ocr word, true text)."""
    from .tokens import is_word
    al = CharAlignment(doc.text, doc.gold or "")
    return [(t.start, t.end, t.text, al.gold_text(t.start, t.end)) for t in doc.tokens if is_word(t.text)]
