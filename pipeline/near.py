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
first use and cached beside the lexicon index it belongs to (about 5 million entries, 92 MB,
memory-mapped).
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import numpy as np

from .lexicon import MASK, P, ocr_key

#: forms with a stored Zipf above this (tenths) are indexed: the real-word check only looks for
#: neighbours more frequent than the word itself, and a word counts as at least Zipf 1.0
MIN_ZIPF10 = 10
VERSION = "1"


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
            import fcntl
            with open(folder / f"{name}.lock", "w") as lock:  # one process builds, the others wait
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not all(p.exists() for p in paths.values()):
                    self._build(paths, log)
        self.hash, self.ids, self.place, self.letter, self.zipf = (np.load(paths[part], mmap_mode="r")
                                                                   for part in parts)

    def _build(self, paths: dict[str, Path], log) -> None:
        t0 = time.time()
        lex = self.lex
        ids = np.flatnonzero(np.asarray(lex.zipf_arr) > MIN_ZIPF10)
        forms = lex.words(ids)
        keep = [i for i, f in enumerate(forms) if " " not in f and len(f) < WHOLE]  # a place fits a byte
        ids = ids[keep]
        keys = [ocr_key(forms[i], lex.classes) for i in keep]
        hashes, owners, places, letters = _key_hashes(keys)
        order = np.argsort(hashes, kind="stable")
        for part, arr in (("hash", hashes[order]), ("ids", ids[owners[order]].astype(np.uint32)),
                          ("place", places[order]), ("letter", letters[order]),
                          ("zipf", np.asarray(lex.zipf_arr)[ids[owners[order]]])):
            path = paths[part]
            tmp = path.with_name(f"{path.stem}.{os.getpid()}-{threading.get_ident()}.tmp.npy")
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
        codes = np.frombuffer(key.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        floor = int(np.floor(min_zipf * 10 + 1e-9))
        if _probe is not None:
            entries = _probe(codes, deletes2, self.hash, self.place, self.letter, self.zipf, floor)
        else:  # pragma: no cover - numba missing
            with np.errstate(over="ignore"):
                entries = _probe_py(codes, deletes2, self.hash, self.place, self.letter, self.zipf, floor)
        lex = self.lex
        ids = np.unique(self.ids[entries])
        out = []
        for f, i in zip(lex.words(ids), ids.tolist()):
            if abs(len(f) - length) <= slack and one_edit(key, ocr_key(f, lex.classes), alphabet, deletes2):
                out.append((f, float(lex.zipf_arr[i]) / 10))
        return out


def _hash_without_py(codes, i, j):
    """poly_hash of the key ``codes`` without the letters at ``i`` and ``j`` (-1: none)."""
    p = np.uint64(P)
    h = np.uint64(0)
    for k in range(len(codes)):
        if k != i and k != j:
            h = h * p + np.uint64(codes[k])
    return h


def _probe_py(codes, deletes2, hashes, place, letter, zipf, floor):
    """Indexes of the entries a key (``codes``) reaches with forms above Zipf ``floor``
    (tenths): the key itself reaches every entry with its hash (the key, or a key with one
    letter inserted); the key minus one letter reaches an entry's whole key (a deletion), the
    same place deleted (a substitution) and the same letter deleted next to it (a transposition
    of neighbours); with ``deletes2``, the key minus two letters reaches whole keys only."""
    n = len(codes)
    out = []
    for i in range(-1, n):  # -1: no letter deleted
        h = np.uint64(_hash_without(codes, i, -1))
        at = np.searchsorted(hashes, h)
        while at < len(hashes) and hashes[at] == h:
            pl = np.int64(place[at])
            if zipf[at] > floor and (i < 0 or pl == WHOLE or pl == i
                                     or (abs(pl - i) == 1 and letter[at] == codes[i])):
                out.append(at)
            at += 1
    if deletes2:
        for i in range(n):
            for j in range(i + 1, n):
                h = np.uint64(_hash_without(codes, i, j))
                at = np.searchsorted(hashes, h)
                while at < len(hashes) and hashes[at] == h:
                    if zipf[at] > floor and place[at] == WHOLE:
                        out.append(at)
                    at += 1
    return np.array(out, dtype=np.int64)


def _one_edit_probes_py(codes, alphabet, deletes2, hashes):
    """Entries of the lexicon's sorted key ``hashes`` that a key (``codes``) reaches within one
    edit: the key itself, each one-letter deletion, substitution or insertion of a letter of
    ``alphabet``, each swap of neighbours, and with ``deletes2`` each two-letter deletion.
    Returns (entry indexes, plain edit distance of the probe that reached each: 0, 1 or 2); an
    entry reached twice comes back twice."""
    n = len(codes)
    p = np.uint64(P)
    # prefix[i] = hash(key[:i]); powers[k] = P^k
    prefix = np.zeros(n + 1, dtype=np.uint64)
    for i in range(n):
        prefix[i + 1] = prefix[i] * p + np.uint64(codes[i])
    powers = np.ones(n + 2, dtype=np.uint64)
    for i in range(1, n + 2):
        powers[i] = powers[i - 1] * p
    full = prefix[n]
    found = []
    dist = []
    probes = [full]
    dists = [0]
    for i in range(n):
        rest = full - prefix[i + 1] * powers[n - i - 1]  # hash(key[i+1:])
        probes.append(prefix[i] * powers[n - i - 1] + rest)  # deletion
        dists.append(1)
        for c in alphabet:
            if c != codes[i]:  # substitution
                probes.append((prefix[i] * p + np.uint64(c)) * powers[n - i - 1] + rest)
                dists.append(1)
        if i + 1 < n and codes[i] != codes[i + 1]:  # swap of neighbours
            rest2 = full - prefix[i + 2] * powers[n - i - 2]
            probes.append(((prefix[i] * p + np.uint64(codes[i + 1])) * p + np.uint64(codes[i])) * powers[n - i - 2]
                          + rest2)
            dists.append(2)
    for i in range(n + 1):  # insertions
        rest = full - prefix[i] * powers[n - i]
        for c in alphabet:
            probes.append((prefix[i] * p + np.uint64(c)) * powers[n - i] + rest)
            dists.append(1)
    if deletes2:
        for i in range(n):
            for j in range(i + 1, n):
                probes.append(np.uint64(_hash_without(codes, i, j)))
                dists.append(2)
    for q in range(len(probes)):
        h = probes[q]
        at = np.searchsorted(hashes, h)
        while at < len(hashes) and hashes[at] == h:
            found.append(at)
            dist.append(dists[q])
            at += 1
    return np.array(found, dtype=np.int64), np.array(dist, dtype=np.int64)


def one_edit_entries(codes: np.ndarray, alphabet: np.ndarray, deletes2: bool, hashes: np.ndarray):
    """:func:`_one_edit_probes_py`, compiled when numba is installed."""
    if _one_edit_probes is not None:
        return _one_edit_probes(codes, alphabet, deletes2, hashes)
    with np.errstate(over="ignore"):  # the hashes wrap around 2^64 on purpose
        return _one_edit_probes_py(codes, alphabet, deletes2, hashes)


try:
    import numba
    _hash_without = numba.njit(cache=True, nogil=True)(_hash_without_py)
    _probe = numba.njit(cache=True, nogil=True)(_probe_py)
    _one_edit_probes = numba.njit(cache=True, nogil=True)(_one_edit_probes_py)
except ImportError:  # pragma: no cover - the same functions run as Python
    _hash_without = _hash_without_py
    _probe = _one_edit_probes = None
