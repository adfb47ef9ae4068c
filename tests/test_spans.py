"""SpanSet answers containment and overlap like a scan over every span."""
import random

from pipeline.spans import SpanSet


def test_covers_and_overlaps_match_a_scan():
    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(1, 12)) for a in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))]
        ss = SpanSet(spans)
        assert bool(ss) == bool(spans) and len(ss) == len(spans)
        for _ in range(30):
            s = rng.randint(0, 70)
            e = s + rng.randint(1, 10)
            assert ss.covers(s, e) == any(a <= s and e <= b for a, b in spans), (spans, s, e)
            assert ss.overlaps(s, e) == any(a < e and s < b for a, b in spans), (spans, s, e)


def test_touching_spans_neither_cover_nor_overlap():
    ss = SpanSet([(0, 5), (10, 20)])
    assert ss.covers(10, 20) and ss.covers(12, 15) and not ss.covers(4, 11)
    assert not ss.overlaps(5, 10) and ss.overlaps(4, 6) and ss.overlaps(19, 30)
    assert not SpanSet([]).covers(0, 1) and not SpanSet([]).overlaps(0, 1)
