"""Characters as printed, normalised: full-width digits and letters to ASCII, spaces between Chinese
characters dropped; and the line patterns every reader shares (page numbers, heading starts, contents lines).

Normalisation works on (character, box) pairs, never on bare strings, so every character of the final
text still knows where it came from.
"""
from __future__ import annotations

import re

import regex

from .rulings import Char

_FW = {**{chr(0xFF10 + i): str(i) for i in range(10)},
       **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
       **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
       "％": "%", "﹪": "%", "\u3000": " ", "\u00a0": " ", "\t": " ", "﹒": ".", "\u2002": " ", "\u2003": " "}

_SPACES = frozenset(c for c, v in _FW.items() if v == " ")
_NEEDS_WORK = frozenset(_FW) | {" ", "．"}      # a line without these is already normal

_CJK = regex.compile(r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}“”‘’、…—]")

PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~\s]*\d{1,4}[-—–－_~\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(\s*of\s*\d+)?)$", re.I)
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}(?:\s*[、，．.]|\s+(?=[\u4e00-\u9fff]))|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"
    r"|\d{1,2}\s*[、．.](?!\d)|[（(]\s*\d{1,2}\s*[）)]|[①-⑳])")
TOC_LINE = re.compile(r"(?:[.…·．。\-—_]{4,}|\s{6,})\s*\d{1,3}\s*$")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def normalise_chars(chars: list[Char]) -> list[Char]:
    """Full-width digits/letters to ASCII, spaces between Chinese characters dropped, runs of spaces
    collapsed, and ASCII punctuation inside Chinese text made full-width (`fullwidth_punctuation`)."""
    text = "".join(c for c, _ in chars)
    if _ASCII_PUNCT.search(text):
        chars = fullwidth_punctuation(chars, text)
        text = "".join(c for c, _ in chars)
    if _NEEDS_WORK.isdisjoint(text):
        return list(chars)
    out: list[Char] = []
    for ch, box in chars:
        ch = _FW.get(ch, ch)
        if ch == "．" and out and out[-1][0].isdigit():
            ch = "."
        out.append((ch, box))
    if " " not in text and not _SPACES.intersection(text):
        return out
    following = [""] * len(out)        # the next character that is not a space, for each position
    nxt = ""
    for i in range(len(out) - 1, -1, -1):
        following[i] = nxt
        if out[i][0] != " ":
            nxt = out[i][0]
    res: list[Char] = []
    for i, (ch, box) in enumerate(out):
        if ch == " ":
            if not res or res[-1][0] == " ":
                continue
            nxt = following[i]
            if not nxt or is_cjk(res[-1][0]) and is_cjk(nxt) and not _bare_numeral(res):
                continue
        res.append((ch, box))
    while res and res[-1][0] == " ":
        res.pop()
    return res


_ASCII_PUNCT = re.compile(r"[,:;()]")
_TO_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）"}


def _wide(ch: str) -> bool:
    """A Chinese character or Chinese punctuation (what sits around punctuation in Chinese text)."""
    return ch > "\u2e7f" or ch in "“”‘’、…—·"


def fullwidth_punctuation(chars: list[Char], text: str) -> list[Char]:
    """ASCII `,` `:` `;` `(` `)` written inside Chinese text (web pages often do: `其中:人员经费`,
    `20个项目中,19个`) as the full-width marks every rule expects.  A mark stays ASCII between two digits
    (`1,234.56`, `15:36`) or among Latin text; brackets turn as a pair, when what they enclose or what
    stands beside them is Chinese (`(一)`, `(1)承担`, `(万元)`)."""
    out = list(chars)
    n = len(text)

    def prev(i: int) -> str:
        j = i - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        return text[j] if j >= 0 else ""

    def nxt(i: int) -> str:
        j = i + 1
        while j < n and text[j] == " ":
            j += 1
        return text[j] if j < n else ""

    opened: list[int] = []
    for m in _ASCII_PUNCT.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch == "(":
            opened.append(i)
            continue
        if ch == ")":
            if not opened:
                continue
            o = opened.pop()
            inner = text[o + 1:i]
            if any(_wide(c) for c in inner) or _wide(prev(o)) or _wide(nxt(i)):
                out[o] = ("（", out[o][1])
                out[i] = ("）", out[i][1])
            continue
        p, q = prev(i), nxt(i)
        if p.isdigit() and q.isdigit():
            continue
        if _wide(p) or _wide(q):
            out[i] = (_TO_FULL[ch], out[i][1])
    return out


def _bare_numeral(chars: list[Char]) -> bool:
    """The line so far is a Chinese heading numeral (`一 部门概况`): its space is the 、 the author left out."""
    return 0 < len(chars) <= 3 and all(c in _CN_NUMERALS for c, _ in chars)


_CN_NUMERALS = frozenset("一二三四五六七八九十")


