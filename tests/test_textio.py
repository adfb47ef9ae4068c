"""Reading text in the encodings archives use, and refusing what cannot be read."""
from __future__ import annotations

import pytest

from pipeline.errors import EmptyInput, EncodingError
from pipeline.textio import decode_bytes, read_text

TEXT = "Товарищу ФИЛИППОВУ. Передаю текст полученного мною письма от КИМ ИР СЕНА."


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "cp1251", "koi8_r", "utf-16"])
def test_encodings_are_detected(enc):
    data = TEXT.encode(enc)
    text, found = decode_bytes(data)
    assert text == TEXT
    assert found == {"utf-16": "utf-16"}.get(enc, enc)


def test_garbage_bytes_give_a_clear_error():
    with pytest.raises(EncodingError) as e:
        decode_bytes(bytes(range(128, 256)) * 4, "junk.txt")
    assert "junk.txt" in str(e.value) and e.value.code == "E104"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \n\n\t"])
def test_empty_and_bom_only_files(tmp_path, content):
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    with pytest.raises(EmptyInput):
        read_text(p)


def test_crlf_is_normalised(tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes("строка\r\nвторая\r\n".encode("cp1251"))
    assert read_text(p) == ("строка\nвторая\n", "cp1251")
