"""What the review pages show, as plain data (the JSON twins return exactly this).

- :func:`queue_view`: open suggestions ordered by what most needs a person
  (:func:`priority`: low confidence, names, disagreement with the translation, a close
  alternative), with progress counts;
- :func:`item_view`: one suggestion with its OCR line, evidence, alternatives, the aligned
  English passage and the place of its scan crop;
- :func:`document_view`: a document's text with every suggestion in place;
- :func:`crop_png`: the scan around a suggestion's tokens (only images the store's
  documents name are ever read).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from ..store import Item, Store, StoreError

#: weights of the priority terms (documented in docs/review.md)
W_NAME, W_TRANSLATION, W_CLOSE = 0.3, 0.3, 0.15


def priority(item: Item, doc: dict) -> tuple[float, list[str]]:
    """Higher means a person should look sooner; with the reasons in words."""
    score = 1.0 - item.confidence
    reasons = [f"confidence {item.confidence:.2f}"]
    if item.kind == "name":
        score += W_NAME
        reasons.append("a name")
    if translation_disagrees(item, doc):
        score += W_TRANSLATION
        reasons.append("the translation disagrees or says nothing")
    if item.alternatives and float(item.alternatives[0].get("confidence", 0)) >= item.confidence - 0.1:
        score += W_CLOSE
        reasons.append(f"close alternative '{item.alternatives[0].get('replacement')}'")
    return round(score, 4), reasons


def translation_disagrees(item: Item, doc: dict) -> bool:
    """The translation stage's feature is negative, or an unconfirmed translation flag
    (missing / extra text, a name the English lacks) covers the span."""
    if float(item.features.get("translation", 0) or 0) < 0 or item.features.get("translation_disagrees"):
        return True
    for f in doc.get("flags") or []:
        if f.get("start", 0) < item.end and item.start < f.get("end", 0) and not f.get("confirmed"):
            if f.get("kind") in ("missing", "extra") or any("translation" in r.lower() for r in f.get("reasons", [])):
                return True
    return False


def context(text: str, start: int, end: int) -> dict:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    return {"line": text.count("\n", 0, start) + 1, "before": text[a:start], "span": text[start:end],
            "after": text[end:b]}


def english_for(doc: dict, start: int, end: int) -> dict:
    """The aligned English passage (``annotations["alignment"]``), else the whole translation."""
    tr = doc.get("translation") or ""
    for rec in (doc.get("annotations") or {}).get("alignment") or []:
        if not isinstance(rec, dict):
            continue
        rs, re_ = rec.get("ru_start", rec.get("start")), rec.get("ru_end", rec.get("end"))
        es, ee = rec.get("en_start"), rec.get("en_end")
        if None in (rs, re_, es, ee):
            continue
        if rs <= start < re_ or (start == end == re_):
            return {"aligned": True, "text": tr[es:ee], "start": es, "end": ee}
    return {"aligned": False, "text": tr, "start": 0, "end": len(tr)}


def crop_box(doc: dict, start: int, end: int, pad: int = 40) -> tuple[int, tuple[int, int, int, int]] | None:
    """(page number, box) of the scan around a span, or None when there is no scan/box."""
    toks = [t for t in doc.get("tokens") or [] if t.get("bbox") and t["start"] < max(end, start + 1)
            and start < t["end"]]
    if not toks:
        return None
    page = toks[0].get("page") or 1
    toks = [t for t in toks if (t.get("page") or 1) == page]
    img = next((p for p in doc.get("pages") or [] if p.get("number") == page and p.get("image")), None)
    if img is None:
        return None
    x0 = min(t["bbox"][0] for t in toks)
    y0 = min(t["bbox"][1] for t in toks)
    x1 = max(t["bbox"][2] for t in toks)
    y1 = max(t["bbox"][3] for t in toks)
    h = y1 - y0
    return page, (max(0, x0 - 6 * pad), max(0, y0 - h - pad // 2), x1 + 6 * pad, y1 + h + pad // 2)


def crop_png(store: Store, doc_id: str, sid: str) -> bytes:
    """PNG bytes of the scan around a suggestion, with the span's box outlined."""
    doc = store.document(doc_id)
    it = store.item(doc_id, sid)
    found = crop_box(doc, it.start, it.end)
    if found is None:
        raise StoreError(f"suggestion {sid} has no scan to show", "E701", 404)
    page, (x0, y0, x1, y1) = found
    path = next(p["image"] for p in doc["pages"] if p.get("number") == page)
    if not Path(path).is_file():
        raise StoreError(f"the scan of page {page} is no longer at its place", "E702", 404)
    import cv2
    img = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if img is None:
        raise StoreError(f"the scan of page {page} cannot be read", "E703", 404)
    hgt, wid = img.shape[:2]
    x1, y1 = min(wid, x1), min(hgt, y1)
    toks = [t for t in doc["tokens"] if t.get("bbox") and t["start"] < max(it.end, it.start + 1) and it.start < t["end"]]
    for t in toks:
        a, b, c, d = t["bbox"]
        cv2.rectangle(img, (a - 3, b - 3), (c + 3, d + 3), (0, 90, 255), 2)
    ok, buf = cv2.imencode(".png", img[y0:y1, x0:x1])
    if not ok:
        raise StoreError("could not encode the crop", "E704", 500)
    return buf.tobytes()


