"""Bytes to text for files that carry no reliable encoding label: web copies (.txt) and saved pages.

Chinese government text comes as UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030/GBK/GB2312 or,
from Taiwan and Hong Kong sources, Big5.  The decision, in order:

1. a byte-order mark names the encoding;
2. a declared charset (`<meta charset>` of a web page) is taken, unless the bytes contradict it (a page
   that says gb2312 but is valid UTF-8 — a CMS migrated without updating its template — is UTF-8);
3. otherwise each line is classified: a line with non-ASCII bytes that is valid UTF-8 is UTF-8 (legacy
   Chinese text is practically never valid UTF-8); the other non-ASCII lines are GB18030 or Big5, told
   apart by the codecs' own frequency classes (`_legacy`).  A file with lines of both kinds is a mixed
   encoding: it is read line by line and reported `partial` with the number of undecodable characters.

charset-normalizer (installed with pdfplumber) was measured on the same job and not used: it named a
44-byte GBK title `utf_16_be`, and took 10–50 ms per call on small files, where this takes microseconds.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Optional

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]

# declared names mapped to the codec that reads them best (GB2312/GBK pages routinely hold GB18030-only
# characters; Big5 pages hold Microsoft's cp950 extensions)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "big5": "cp950", "big5-hkscs": "big5hkscs",
            "cp950": "cp950", "x-x-big5": "cp950", "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
            "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be", "iso-8859-1": "cp1252",
            "latin1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8", "windows-1252": "cp1252"}
_NAMES = {"utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "utf-32-le": "UTF-32",
          "utf-32-be": "UTF-32", "gb18030": "GB18030", "cp950": "Big5", "big5hkscs": "Big5-HKSCS",
          "cp1252": "Latin-1"}


@dataclass
class Decoded:
    text: str
    encoding: str                     # codec name, or "mixed"
    undecodable: int = 0              # characters the file's main encoding cannot decode
    notes: list[str] = field(default_factory=list)
    lost: int = 0                     # of those, characters no encoding read (U+FFFD in the text)

    @property
    def name(self) -> str:
        return _NAMES.get(self.encoding, self.encoding)


def declared_charset(head: bytes) -> Optional[str]:
    """The charset a web page declares in its first bytes (`<meta charset=gbk>`, `http-equiv` or an XML
    declaration), as a Python codec name; None when absent or unknown."""
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", head, re.I) or \
        re.search(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", head, re.I)
    if not m:
        return None
    return _ALIASES.get(m.group(1).decode("ascii", "replace").lower())


def decode(data: bytes, declared: Optional[str] = None) -> Decoded:
    """The text of `data`; `declared` is the codec a web page names for itself, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _whole(data[len(bom):], enc, note=f"byte-order mark: {_NAMES.get(enc, enc)}")
    if _is_utf8(data):          # valid UTF-8 wins over any label (pure ASCII is UTF-8 too)
        note = [f"declared {_NAMES.get(declared, declared)} but the bytes are UTF-8"] \
            if declared and declared != "utf-8" and not data.isascii() else []
        return Decoded(data.decode("utf-8"), "utf-8", 0, note)
    if (nul := _utf16_without_bom(data)) is not None:
        return _whole(data, nul, note="UTF-16 without a byte-order mark")
    legacy = declared if declared in _CHINESE_LEGACY else None
    if legacy:
        out = _whole(data, legacy)
        if not out.undecodable:
            return out
    return _by_lines(data, legacy)


_CHINESE_LEGACY = ("gb18030", "cp950", "big5hkscs")


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """UTF-16 text saved without a BOM: ASCII characters leave a NUL in every other byte."""
    head = data[:4096]
    if head.count(0) < len(head) // 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 4 * max(even, 1):
        return "utf-16-le"
    if even > 4 * max(odd, 1):
        return "utf-16-be"
    return None


