"""Batch fixes: from one decided fix, the same fix for identical garbled tokens elsewhere.

:func:`similar` lists every place in the store's documents where the same original text
stands as a whole token: places where the pipeline already suggested something (with their
state) and bare places it did not.  :func:`apply_similar` gives the chosen places the same
replacement: an existing suggestion with that replacement is approved, one with another
replacement is edited to it, and a bare place gets a reviewer's suggestion (origin
``review``, evidence naming the fix it copies) which is approved at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .store import Store, StoreError, default_reviewer

CONTEXT = 40


@dataclass
class Occurrence:
    doc: str
    start: int
    end: int
    before: str  # context left of the token
    after: str  # context right of the token
    suggestion: str | None  # id of the suggestion on exactly this span (if any)
    replacement: str | None  # what that suggestion would put there
    status: str  # its state, or "none"
    same: bool  # this is the fix the concordance started from

    @property
    def ref(self) -> str:
        return f"{self.doc}:{self.start}:{self.end}"

    def to_dict(self) -> dict:
        return {**self.__dict__, "ref": self.ref}


def similar(store: Store, doc: str, sid: str) -> tuple[dict, list[Occurrence]]:
    """The source fix (as a dict) and every whole-token occurrence of its original text."""
    src = store.item(doc, sid)
    original = src.original
    if not original.strip():
        raise StoreError("a concordance needs a non-empty original text", "E610")
    pat = re.compile(r"(?<![\w-])" + re.escape(original) + r"(?![\w-])")
    out: list[Occurrence] = []
    for d in store.documents():
        text = store.document(d)["text"]
        spans = {(i.start, i.end): i for i in store.items(d, original=original)}
        for m in pat.finditer(text):
            it = spans.get((m.start(), m.end()))
            out.append(Occurrence(d, m.start(), m.end(), text[max(0, m.start() - CONTEXT):m.start()],
                                  text[m.end():m.end() + CONTEXT], it.id if it else None,
                                  it.effective if it else None, it.status if it else "none",
                                  d == doc and it is not None and it.id == sid))
    return {**src.to_dict(), "ref": f"{doc}:{sid}"}, out


def apply_similar(store: Store, doc: str, sid: str, refs: list[str] | None = None,
                  reviewer: str | None = None) -> list[dict]:
    """Give the occurrences ``refs`` (``DOC:START:END``; all when None) the source fix's
    replacement.  Returns what was done to each."""
    reviewer = reviewer or default_reviewer()
    src, occs = similar(store, doc, sid)
    target = src["effective"]
    wanted = None if refs is None else set(refs)
    done = []
    for o in occs:
        if o.same or (wanted is not None and o.ref not in wanted):
            continue
        if o.status == "stale":
            continue
        evidence = f"same fix as {doc}:{sid} ('{src['original']}' → '{target}'), applied to identical tokens by {reviewer}"
        if o.suggestion and o.replacement == target:
            if o.status in ("approved", "edited"):
                done.append({"ref": o.ref, "action": "unchanged", "suggestion": o.suggestion})
                continue
            store.decide(o.doc, o.suggestion, "approved", reviewer, note=evidence, batch_of=f"{doc}:{sid}")
            done.append({"ref": o.ref, "action": "approved", "suggestion": o.suggestion})
        elif o.suggestion:
            store.decide(o.doc, o.suggestion, "edited", reviewer, replacement=target, note=evidence,
                         batch_of=f"{doc}:{sid}")
            done.append({"ref": o.ref, "action": "edited", "suggestion": o.suggestion})
        else:
            new = store.add_suggestion(o.doc, o.start, o.end, target, reviewer, [evidence], kind=src["kind"])
            store.decide(o.doc, new, "approved", reviewer, batch_of=f"{doc}:{sid}")
            done.append({"ref": o.ref, "action": "added and approved", "suggestion": new})
    if wanted:
        missing = wanted - {o.ref for o in occs}
        if missing:
            raise StoreError(f"not occurrences of '{src['original']}': {', '.join(sorted(missing))}", "E611")
    return done
