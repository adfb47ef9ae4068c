"""Reading text files in the encodings Russian archives actually use."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import EmptyInput, EncodingError

_CYR = re.compile(r"[А-Яа-яЁё]")
#: the ten most frequent Russian letters: about 60% of the letters of any Russian text,
#: a third of them in a random or wrongly decoded text
_COMMON = set("оеаинтсрвл")


def _russian_score(text: str) -> float:
    letters = [c for c in text.lower() if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c in _COMMON for c in letters) / len(letters)


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode ``data``: UTF-8 (with or without BOM), UTF-16 with BOM, else the better of
    cp1251 and KOI8-R by how Russian the result looks.  Returns ``(text, encoding)``."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for enc in ("cp1251", "koi8_r"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        # in KOI8-R mis-read as cp1251 (and the reverse) capitals and small letters swap:
        # real text has far more small letters than capitals
        cyr = _CYR.findall(text)
        lower = sum(c.islower() for c in cyr)
        score = _russian_score(text) + (lower / len(cyr) if cyr else 0)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None or _russian_score(best[1]) < 0.45:
        raise EncodingError(f"{name}: not UTF-8, and neither cp1251 nor KOI8-R gives Russian text",
                            hint="convert the file to UTF-8 (iconv -f ENCODING -t UTF-8)")
    return best[1], best[2]


def read_text(path: str | Path, *, allow_empty: bool = False) -> tuple[str, str]:
    """Read a text file, detecting its encoding; raise a clear error for empty files."""
    p = Path(path)
    data = p.read_bytes()
    if not allow_empty and not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise EmptyInput(f"{p}: the file is empty")
    text, enc = decode_bytes(data, str(p))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, enc