def _whole(data: bytes, enc: str, note: str = "") -> Decoded:
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd") - data.decode(enc, errors="ignore").count("\ufffd")
    return Decoded(text, enc, bad, [note] if note else [], lost=bad)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _by_lines(data: bytes, declared: Optional[str]) -> Decoded:
    lines = data.split(b"\n")
    kinds = []
    for ln in lines:
        if ln.isascii():
            kinds.append("ascii")
        else:
            try:
                ln.decode("utf-8")
                kinds.append("utf-8")
            except UnicodeDecodeError:
                kinds.append("legacy")
    legacy_lines = [ln for ln, k in zip(lines, kinds) if k == "legacy"]
    if not legacy_lines:
        return Decoded(data.decode("utf-8"), "utf-8")
    legacy = declared if declared in ("gb18030", "cp950", "big5hkscs") else _legacy(b"\n".join(legacy_lines))
    if "utf-8" not in kinds:
        return _whole(data, legacy)
    # a mixed file: each line in the encoding it is valid in; the characters of the minority encoding
    # are those a reader of the main one could not decode
    out, lost, minority_chars = [], 0, 0
    n_legacy, n_utf8 = len(legacy_lines), kinds.count("utf-8")
    main = "utf-8" if n_utf8 >= n_legacy else legacy
    for ln, k in zip(lines, kinds):
        s = ln.decode(legacy, errors="replace") if k == "legacy" else ln.decode("utf-8")
        if k == "legacy":
            lost += s.count("\ufffd") - ln.decode(legacy, errors="ignore").count("\ufffd")
        if k != "ascii" and (k == "legacy") != (main == legacy):
            minority_chars += sum(1 for c in s if ord(c) > 0x7F)
        out.append(s)
    other = legacy if main == "utf-8" else "utf-8"
    return Decoded("\n".join(out), "mixed", minority_chars + lost,
                   [f"mostly {_NAMES.get(main, main)} ({max(n_utf8, n_legacy)} lines), "
                    f"{min(n_utf8, n_legacy)} lines in {_NAMES.get(other, other)}"], lost=lost)


def _legacy(data: bytes) -> str:
    """GB18030 or Big5 for bytes that are not UTF-8.

    Each codec must read the bytes; when both do, the text that uses its encoding's common characters
    wins: GB2312's first level (the 3,755 most used simplified characters, lead bytes B0–D7) against
    Big5's 常用字 (the 5,401 most used traditional characters, A440–C67E) plus each one's punctuation
    row.  Big5 text read as GB18030 lands in rare characters, kana and private-use code points; GB text
    read as Big5 lands in rare traditional characters (and usually fails outright: C7/C8 lead bytes)."""
    gb = _try(data, "gb18030")
    big5 = _try(data, "cp950") or _try(data, "big5hkscs")
    if gb is None and big5 is None:
        return "gb18030"
    if big5 is None:
        return "gb18030"
    if gb is None:
        return "cp950" if _try(data, "cp950") is not None else "big5hkscs"
    return "gb18030" if _common_share(gb, "gb2312", _gb_common) >= _common_share(big5, "cp950", _big5_common) \
        else "cp950"


def _try(data: bytes, enc: str) -> Optional[str]:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _common_share(text: str, enc: str, common) -> float:
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 0.0
    hits = 0
    for c in wide:
        try:
            b = c.encode(enc)
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and common(b[0], b[1]):
            hits += 1
    return hits / len(wide)


def _gb_common(lead: int, trail: int) -> bool:
    return 0xB0 <= lead <= 0xD7 or lead in (0xA1, 0xA3)          # level-1 characters, punctuation rows


def _big5_common(lead: int, trail: int) -> bool:
    return 0xA4 <= lead <= 0xC5 or (lead == 0xC6 and trail <= 0x7E) or lead in (0xA1, 0xA2)


def apply_decoding(doc, dec: Decoded) -> None:
    """Record on the document how its bytes were read: notes as warnings; a mixed or damaged encoding
    makes it `partial` with the number of characters its main encoding could not decode."""
    doc.warnings.extend(f"encoding: {n}" for n in dec.notes)
    if dec.encoding == "mixed":
        doc.status = "partial"
        doc.error = (f"mixed encodings ({'; '.join(dec.notes)}): {dec.undecodable} characters undecodable in the "
                     f"main encoding, each line read in its own" + (f"; {dec.lost} lost (�)" if dec.lost else ""))
    elif dec.undecodable:
        doc.status = "partial"
        doc.error = f"{dec.undecodable} undecodable characters in the {dec.name} text (replaced by �)"
