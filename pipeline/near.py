"""Forms whose OCR key is one edit away from a given key, among the forms wordfreq has seen.

The real-word check asks, for every new word of a document, which more frequent forms it
could be a misreading of.  Generating every key one edit away (a substitution or insertion of
each class letter at each place, ~500 strings for a ten-letter word) and hashing each one was
half of the cost of a document's first pass.  This index stores, for each frequent form, the
hash of its key and of every key with one letter deleted (the SymSpell idea): two keys one
edit apart share a one-deletion variant, so a query hashes only the key, its one-deletions
and (for long words) its two-deletions — 11 to 56 strings for a ten-letter word — and an exact
check on the few hits keeps the same neighbours the full probe list finds.

Hashes are polynomial (Horner, modulo 2^64) so that the whole index is computed with numpy in
seconds; a collision only adds a candidate the exact check then drops.  The index is built on
first use and cached beside the lexicon index it belongs to (about 5 million entries, 60 MB).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

from .lexicon import ocr_key

#: forms with a stored Zipf above this (tenths) are indexed: the real-word check only looks for
#: neighbours more frequent than Zipf 1.1 (its floor for a word wordfreq never saw)
MIN_ZIPF10 = 11
P = 0x100000001B3  # an odd multiplier (the 64-bit FNV prime)
MASK = (1 << 64) - 1
VERSION = "1"


def poly_hash(s: str) -> int:
    h = 0
    for c in s:
        h = (h * P + ord(c)) & MASK
    return h


def hashes_of(strings: list[str], width: int) -> np.ndarray:
    """:func:`poly_hash` of each string (none longer than ``width``, none holding NUL), at once."""
    codes = np.frombuffer("".join(s.ljust(width, "\0") for s in strings).encode("utf-32-le"),
                          dtype=np.uint32).reshape(len(strings), width).astype(np.uint64)
    h = np.zeros(len(strings), dtype=np.uint64)
    p = np.uint64(P)
    for i in range(width):
        c = codes[:, i]
        h = np.where(c > 0, h * p + c, h)
    return h


def deletions(key: str) -> list[str]:
    return [key[:i] + key[i + 1:] for i in range(len(key))]


def one_edit(key: str, other: str, alphabet: str, deletes2: bool) -> bool:
    """Is ``other`` the key itself, or one deletion, adjacent transposition, or substitution or
    insertion of a letter of ``alphabet`` away from it (or, with ``deletes2``, two deletions)?"""
    n, m = len(key), len(other)
    if m == n:
        diff = [i for i in range(n) if key[i] != other[i]]
        if len(diff) <= 1:
            return not diff or other[diff[0]] in alphabet
        return (len(diff) == 2 and diff[1] == diff[0] + 1 and key[diff[0]] == other[diff[1]]
                and key[diff[1]] == other[diff[0]])
    if m == n - 1:
        return _is_deletion(key, other)
    if m == n + 1:
        i = _first_diff(other, key)
        return other[i] in alphabet and other[:i] + other[i + 1:] == key
    if m == n - 2 and deletes2:
        i = _first_diff(key, other)
        return any(key[:i] + (key[i + 1:j] + key[j + 1:]) == other for j in range(i + 1, n))
    return False


def _first_diff(a: str, b: str) -> int:
    i = 0
    while i < len(b) and a[i] == b[i]:
        i += 1
    return i


def _is_deletion(longer: str, shorter: str) -> bool:
    i = _first_diff(longer, shorter)
    return longer[:i] + longer[i + 1:] == shorter


#: the position stored for an entry that is a whole key (not a deletion)
WHOLE = 255


def _key_hashes(keys: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(hash of every key and of each of its one-deletions, index of the key it came from,
    position of the deleted letter or ``WHOLE``, code of the deleted letter or 0)."""
    n = len(keys)
    width = max(map(len, keys))
    codes = np.frombuffer("".join(k.ljust(width, "\0") for k in keys).encode("utf-32-le"),
                          dtype=np.uint32).reshape(n, width).astype(np.uint64)
    lens = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    p = np.uint64(P)
    powers = np.ones(width + 1, dtype=np.uint64)
    for i in range(1, width + 1):
        powers[i] = (int(powers[i - 1]) * P) & MASK
    prefix = np.zeros((n, width + 1), dtype=np.uint64)  # prefix[:, i] = hash of key[:i]
    for i in range(width):
        prefix[:, i + 1] = prefix[:, i] * p + codes[:, i]
    rows = np.arange(n)
    full = prefix[rows, lens]
    hashes, owners, places = [full], [rows], [np.full(n, WHOLE, dtype=np.uint8)]
    letters = [np.zeros(n, dtype=np.uint32)]
    for i in range(min(width, WHOLE)):
        sel = rows[lens > i]
        tail = powers[lens[sel] - i - 1]
        # hash(key[:i] + key[i+1:]) = hash(key[:i])·P^(L-i-1) + hash(key[i+1:])
        suffix = full[sel] - prefix[sel, i + 1] * tail
        hashes.append(prefix[sel, i] * tail + suffix)
        owners.append(sel)
        places.append(np.full(len(sel), i, dtype=np.uint8))
        letters.append(codes[sel, i].astype(np.uint32))
    return np.concatenate(hashes), np.concatenate(owners), np.concatenate(places), np.concatenate(letters)


