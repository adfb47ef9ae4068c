"""The confusion-weighted edit distance compiled with numba.

:func:`pipeline.confusion.edit_cost` is the pure-Python reference: the same dynamic programme
over folded strings, in a band around the diagonal, with substitutions, insertions, deletions,
transpositions of neighbours, merges (two true characters read as one) and splits (one read as
two), stopping early once two consecutive rows exceed the limit.  It is the innermost loop of
the real-word check, of the lexicon stage's ranking and of matching names against the
gazetteer, and a first look at a document spent a third of its time in it.

Here the table becomes arrays: every character the model mentions gets a small id (others share
id 0, whose edits cost the default), substitutions a dense matrix, merges and splits sorted
integer keys.  The compiled function gives the same costs (tests compare both on thousands of
pairs) about fifty times faster.  Compiled code is cached on disk by numba, so a process after
the first loads it instead of compiling.
"""
from __future__ import annotations

import numpy as np

try:  # numba is a declared dependency; without it the pure-Python reference is used
    import numba
except ImportError:  # pragma: no cover - exercised only on a broken install
    numba = None

#: characters above this code point all share id 0
MAX_CODE = 0xFFFF


class Compiled:
    """A confusion table as arrays for :func:`_dp`."""

    def __init__(self, conf, default: float, transpose: float):
        chars = sorted({c for (o, t) in conf.sub for c in o + t} | set(conf.ins) | set(conf.dele)
                       | {c for (o, t) in conf.merge for c in o + t} | {c for (o, t) in conf.split for c in o + t})
        chars = [c for c in chars if ord(c) <= MAX_CODE]
        ids = {c: i + 1 for i, c in enumerate(chars)}
        n = len(chars) + 1
        self.n = n
        self.cmap = np.zeros(MAX_CODE + 1, dtype=np.int32)
        for c, i in ids.items():
            self.cmap[ord(c)] = i
        self.sub = np.full((n, n), default, dtype=np.float64)
        for (o, t), w in conf.sub.items():
            if o in ids and t in ids:
                self.sub[ids[o], ids[t]] = w
        self.ins = np.full(n, default, dtype=np.float64)
        self.dele = np.full(n, default, dtype=np.float64)
        for c, w in conf.ins.items():
            if c in ids:
                self.ins[ids[c]] = w
        for c, w in conf.dele.items():
            if c in ids:
                self.dele[ids[c]] = w
        # merge: one OCR character o for two true ones t1 t2; split: two OCR characters for one
        merge = sorted(((ids[o] * n + ids[t[0]]) * n + ids[t[1]], w) for (o, t), w in conf.merge.items()
                       if all(c in ids for c in o + t))
        split = sorted(((ids[o[0]] * n + ids[o[1]]) * n + ids[t], w) for (o, t), w in conf.split.items()
                       if all(c in ids for c in o + t))
        self.merge_keys = np.array([k for k, _ in merge], dtype=np.int64)
        self.merge_costs = np.array([w for _, w in merge], dtype=np.float64)
        self.split_keys = np.array([k for k, _ in split], dtype=np.int64)
        self.split_costs = np.array([w for _, w in split], dtype=np.float64)
        self.merge_o = np.zeros(n, dtype=np.bool_)
        self.split_t = np.zeros(n, dtype=np.bool_)
        for (o, _), _w in conf.merge.items():
            if o in ids:
                self.merge_o[ids[o]] = True
        for (_, t), _w in conf.split.items():
            if t in ids:
                self.split_t[ids[t]] = True
        self.transpose = float(transpose)

        # one float array and one integer array (numba's per-call cost grows with the argument count)
        self.floats = np.concatenate([self.sub.ravel(), self.ins, self.dele, self.merge_costs, self.split_costs,
                                      [self.transpose]])
        self.ints = np.concatenate([[n, len(merge), len(split)], self.merge_keys, self.split_keys,
                                    self.merge_o.astype(np.int64), self.split_t.astype(np.int64)]).astype(np.int64)

    def cost(self, o: str, t: str, limit: float) -> float:
        codes = np.frombuffer((o + t).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return _dp(codes, len(o), self.cmap, self.floats, self.ints, limit)


def _lookup(keys, lo, hi, costs, at, key):
    """The cost stored for ``key`` among the sorted ``keys[lo:hi]`` (``costs[at + i]``), or -1."""
    end = hi
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    if lo < end and keys[lo] == key:
        return costs[at + lo]
    return -1.0


def _dp_py(codes, n, cmap, fl, it, limit):
    inf = np.inf
    nid, nm, ns = it[0], it[1], it[2]
    # the layout of Compiled.floats and Compiled.ints
    f_ins = nid * nid
    f_dele = f_ins + nid
    f_merge = f_dele + nid
    f_split = f_merge + nm
    transpose = fl[f_split + ns]
    i_merge = 3
    i_split = i_merge + nm
    i_merge_o = i_split + ns
    i_split_t = i_merge_o + nid
    m = len(codes) - n
    ids = np.empty(n + m, dtype=np.int64)
    for k in range(n + m):
        ids[k] = cmap[codes[k]] if codes[k] <= 0xFFFF else 0
    band = abs(n - m) + 3
    d = np.full((n + 1, m + 1), inf)
    d[0, 0] = 0.0
    for j in range(1, min(m, band) + 1):
        d[0, j] = d[0, j - 1] + fl[f_dele + ids[n + j - 1]]
    for i in range(1, n + 1):
        oi = codes[i - 1]
        a = ids[i - 1]
        c_ins = fl[f_ins + a]
        if i <= band:
            d[i, 0] = d[i - 1, 0] + c_ins
        lo = i - band
        if lo < 1:
            lo = 1
        hi = i + band
        if hi > m:
            hi = m
        for j in range(lo, hi + 1):
            tj = codes[n + j - 1]
            b = ids[n + j - 1]
            best = d[i - 1, j - 1] + (0.0 if oi == tj else fl[a * nid + b])
            v = d[i - 1, j] + c_ins
            if v < best:
                best = v
            v = d[i, j - 1] + fl[f_dele + b]
            if v < best:
                best = v
            if j > 1:
                if i > 1 and oi == codes[n + j - 2] and codes[i - 2] == tj and oi != tj:
                    v = d[i - 2, j - 2] + transpose
                    if v < best:
                        best = v
                if it[i_merge_o + a]:
                    c = _lookup(it, i_merge, i_merge + nm, fl, f_merge - i_merge,
                                (a * nid + ids[n + j - 2]) * nid + b)
                    if c >= 0.0 and d[i - 1, j - 2] + c < best:
                        best = d[i - 1, j - 2] + c
            if i > 1 and it[i_split_t + b]:
                c = _lookup(it, i_split, i_split + ns, fl, f_split - i_split, (ids[i - 2] * nid + a) * nid + b)
                if c >= 0.0 and d[i - 2, j - 1] + c < best:
                    best = d[i - 2, j - 1] + c
            d[i, j] = best
        if limit < inf:
            row_min = inf
            prev_min = inf
            for j in range(m + 1):
                if d[i, j] < row_min:
                    row_min = d[i, j]
                if d[i - 1, j] < prev_min:
                    prev_min = d[i - 1, j]
            if row_min > limit + 1e-9 and prev_min > limit + 1e-9:
                return inf
    return d[n, m]


if numba is not None:
    _lookup = numba.njit(cache=True, nogil=True)(_lookup)
    _dp = numba.njit(cache=True, nogil=True)(_dp_py)
else:  # pragma: no cover
    _dp = None
