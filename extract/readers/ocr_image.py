"""Page images before and around OCR: red seals suppressed, skew measured, table rulings found.

- Red seals (公章) are stamped over the text of signed reports.  Reading the red channel alone as the
  grey image makes red ink as light as the paper while black ink stays black, also where a seal
  covers it (black under red stays dark in red light); a red letterhead goes with the seal.
- Skew: a copier or phone scan is rotated by a degree or two.  The recogniser straightens each text
  box by itself (the detector gives tilted quadrilaterals), so the angle is measured (projection
  profiles) and used to put the boxes and the ruling lines into one upright frame: text lines come out
  level and table rules axis-parallel, as on a born-digital page.
- Rulings: horizontal and vertical strokes much longer than any glyph stroke, found by morphological
  opening of the upright ink image, returned as the same (y, x0, x1) / (x, top, bottom) segments that
  `rulings.rulings` reads from a PDF's path objects, so `rulings.grids` cuts them into cells.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np


def ocr_input(rgb: np.ndarray) -> np.ndarray:
    """The red channel as a grey image, repeated into the three channels the models take."""
    red = np.ascontiguousarray(rgb[:, :, 0])
    return np.dstack([red, red, red])


def skew_degrees(grey: np.ndarray) -> float:
    """The page's rotation in degrees (positive: lines fall to the right), by projection profiles.

    Text lines and rules are level when the ink's row sums are most uneven (dark rows and white
    gaps); the angle is searched over ±3° on a half-size image, coarse then fine.  Box angles from the
    detector would do for prose but not for a table page, whose cells are too short to show a slope."""
    import cv2
    small = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = (small < float(np.median(small)) - 60).astype(np.float32)
    if ink.sum() < 200:
        return 0.0
    h, w = ink.shape

    def score(deg: float) -> float:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
        rows = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1)
        return float((rows * rows).sum())

    best = max(np.arange(-3.0, 3.01, 0.25), key=score)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=score)
    return round(float(best), 2)


def upright(points: np.ndarray, degrees: float, centre: tuple[float, float]) -> np.ndarray:
    """Points turned by -degrees about centre: the frame in which the page's lines are level."""
    if not degrees:
        return points
    t = math.radians(-degrees)
    c, s = math.cos(t), math.sin(t)
    p = points - np.asarray(centre, dtype=np.float32)
    return np.stack([p[:, 0] * c - p[:, 1] * s, p[:, 0] * s + p[:, 1] * c], axis=1) + np.asarray(centre, dtype=np.float32)


def rulings(grey: np.ndarray, quads: list[np.ndarray], degrees: float, px_per_pt: float) -> tuple[list, list]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules of the upright page, in points.

    The text boxes are blanked first: what ink is left is rules, seals and specks, so a short rule
    (the side of a one-line table row) is not confused with the long stroke of a glyph."""
    import cv2
    h, w = grey.shape
    grey = grey.copy()
    for q in quads:     # the core of each box: the detector's box may reach onto a rule beside the text
        c = q.mean(axis=0)
        half_w = max(1.0, float(np.linalg.norm(q[1] - q[0])) / 2 - 3 * px_per_pt)
        sx = half_w / max(1.0, float(np.linalg.norm(q[1] - q[0])) / 2)
        inner = c + (q - c) * np.array([sx, 0.6], dtype=np.float32)
        cv2.fillPoly(grey, [np.round(inner).astype(np.int32)], 255)
    if degrees:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
        grey = cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    # a thin rule scans light grey: anything clearly darker than the paper is ink here (the text is gone)
    paper = float(np.median(grey))
    ink = np.where(grey < paper - 40, 255, 0).astype(np.uint8)
    thick = max(2, int(round(3 * px_per_pt)))          # a rule is at most ~3 pt thick on a scan
    hs = _segments(ink, int(20 * px_per_pt), thick, horizontal=True)
    vs = _segments(ink, int(8 * px_per_pt), thick, horizontal=False)
    hs = _join([(y / px_per_pt, x0 / px_per_pt, x1 / px_per_pt) for y, x0, x1 in hs])
    vs = _join([(x / px_per_pt, t / px_per_pt, b / px_per_pt) for x, t, b in vs], 12.0)   # a table line is <12 pt
    # a vertical rule runs from one horizontal rule to another; a long glyph stroke touches neither
    tol = 8.0     # a thin rule fades out near its ends on a scan
    def meets(x: float, y: float) -> bool:
        return any(abs(hy - y) <= tol and hx0 - tol <= x <= hx1 + tol for hy, hx0, hx1 in hs)
    vs = [v for v in vs if meets(v[0], v[1]) and meets(v[0], v[2])]
    # glyph strokes left beside a blanked box (the left strokes of a column of characters) stand a few
    # points from the cell's own rule, which runs past them: no table has rules that close
    vs = [v for v in vs if not any(0 < abs(w[0] - v[0]) < 10 and w[2] - w[1] > v[2] - v[1] and
                                   w[1] <= v[1] + 2 and w[2] >= v[2] - 2 for w in vs)]
    return hs, vs


def _join(segs: list[tuple[float, float, float]], gap: float = 30.0) -> list[tuple[float, float, float]]:
    """Pieces of one rule: the same position (±2 pt), less than `gap` points apart — a rule crossed by
    a text box the detector drew over two cells was blanked with the text."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / 2), s[1])):
        last = out[-1] if out else None
        if last is not None and abs(last[0] - pos) <= 2 and a - last[2] < gap:
            last[2] = max(last[2], b)
        else:
            out.append([pos, a, b])
    return [tuple(s) for s in out]