class NearKeys:
    """The one-deletion index of the frequent forms of a :class:`pipeline.lexicon.Lexicon`."""

    def __init__(self, lexicon, log=None):
        self.lex = lexicon
        folder = Path(lexicon.folder)
        name = f"near-v{VERSION}-z{MIN_ZIPF10}"
        parts = ("hash", "ids", "place", "letter", "zipf")
        paths = {part: folder / f"{name}-{part}.npy" for part in parts}
        if not all(p.exists() for p in paths.values()):
            self._build(paths, log)
        self.hash, self.ids, self.place, self.letter, self.zipf = (np.load(paths[part]) for part in parts)

    def _build(self, paths: dict[str, Path], log) -> None:
        t0 = time.time()
        lex = self.lex
        ids = np.flatnonzero(np.asarray(lex.zipf_arr) > MIN_ZIPF10)
        forms = lex.words(ids)
        keep = [i for i, f in enumerate(forms) if " " not in f]
        ids = ids[keep]
        keys = [ocr_key(forms[i], lex.classes) for i in keep]
        hashes, owners, places, letters = _key_hashes(keys)
        order = np.argsort(hashes, kind="stable")
        for part, arr in (("hash", hashes[order]), ("ids", ids[owners[order]].astype(np.uint32)),
                          ("place", places[order]), ("letter", letters[order]),
                          ("zipf", np.asarray(lex.zipf_arr)[ids[owners[order]]])):
            path = paths[part]
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
            np.save(tmp, arr)
            os.replace(tmp, path)
        (log or (lambda m: print(f"ocrfix: {m}", file=sys.stderr)))(
            f"near-key index: {len(ids)} frequent forms, {len(hashes)} entries ({time.time() - t0:.1f} s)")

    def lookup(self, key: str, alphabet: str, deletes2: bool, length: int, slack: int = 3,
               min_zipf: float = MIN_ZIPF10 / 10) -> list[tuple[str, float]]:
        """(form, zipf) of the frequent forms more frequent than ``min_zipf`` whose OCR key is
        one edit from ``key`` (see :func:`one_edit`) and whose length is within ``slack`` of
        ``length``: the same forms ``Lexicon.by_keys(key_probes(key, alphabet, deletes2),
        length, slack, min_zipf=min_zipf)`` returns."""
        if min_zipf < MIN_ZIPF10 / 10:
            raise ValueError(f"the near-key index holds forms above Zipf {MIN_ZIPF10 / 10} only")
        # (probe, position of its deleted letter or WHOLE, or -1 for a two-letter deletion)
        probes = [(key, WHOLE)] + [(d, i) for i, d in enumerate(deletions(key))]
        if deletes2:
            probes += [(d2, -1) for d in {d for d, _ in probes[1:]} for d2 in set(deletions(d))]
        hs = hashes_of([s for s, _ in probes], len(key))
        lo = self.hash.searchsorted(hs, "left")
        counts = self.hash.searchsorted(hs, "right") - lo
        total = int(counts.sum())
        if not total:
            return []
        # every entry of every probe's range at once, with the probe's deleted place and letter
        at = np.array([i for _, i in probes], dtype=np.int64)
        letter = np.array([ord(key[i]) if 0 <= i < WHOLE else 0 for _, i in probes], dtype=np.uint32)
        keep = counts > 0
        lo, counts, at, letter = lo[keep], counts[keep], at[keep], letter[keep]
        starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts) + np.arange(total)
        at, letter = np.repeat(at, counts), np.repeat(letter, counts)
        places = self.place[starts].astype(np.int64)
        near = np.abs(places - at)
        whole = places == WHOLE
        # a probe that is the key itself reaches every entry (the key, or a key with one letter
        # inserted); a one-letter deletion reaches an entry's whole key (the key minus a letter),
        # the same place deleted (a substitution) and the same letter deleted next to it (a
        # transposition of neighbours); a two-letter deletion reaches whole keys only
        ok = (at == WHOLE) | ((at >= 0) & (whole | (near == 0) | ((near == 1) & (self.letter[starts] == letter))))
        ok |= (at < 0) & whole
        ok &= self.zipf[starts] > int(np.floor(min_zipf * 10 + 1e-9))
        lex = self.lex
        ids = np.unique(self.ids[starts[ok]])
        out = []
        for f, i in zip(lex.words(ids), ids.tolist()):
            if abs(len(f) - length) <= slack and one_edit(key, ocr_key(f, lex.classes), alphabet, deletes2):
                out.append((f, float(lex.zipf_arr[i]) / 10))
        return out
