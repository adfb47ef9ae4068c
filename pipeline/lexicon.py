"""The Russian spelling lexicon: every inflected form, with frequencies, as a compact index.

Sources (see docs/spelling.md):

- every word form of pymorphy3's OpenCorpora dictionary (about 3 million);
- word frequencies of wordfreq (``ru``, large list), as Zipf values;
- Debian's hunspell-ru as a second opinion: a wordfreq word that pymorphy3 lacks joins the
  lexicon only when the ``hunspell`` binary accepts it (pymorphy3 forms are counted against
  hunspell at build time, as a cross-check);
- ``dictionaries/period_vocabulary.tsv`` (with every form pymorphy3 infers for each entry) and
  ``dictionaries/abbreviations.tsv``.

``ocrfix dictionaries build`` writes the index into ``cache_dir()/lexicon-<checksum>``; the
checksum covers the package versions, the dictionaries' checksums and the OCR-key classes, so
a change of any input builds a new index.  The index is a set of numpy arrays opened with
memory mapping: sorted 64-bit hashes of the forms (``is_known``), sorted hashes of their
*OCR keys* (each letter replaced by its class of typewriter look-alikes, see
:mod:`pipeline.confusion`) for candidate lookups, Zipf frequencies and the forms themselves
as one UTF-8 blob with offsets.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from .errors import ResourceError
from .resources import cache_dir, read_table
from .stages import resource

FORMAT = "4"  # 4: OCR keys hashed with poly_hash
#: an apostrophe or quote written for ъ (об"яснить, об'явить)
HARD_SIGN_QUOTE = re.compile(r"(?<=[бвгдзкмнпрстфхцчшщжлБВГДЗКМНПРСТФХЦЧШЩЖЛ])[\"'’](?=[еёюяЕЁЮЯ])")
CYRILLIC_WORD = re.compile(r"^[а-я]+(?:-[а-я]+)*$")
#: confusion rows at or below this cost put two letters into one OCR-key class
CLASS_COST = 0.4
PERIOD_FILE = "period_vocabulary.tsv"
ABBREV_FILE = "abbreviations.tsv"
SRC_PYMORPHY, SRC_WORDFREQ, SRC_HUNSPELL, SRC_PERIOD = 1, 2, 4, 8


@functools.lru_cache(maxsize=200_000)
def norm(word: str) -> str:
    """The lookup form: ъ for a quote between consonant and е/ё/ю/я, lower case, ё→е
    (remembered per word)."""
    return HARD_SIGN_QUOTE.sub("ъ", word).lower().replace("ё", "е")


def stable_hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")


P = 0x100000001B3  # an odd multiplier (the 64-bit FNV prime)
MASK = (1 << 64) - 1


def poly_hash(s: str) -> int:
    """A polynomial hash modulo 2^64 (Horner over code points): the hash of an OCR key.  Unlike
    :func:`stable_hash` it is cheap to update, so compiled code can hash the hundreds of keys one
    edit away from a word without building them as strings (:mod:`pipeline.near`)."""
    h = 0
    for c in s:
        h = (h * P + ord(c)) & MASK
    return h


def key_classes() -> dict[str, str]:
    """Letter → class symbol: connected groups of cheap typewriter confusions.

    Only the prior rows of ``confusions.tsv`` count, so relearning the weights from data does
    not rebuild the index."""
    from .confusion import Confusions
    prior = Confusions()
    for row in read_table("confusions.tsv", ("ocr", "truth", "weight", "source"), warn=False).rows:
        if row["source"].startswith("prior: typewriter"):
            prior.add(row["ocr"], row["truth"], float(row["weight"]))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x
    for (o, t), w in sorted(prior.sub.items()):
        if w <= CLASS_COST and "а" <= o <= "я" and "а" <= t <= "я":
            ra, rb = find(o), find(t)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {c: find(c) for c in parent}


def ocr_key(word: str, classes: dict[str, str]) -> str:
    """``word`` (normalised) with every letter replaced by its look-alike class."""
    return "".join(classes.get(c, c) for c in word)


# --- building ----------------------------------------------------------------------------------

def _versions() -> dict[str, str]:
    from importlib.metadata import version
    out = {}
    for pkg in ("pymorphy3", "pymorphy3-dicts-ru", "wordfreq"):
        try:
            out[pkg] = version(pkg)
        except Exception:  # noqa: BLE001 - a missing package shows in the checksum
            out[pkg] = "missing"
    hs = Path("/usr/share/hunspell/ru_RU.dic")
    out["hunspell-ru"] = hashlib.sha256(hs.read_bytes()).hexdigest()[:12] if hs.exists() else "missing"
    return out


def input_checksum() -> tuple[str, dict]:
    """Checksum of everything the index is built from."""
    inputs = {"format": FORMAT, "versions": _versions(),
              "period": read_table(PERIOD_FILE, ("word", "source"), warn=False).checksum,
              "abbreviations": read_table(ABBREV_FILE, ("abbr", "source"), warn=False).checksum,
              "classes": "".join(f"{k}{v}" for k, v in sorted(key_classes().items()))}
    raw = json.dumps(inputs, sort_keys=True).encode()
    return hashlib.sha256(raw).hexdigest()[:16], inputs


def hunspell_accepts(words: list[str]) -> set[str] | None:
    """The words Debian's hunspell (ru_RU) accepts, or None when hunspell is not installed."""
    exe = shutil.which("hunspell")
    if not exe or not Path("/usr/share/hunspell/ru_RU.dic").exists():
        return None
    res = subprocess.run([exe, "-d", "ru_RU", "-l"], input="\n".join(words), capture_output=True,
                         text=True, encoding="utf-8", check=False)
    rejected = set(res.stdout.split())
    return {w for w in words if w not in rejected}