def _segments(ink: np.ndarray, length: int, thick: int, horizontal: bool) -> list[tuple[float, float, float]]:
    """Straight strokes at least `length` px long and at most `thick` px thick: (position, start, end)."""
    import cv2
    length = max(length, 8)
    gap = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1) if horizontal else (1, 3))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    lines = cv2.morphologyEx(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, gap), cv2.MORPH_OPEN, kernel)
    n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if horizontal and h <= thick * 2 and w >= length:
            out.append((y + h / 2, float(x), float(x + w)))
        elif not horizontal and w <= thick * 2 and h >= length:
            out.append((x + w / 2, float(y), float(y + h)))
    return out


def leader_dots(grey: np.ndarray, quad: np.ndarray, paper: float, skew: float = 0.0) -> Optional[tuple[float, float, Optional[np.ndarray]]]:
    """Dot leaders to the right of a text box (a contents line, `一、部门基本情况……………1`), which the
    detector does not box, and the box of the page number after them.

    Leaders are many small blobs on one baseline, at least one an em, starting near the text; random
    specks are neither aligned nor that dense.  Returns (first dot x, last dot x, number quad or None)
    in image pixels, or None when there are no leaders.  `skew` (degrees) tilts the baseline."""
    import cv2
    top, bottom = int(quad[:, 1].min()), int(np.ceil(quad[:, 1].max()))
    h = bottom - top
    x0 = int(np.ceil(quad[:, 0].max())) + 1
    if h < 6 or x0 >= grey.shape[1] - h:
        return None
    band = (grey[max(0, top):bottom, x0:] < paper - 60).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
    comps = stats[1:n]
    if any(c[2] > 2 * h for c in comps):       # a rule: this is a table row, not a contents line
        return None
    small = [c for c in comps if c[2] <= 0.35 * h and c[3] <= 0.35 * h and c[4] >= 2]
    if len(small) < 8:
        return None
    slope = math.tan(math.radians(skew))          # the baseline falls with the page's skew
    level = [c[1] + c[3] / 2 - slope * c[0] for c in small]
    base = float(np.median(level))
    dots = sorted((c for c, y in zip(small, level) if abs(y - base) <= max(2.0, 0.08 * h)), key=lambda c: c[0])
    if len(dots) < 8:
        return None
    first = int(dots[0][0])
    # the page number: the last group of glyph-high blobs, at the far end; a tall speck among the
    # dots is no number, and specks beyond the number are no leaders
    tall = sorted((c for c in comps if c[3] > 0.45 * h and c[2] < 1.2 * h and c[0] > first), key=lambda c: c[0])
    while len(tall) > 1 and tall[-1][0] - (tall[-2][0] + tall[-2][2]) > 0.5 * h:
        if sum(1 for d in dots if tall[-2][0] + tall[-2][2] <= d[0] <= tall[-1][0]) >= 3:
            tall = tall[-1:]              # dots between: the earlier blob was a speck among the leaders
            break
        tall = tall[:-1]                  # no dots between: the later blob is a speck past the number
    if tall:
        start = int(tall[0][0])
        dots = [c for c in dots if c[0] + c[2] <= start]
        if not dots:
            return None
    last = int(dots[-1][0] + dots[-1][2])
    if first > 3 * h or len(dots) < (last - first) / h:
        return None
    number = None
    if tall and tall[0][0] - last < 3 * h:
        a = min(int(c[0]) for c in tall) + x0 - 3
        b = max(int(c[0] + c[2]) for c in tall) + x0 + 3
        number = np.array([[a, top], [b, top], [b, bottom], [a, bottom]], dtype=np.float32)
    return float(first + x0), float(last + x0), number