def _url(*parts: str) -> str:
    return "/" + "/".join(quote(p, safe="") for p in parts)


def item_view(store: Store, it: Item, doc: dict | None = None) -> dict:
    doc = doc or store.document(it.doc)
    pr, reasons = priority(it, doc)
    d = it.to_dict()
    d.update({"context": context(doc["text"], it.start, it.end), "english": english_for(doc, it.start, it.end),
              "priority": pr, "reasons": reasons,
              "crop": _url("crop", it.doc, it.id) + ".png" if crop_box(doc, it.start, it.end) else None,
              "links": {"item": _url("item", it.doc, it.id), "document": _url("doc", it.doc) + f"#s-{it.id}",
                        "similar": _url("similar", it.doc, it.id)}})
    return d


def queue_view(store: Store, filters: dict, limit: int = 50) -> dict:
    status = filters.get("status") or "open"
    items = store.items(filters.get("doc") or None, stage=filters.get("stage") or None,
                        status=status.split(","), kind=filters.get("kind") or None,
                        min_conf=filters.get("min_conf"), max_conf=filters.get("max_conf"))
    docs: dict[str, dict] = {}
    views = []
    for it in items:
        if it.doc not in docs:
            docs[it.doc] = store.document(it.doc)
        views.append(item_view(store, it, docs[it.doc]))
    views.sort(key=lambda v: (-v["priority"], v["doc"], v["start"]))
    return {"filters": {**filters, "status": status}, "progress": store.progress(filters.get("doc") or None),
            "total": len(views), "items": views[:limit], "documents": store.documents(),
            "stages": sorted({r[0] for r in store.db.execute("SELECT DISTINCT stage FROM suggestions")})}


def document_view(store: Store, doc_id: str) -> dict:
    """The text cut into plain and suggestion segments (non-overlapping, the most certain
    first), and every suggestion (with the ones that overlap others)."""
    from ..model import Suggestion, choose_non_overlapping
    doc = store.document(doc_id)
    items = store.items(doc_id)
    by_id = {i.id: i for i in items}
    shown = choose_non_overlapping(Suggestion(i.start, i.end, i.original, i.replacement,
                                              i.confidence + (2 if i.decision else 0), i.status, i.stage, [], id=i.id)
                                   for i in items if i.status != "stale")
    segments, pos = [], 0
    text = doc["text"]
    for s in shown:
        if s.start > pos:
            segments.append({"text": text[pos:s.start]})
        it = by_id[s.id]
        segments.append({"text": it.original, "id": it.id, "status": it.status, "replacement": it.effective,
                         "confidence": it.confidence, "link": _url("item", doc_id, it.id)})
        pos = s.end
    segments.append({"text": text[pos:]})
    return {"id": doc_id, "source": doc.get("source"), "meta": doc.get("meta") or {},
            "progress": store.progress(doc_id), "segments": segments, "translation": doc.get("translation") or "",
            "suggestions": [item_view(store, i, doc) for i in items]}