def period_forms(rows: list[dict[str, str]], morph) -> dict[str, str]:
    """Every form pymorphy3 gives (or infers) for the period vocabulary: form → source."""
    out: dict[str, str] = {}
    for row in rows:
        word = norm(row["word"])
        out[word] = row["source"]
        parses = morph.parse(word)
        pos = row.get("pos", "")
        fit = [p for p in parses if p.normal_form == word and (not pos or p.tag.POS == pos)] or parses[:1]
        for p in fit[:1]:
            for f in p.lexeme:
                out.setdefault(norm(f.word), row["source"])
    return out


def build(out_root: Path | None = None, *, log=print) -> Path:
    """Build the index (about three minutes) and return its folder."""
    import numpy as np
    import pymorphy3
    import wordfreq
    t0 = time.time()
    checksum, inputs = input_checksum()
    folder = (out_root or cache_dir()) / f"lexicon-{checksum}"
    morph = pymorphy3.MorphAnalyzer()
    src: dict[str, int] = {}
    for w in morph.dictionary.words.iterkeys(""):
        n = norm(w)
        src[n] = src.get(n, 0) | SRC_PYMORPHY
    n_pymorphy = len(src)
    log(f"pymorphy3: {n_pymorphy} distinct forms ({time.time() - t0:.0f} s)")
    freqs = wordfreq.get_frequency_dict("ru", wordlist="large")
    zipf: dict[str, float] = {}
    extra = []
    for w, f in freqs.items():
        n = norm(w)
        if not CYRILLIC_WORD.match(n):
            continue  # Latin look-alikes (c, a, o, p, x) must not count as Russian words
        z = 9.0 + np.log10(f)
        zipf[n] = max(zipf.get(n, 0.0), float(z))
        if n in src:
            src[n] |= SRC_WORDFREQ
        else:
            extra.append(n)
    accepted = hunspell_accepts(extra)
    for w in accepted or ():
        src[w] = SRC_WORDFREQ | SRC_HUNSPELL
    sample = sorted(src)[:: max(1, len(src) // 20000)]
    sample_ok = hunspell_accepts(sample)
    period = period_forms(read_table(PERIOD_FILE, ("word", "source")).rows, morph)
    for w in period:
        src[w] = src.get(w, 0) | SRC_PERIOD
    for row in read_table(ABBREV_FILE, ("abbr", "source")).rows:
        w = norm(row["abbr"]).strip(".")
        if w.isalpha():
            src[w] = src.get(w, 0) | SRC_PERIOD
    log(f"wordfreq: {len(zipf)} Cyrillic words, {len(extra)} not in pymorphy3, "
        f"{len(accepted or ())} of them accepted by hunspell; period vocabulary {len(period)} forms")
    words = sorted(src)
    classes = key_classes()
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    blob = "\n".join(words).encode("utf-8")
    offsets = np.zeros(len(words) + 1, dtype=np.uint32)
    pos = 0
    for i, w in enumerate(words):
        offsets[i] = pos
        pos += len(w.encode("utf-8")) + 1
    offsets[len(words)] = pos
    (tmp / "words.bin").write_bytes(blob + b"\n")
    exact = np.fromiter((stable_hash(w) for w in words), dtype=np.uint64, count=len(words))
    keys = np.fromiter((poly_hash(ocr_key(w, classes)) for w in words), dtype=np.uint64, count=len(words))
    ids = np.arange(len(words), dtype=np.uint32)
    o1, o2 = np.argsort(exact, kind="stable"), np.argsort(keys, kind="stable")
    arrays = {"offsets": offsets, "exact_hash": exact[o1], "exact_ids": ids[o1], "key_hash": keys[o2],
              "key_ids": ids[o2],
              "zipf": np.array([round(zipf.get(w, 0.0) * 10) for w in words], dtype=np.uint8),
              "src": np.array([src[w] for w in words], dtype=np.uint8)}
    for name, arr in arrays.items():
        np.save(tmp / f"{name}.npy", arr)
    meta = {"checksum": checksum, "inputs": inputs, "forms": len(words), "pymorphy3_forms": n_pymorphy,
            "wordfreq_words": len(zipf), "wordfreq_not_in_pymorphy3": len(extra),
            "hunspell_accepted_extra": len(accepted or ()) if accepted is not None else None,
            "hunspell_sample": len(sample),
            "hunspell_sample_accepted": len(sample_ok) if sample_ok is not None else None,
            "period_forms": len(period), "classes": classes, "build_seconds": round(time.time() - t0, 1)}
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    log(f"lexicon: {len(words)} forms → {folder} ({meta['build_seconds']} s)")
    return folder


# --- the loaded index --------------------------------------------------------------------------

@dataclass
class Abbreviation:
    abbr: str
    expansion: str
    source: str


class Lexicon:
    """The memory-mapped index: ``is_known``, ``freq``, ``zipf``, OCR-key lookups."""

    def __init__(self, folder: Path):
        import numpy as np
        self.np = np
        self.folder = folder
        self.meta = json.loads((folder / "meta.json").read_text("utf-8"))
        self.checksum = self.meta["checksum"]
        self.classes: dict[str, str] = self.meta["classes"]
        arr = {n: np.load(folder / f"{n}.npy", mmap_mode="r") for n in
               ("offsets", "exact_hash", "exact_ids", "key_hash", "key_ids", "zipf", "src")}
        # plain array views of the memory maps: indexing a numpy.memmap costs about ten times more
        self.offsets, self.zipf_arr, self.src = (np.asarray(arr[n]) for n in ("offsets", "zipf", "src"))
        self.exact_hash, self.exact_ids = np.load(folder / "exact_hash.npy"), arr["exact_ids"]
        self._n = len(self.exact_hash)
        self.key_hash, self.key_ids = arr["key_hash"], arr["key_ids"]
        import mmap
        with open(folder / "words.bin", "rb") as fh:
            self.blob = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        self.abbreviations: dict[str, Abbreviation] = {}
        for row in read_table(ABBREV_FILE, ("abbr", "source")).rows:
            a = Abbreviation(row["abbr"], row.get("expansion", ""), row["source"])
            self.abbreviations[row["abbr"]] = a
            self.abbreviations.setdefault(row["abbr"].rstrip("."), a)
        self._cache: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @functools.cached_property
    def near(self):
        """The one-deletion index of the frequent forms' keys (:class:`pipeline.near.NearKeys`),
        built on first use."""
        from .near import NearKeys
        return NearKeys(self)

    def words(self, ids) -> list[str]:
        """The forms with indexes ``ids`` (a numpy array)."""
        starts, ends = self.offsets[ids].tolist(), self.offsets[ids + 1].tolist()
        blob = self.blob
        return [blob[a:b - 1].decode("utf-8") for a, b in zip(starts, ends)]

    def word(self, i: int) -> str:
        return self.blob[int(self.offsets[i]):int(self.offsets[i + 1]) - 1].decode("utf-8")

    def _id(self, n: str) -> int:
        """Index of a normalised form, -1 when unknown (64-bit hashes: a false hit among 3
        million forms has a probability of about 1e-13 per lookup)."""
        got = self._cache.get(n)
        if got is not None:
            return got
        h = stable_hash(n)
        i = int(self.exact_hash.searchsorted(self.np.uint64(h)))
        found = int(self.exact_ids[i]) if i < self._n and int(self.exact_hash[i]) == h else -1
        if len(self._cache) > 300_000:
            self._cache.clear()
        self._cache[n] = found
        return found

    def is_known(self, word: str) -> bool:
        """A known form?  Case- and ё/е-insensitive; hyphenated compounds by their parts;
        a quote for ъ (об"яснить) is the period spelling of ъ."""
        n = norm(word)
        if not n:
            return False
        if self._id(n) >= 0:
            return True
        if "-" in n:
            parts = [p for p in n.split("-")]
            if all(parts) and self._id(parts[-1]) >= 0 and all(
                    self._id(p) >= 0 or self._linking_form(p) for p in parts[:-1]):
                return True
            return self._id(n.replace("-", "")) >= 0
        return False

    #: endings that make a word of the stem of a compound's linking form (корейско- → корейский,
    #: англо- → английский, португало- → португальский, северо- → север, турко- → турки)
    LINKING_ENDINGS = ("", "ый", "ий", "ой", "ский", "ийский", "ьский", "ный", "ний", "и", "а")

    def _linking_form(self, part: str) -> bool:
        """Is ``part`` the first part of a compound (военно-, корейско-, юго-): three letters or
        more ending in о or е whose stem is a word, or makes an adjective or noun with a usual
        ending?  (горейсхо- is no linking form: OCR garbled корейско-.)"""
        if len(part) < 3 or part[-1] not in "ое":
            return False
        stem = part[:-1]
        return any(self._id(stem + e) >= 0 for e in self.LINKING_ENDINGS)

    def known_among(self, forms: list[str]) -> list[str]:
        """The forms of ``forms`` (normalised, no hyphens) that are known, in one vectorised
        look-up and without filling the per-word cache: for callers that try many made-up
        strings (the readings of a broken word), most of them no word."""
        if not forms:
            return []
        np = self.np
        hashes = np.fromiter((stable_hash(f) for f in forms), dtype=np.uint64, count=len(forms))
        idx = np.minimum(self.exact_hash.searchsorted(hashes), max(0, self._n - 1))
        hit = self.exact_hash[idx] == hashes if self._n else np.zeros(len(forms), bool)
        return [f for f, h in zip(forms, hit.tolist()) if h]

    def is_abbreviation(self, word: str) -> bool:
        return word in self.abbreviations or word.rstrip(".") in self.abbreviations

    def zipf(self, word: str) -> float:
        """Zipf frequency (0 when unknown or unseen by wordfreq)."""
        i = self._id(norm(word))
        return float(self.zipf_arr[i]) / 10 if i >= 0 else 0.0

    def freq(self, word: str) -> float:
        """Relative frequency (0 when unknown)."""
        z = self.zipf(word)
        return 10 ** (z - 9) if z > 0 else 0.0

    def sources(self, word: str) -> int:
        i = self._id(norm(word))
        return int(self.src[i]) if i >= 0 else 0

    def key(self, word: str) -> str:
        return ocr_key(norm(word), self.classes)

    def by_keys(self, keys: list[str], length: int | None = None, slack: int = 3,
                limit: int = 5000, min_zipf: float | None = None) -> list[tuple[str, float]]:
        """(form, zipf) of the forms whose OCR key is one of ``keys`` (and, given ``length``,
        whose length is within ``slack`` letters of it; given ``min_zipf``, only forms more
        frequent than that, filtered before they are read)."""
        np = self.np
        if not keys:
            return []
        hs = np.unique(np.fromiter((poly_hash(k) for k in keys), dtype=np.uint64, count=len(keys)))
        lo = self.key_hash.searchsorted(hs, "left")
        hi = self.key_hash.searchsorted(hs, "right")
        counts = hi - lo
        total = int(counts.sum())
        if not total:
            return []
        # every position of every matching range at once (one gather, not a slice per key)
        keep = counts > 0
        lo, counts = lo[keep].astype(np.int64), counts[keep].astype(np.int64)
        starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        ids = np.unique(np.asarray(self.key_ids[starts + np.arange(total)]))
        if length is not None:
            nbytes = (self.offsets[ids + 1].astype(np.int64) - self.offsets[ids] - 1) / 2  # Cyrillic: 2 bytes
            ids = ids[np.abs(nbytes - length) <= slack]
        if min_zipf is not None:
            ids = ids[self.zipf_arr[ids] > math.floor(min_zipf * 10 + 1e-9)]
        ids = ids[:limit]
        starts, ends = self.offsets[ids].tolist(), self.offsets[ids + 1].tolist()
        blob = self.blob
        return [(blob[a:b - 1].decode("utf-8"), z / 10)
                for a, b, z in zip(starts, ends, self.zipf_arr[ids].tolist())]


    def one_edit_forms(self, key: str, alphabet: str, deletes2: bool, length: int,
                       slack: int = 3) -> list[tuple[str, float, int]]:
        """(form, zipf, plain edit distance of its key from ``key``) of the forms whose OCR key
        is the key, or one deletion, substitution or insertion of a letter of ``alphabet``, or a
        swap of neighbours away (or, with ``deletes2``, two deletions), and whose length is
        within ``slack`` of ``length``: ``by_keys(key_probes(...))`` without building the
        hundreds of probe strings (compiled, :func:`pipeline.near.one_edit_entries`)."""
        ids, zipf10, dist = self.one_edit_ids(key, alphabet, deletes2, length, slack)
        return [(f, z / 10, d) for f, z, d in zip(self.words(ids), zipf10.tolist(), dist.tolist())]

    def one_edit_ids(self, key: str, alphabet: str, deletes2: bool, length: int, slack: int = 3):
        """:meth:`one_edit_forms` as arrays (form index, Zipf × 10, key distance), nothing
        decoded: for callers that read only the forms they need."""
        from .near import one_edit_entries
        np = self.np
        codes = np.frombuffer(key.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        letters = np.frombuffer(alphabet.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        entries, dist = one_edit_entries(codes, letters, deletes2, self.key_hash)
        if not len(entries):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64)
        ids = np.asarray(self.key_ids[entries]).astype(np.int64)
        order = np.lexsort((dist, ids))
        ids, dist = ids[order], dist[order]
        first = np.ones(len(ids), dtype=bool)
        first[1:] = ids[1:] != ids[:-1]
        ids, dist = ids[first], dist[first]  # each form once, with its smallest distance
        nbytes = (self.offsets[ids + 1].astype(np.int64) - self.offsets[ids] - 1) / 2  # Cyrillic: 2 bytes
        keep = np.abs(nbytes - length) <= slack
        ids, dist = ids[keep], dist[keep]
        return ids, np.asarray(self.zipf_arr[ids]), dist


def index_folder() -> Path:
    checksum, _ = input_checksum()
    return cache_dir() / f"lexicon-{checksum}"


@resource("lexicon")
def load_lexicon() -> Lexicon:
    """The lexicon index, built on first use (about three minutes) and then memory-mapped."""
    folder = index_folder()
    if not (folder / "meta.json").exists():
        print(f"ocrfix: building the lexicon index in {folder} (once, about three minutes)", file=sys.stderr)
        build(folder.parent, log=lambda m: print(f"ocrfix: {m}", file=sys.stderr))
    if not (folder / "meta.json").exists():
        raise ResourceError(f"lexicon index {folder} could not be built", code="E505")
    lex = Lexicon(folder)
    # compile (or load from numba's cache) the key-neighbourhood look-ups now, with the other
    # resources, rather than inside the first document
    lex.one_edit_forms("а", "а", False, 1)
    lex.near.lookup("а", "а", False, 1)
    return lex


@click.group("dictionaries")
def dictionaries_group() -> None:
    """Build and inspect the spelling lexicon index."""


@dictionaries_group.command("build")
@click.option("--force", is_flag=True, help="Rebuild even when an index for the same inputs exists.")
def build_cmd(force: bool) -> None:
    """Build the lexicon index into the cache (skipped when it is up to date)."""
    from .near import NearKeys
    folder = index_folder()
    if (folder / "meta.json").exists() and not force:
        click.echo(f"lexicon index up to date: {folder}")
    else:
        build(folder.parent, log=click.echo)
    NearKeys(Lexicon(folder), log=click.echo)  # the real-word check's index, built when missing
    t0 = time.time()
    compile_kernels()
    from .fastdp import numba
    how = "compiled and cached by numba" if numba is not None else "numba missing: the slower pure-Python versions are used"
    click.echo(f"look-ups and distances ready ({time.time() - t0:.1f} s; {how})")


def compile_kernels() -> None:
    """Run each compiled (numba) function once, so that installing compiles them all and later
    processes only load them from numba's cache."""
    from .align import Segment, align_segments
    from .stages import get_resource
    get_resource("lexicon")      # key neighbourhoods and the near-key index (see load_lexicon)
    get_resource("confusions")   # the weighted distance (see load_confusions)
    seg = Segment(0, 0, 1, "а")
    seg.content = 1
    align_segments([seg], [Segment(0, 0, 1, "a")], {(0, 0): {1}})


@dictionaries_group.command("info")
def info_cmd() -> None:
    """Print what the current lexicon index holds."""
    lex = load_lexicon()
    meta = {k: v for k, v in lex.meta.items() if k not in ("classes", "inputs")}
    click.echo(json.dumps(meta, ensure_ascii=False, indent=1))


@dictionaries_group.command("calibrate")
@click.option("--levels", default="clean,medium,heavy", show_default=True,
              help="Rendered-scan levels of the train split to fit on ('' for the seeds only).")
@click.option("--stages", "stage_list", default=None, help="Stages that propose candidates (default: all before decide).")
def calibrate_cmd(levels: str, stage_list: str | None) -> None:
    """Fit the confidence calibration on the train split (writes dictionaries/calibration.json)."""
    from .calibration import fit_labelled
    fit_labelled(tuple(x for x in levels.split(",") if x), stage_list.split(",") if stage_list else None,
                 log=click.echo)
