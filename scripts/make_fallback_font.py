"""Build extract/fonts/jixiao-fallback.ttf: one box glyph for every CJK and ASCII code point.

Why: many Chinese reports use fonts that are not embedded (宋体, STSong-Light).  PDFium then looks for a
system font with the glyphs; on a machine without CJK fonts it finds none, every such glyph has an empty
box, and a text object holding a single such character has zero width, which PDFium's text page drops
(`绩效自评报` + a wrapped `告` loses the `告`).  Extracting text needs no glyph shapes, only glyph boxes, so
a font whose every glyph is an em box is enough to make PDFium keep every character, with boxes of the
right size.  The font is a few kilobytes; this script regenerates it (needs `pip install fonttools`).

    python scripts/make_fallback_font.py
"""
from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

OUT = Path(__file__).resolve().parents[1] / "extract" / "fonts" / "jixiao-fallback.ttf"
EM, ASCENT, DESCENT = 1000, 880, -120
# CJK, and the symbol blocks CJK fonts carry (GB 2312 has them): ≥ ≤ ≠ ± (operators of a 指标值), ℃ №,
# Ⅰ Ⅱ, ① ②, arrows, box drawing and geometric shapes (■ □ ●)
FULL_RANGES = [(0x2000, 0x206F), (0x2100, 0x23FF), (0x2460, 0x26FF), (0x2E80, 0x2FDF), (0x3000, 0x33FF),
               (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]
HALF_RANGES = [(0x21, 0x7E), (0xA1, 0xFF)]


def _box(width: int):
    pen = TTGlyphPen(None)
    pen.moveTo((0, DESCENT))
    pen.lineTo((0, ASCENT))
    pen.lineTo((width, ASCENT))
    pen.lineTo((width, DESCENT))
    pen.closePath()
    return pen.glyph()


def build(out: Path = OUT) -> None:
    fb = FontBuilder(EM, isTTF=True)
    fb.setupGlyphOrder([".notdef", "space", "half", "full"])
    cmap = {0x20: "space", 0x3000: "full"}
    for lo, hi in HALF_RANGES:
        cmap.update({cp: "half" for cp in range(lo, hi + 1)})
    for lo, hi in FULL_RANGES:
        cmap.update({cp: "full" for cp in range(lo, hi + 1)})
    fb.setupCharacterMap(cmap)
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({".notdef": empty, "space": empty, "half": _box(EM // 2), "full": _box(EM)})
    fb.setupHorizontalMetrics({".notdef": (EM // 2, 0), "space": (EM // 2, 0), "half": (EM // 2, 0),
                               "full": (EM, 0)})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": "Jixiao Fallback", "styleName": "Regular"})
    # code pages 936 (GB), 950 (Big5), 932 (JIS), 949 (Korean): PDFium offers this font for CJK fonts only,
    # so a Latin font that is not embedded still goes to a real system font
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT, usWinDescent=-DESCENT,
                ulCodePageRange1=(1 << 17) | (1 << 18) | (1 << 19) | (1 << 20), ulCodePageRange2=0,
                ulUnicodeRange1=1, ulUnicodeRange2=(1 << (48 - 32)) | (1 << (59 - 32)))
    fb.setupPost()
    out.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(out))


if __name__ == "__main__":
    build()
    print(OUT, OUT.stat().st_size, "bytes")
