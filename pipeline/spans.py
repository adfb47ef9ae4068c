"""Sets of character spans with fast containment and overlap tests (sorted starts and the
furthest end reached so far: a binary search per question, not a scan of every span)."""
from __future__ import annotations

import bisect
import itertools
from typing import Iterable


class SpanSet:
    """Spans ``(start, end)`` (overlapping or not) of one text."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach = list(itertools.accumulate((b for _, b in spans), max))

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __len__(self) -> int:
        return len(self._starts)

    def covers(self, start: int, end: int) -> bool:
        """Does one span hold all of ``start:end``?  (Of the spans starting at or before
        ``start``, the furthest end reaches ``end``.)"""
        k = bisect.bisect_right(self._starts, start) - 1
        return k >= 0 and self._reach[k] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Does a span share a character with ``start:end``?  (Of the spans starting before
        ``end``, the furthest end lies past ``start``.)"""
        k = bisect.bisect_left(self._starts, end) - 1
        return k >= 0 and self._reach[k] > start
