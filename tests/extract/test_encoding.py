"""Bytes of unknown encoding → str (``veille.extract.encoding.decode``)."""

from __future__ import annotations

import random

import pytest

from samples import ARTICLE, ARTICLE_PLAIN
from samples import break_utf8 as _break
from veille.errors import BinaryContent, DecodeError
from veille.extract.encoding import Decoded, declared_encoding, decode

# One sentence with every cp1252-only character a French page uses: ’ “ ” œ.
SENTENCE = ("L’été dernier, le maire a dit : “Nous ferons mieux.” Son œuvre a été saluée "
            "par les élèves de l’école. ") * 3


def _html(body: bytes, head: bytes = b"") -> bytes:
    return (b"<!DOCTYPE html><html lang=\"fr\"><head>" + head + b"<title>Saint-Aubin</title>"
            b"</head><body><p>" + body + b"</p></body></html>")


# -- UTF-8 and byte-order marks ----------------------------------------------------------
def test_utf8_is_decoded_cleanly() -> None:
    assert decode(ARTICLE.encode()) == Decoded(ARTICLE, "utf-8", 0)


def test_utf8_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbf" + ARTICLE.encode()) == Decoded(ARTICLE, "utf-8", 0)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(codec: str) -> None:
    decoded = decode(("\ufeff" + ARTICLE).encode(codec))
    assert decoded.text == ARTICLE
    assert decoded.replaced == 0


def test_empty_bytes_are_an_empty_text() -> None:
    assert decode(b"") == Decoded("", "utf-8", 0)


def test_valid_utf8_wins_over_a_wrong_latin1_label() -> None:
    # Servers that label every page ISO-8859-1 are common; bytes that are valid UTF-8
    # (with multi-byte sequences) are stronger evidence than the label.
    decoded = decode(ARTICLE.encode(), content_type="text/html; charset=ISO-8859-1")
    assert (decoded.text, decoded.encoding) == (ARTICLE, "utf-8")


# -- Windows-1252 and its Latin-1 labels ---------------------------------------------------
@pytest.mark.parametrize("meta", [
    b'<meta charset="windows-1252">',
    b"<meta charset=cp1252>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=Windows-1252">',
])
def test_cp1252_page_with_a_meta_charset(meta: bytes) -> None:
    decoded = decode(_html(ARTICLE.encode("cp1252"), meta))
    assert decoded.encoding == "cp1252"
    assert decoded.replaced == 0
    assert ARTICLE in decoded.text


@pytest.mark.parametrize("text", [ARTICLE, SENTENCE], ids=["article", "sentence-with-oe"])
def test_cp1252_text_without_a_declaration(text: str) -> None:
    decoded = decode(text.encode("cp1252"))
    assert decoded.encoding == "cp1252"
    assert decoded.text == text


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO_8859-1", "latin1", "us-ascii"])
def test_latin1_label_is_read_as_cp1252(label: str) -> None:
    # 0x92 0x93 0x94 0x9c are C1 controls in ISO-8859-1 but ’ “ ” œ in Windows-1252.
    data = _html(SENTENCE.encode("cp1252"), f'<meta charset="{label}">'.encode())
    assert b"\x92" in data and b"\x9c" in data
    decoded = decode(data)
    assert decoded.encoding == "cp1252"
    assert SENTENCE in decoded.text


def test_latin1_header_is_read_as_cp1252() -> None:
    decoded = decode(SENTENCE.encode("cp1252"), content_type="text/plain; charset=iso-8859-1")
    assert (decoded.text, decoded.encoding) == (SENTENCE, "cp1252")


def test_header_charset_wins_over_the_meta_charset() -> None:
    # 0xA4 is € in ISO-8859-15 and ¤ in Windows-1252.
    data = _html("Le billet coûte 5 ¤.".encode("cp1252"), b'<meta charset="windows-1252">')
    by_header = decode(data, content_type="text/html; charset=ISO-8859-15")
    assert "Le billet coûte 5 €." in by_header.text
    assert "Le billet coûte 5 ¤." in decode(data).text


def test_header_charset_is_used_for_non_latin_text() -> None:
    text = "Москва, 12 марта - Президент выступил с заявлением."
    data = _html(text.encode("koi8-r"), b'<meta charset="windows-1251">')
    assert text in decode(data, content_type='text/html; charset="KOI8-R"').text


def test_unknown_labels_are_ignored() -> None:
    assert declared_encoding(b'<meta charset="x-no-such-thing">') is None
    assert declared_encoding(b"<p>rien</p>", "text/html; charset=bogus") is None
    assert declared_encoding(b'<meta charset="utf8">', "text/html; charset=nope") == "utf-8"


# -- mostly UTF-8 ------------------------------------------------------------------------
@pytest.mark.parametrize(("data", "original", "count"), [
    (_break(ARTICLE.encode(), 1), ARTICLE, 1),
    (_break(ARTICLE.encode(), 2), ARTICLE, 2),
    (_break(ARTICLE_PLAIN.encode(), 1), ARTICLE_PLAIN, 1),
    (_break(ARTICLE_PLAIN.encode(), 2), ARTICLE_PLAIN, 2),
    (_break(_html(ARTICLE_PLAIN.encode(), b'<meta charset="utf-8">'), 1), ARTICLE_PLAIN, 1),
], ids=["curly-1", "curly-2", "straight-1", "straight-2", "html-declared-utf8"])
def test_mostly_utf8_keeps_utf8_and_counts_the_broken_bytes(
    data: bytes, original: str, count: int
) -> None:
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == count
    assert decoded.text.count("\ufffd") == count
    assert original in decoded.text.replace("\ufffd", "")


# -- not text at all -----------------------------------------------------------------------
_NOISE = random.Random(20240521).randbytes(4_000)


@pytest.mark.parametrize(("magic", "kind"), [
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"%PDF-1.7\n", "PDF"),
    (b"\xff\xd8\xff\xe0", "JPEG"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP"),
])
def test_known_binary_formats_are_named(magic: bytes, kind: str) -> None:
    with pytest.raises(BinaryContent, match=kind) as info:
        decode(magic + _NOISE)
    assert info.value.stage == "extract"


def test_text_with_nul_bytes_is_binary() -> None:
    with pytest.raises(BinaryContent, match="NUL"):
        decode(b"abc\0" * 200)


def test_random_binary_is_binary_content() -> None:
    with pytest.raises(BinaryContent, match="binary"):
        decode(_NOISE)


@pytest.mark.parametrize("seed", range(5))
def test_garbage_in_every_encoding_is_refused(seed: int) -> None:
    rng = random.Random(seed)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(3_000))
    with pytest.raises((DecodeError, BinaryContent)) as info:
        decode(garbage)
    assert info.value.stage == "extract"


def test_decode_error_says_how_to_fix_it() -> None:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(0x80, 0x100) for _ in range(3_000))
    with pytest.raises(DecodeError, match="UTF-8"):
        decode(garbage)
