"""Page images before and around OCR: red seals suppressed, skew measured, table rulings found.

- Red seals (公章) are stamped over the text of signed reports.  Reading the red channel alone as the
  grey image makes red ink as light as the paper while black ink stays black, also where a seal
  covers it (black under red stays dark in red light); a red letterhead goes with the seal.
- Skew: a copier or phone scan is rotated by a degree or two.  The recogniser straightens each text
  box by itself (the detector gives tilted quadrilaterals), so the angle is measured from the long
  boxes and used to put the boxes and the ruling lines into one upright frame: text lines come out
  level and table rules axis-parallel, as on a born-digital page.
- Rulings: horizontal and vertical strokes much longer than any glyph stroke, found by morphological
  opening of the upright ink image, returned as the same (y, x0, x1) / (x, top, bottom) segments that
  `rulings.rulings` reads from a PDF's path objects, so `rulings.grids` cuts them into cells.
"""
from __future__ import annotations

import math

import numpy as np


def ocr_input(rgb: np.ndarray) -> np.ndarray:
    """The red channel as a grey image, repeated into the three channels the models take."""
    red = np.ascontiguousarray(rgb[:, :, 0])
    return np.dstack([red, red, red])


def skew_degrees(quads: list[np.ndarray]) -> float:
    """The page's rotation from its long text boxes (positive: lines fall to the right), in degrees."""
    angles, weights = [], []
    for q in quads:
        top, bottom = q[1] - q[0], q[2] - q[3]
        width = float(np.hypot(*top))
        height = float(np.linalg.norm(q[3] - q[0]))
        if width < 4 * height or width < 80:
            continue
        a = math.degrees(math.atan2(top[1] + bottom[1], top[0] + bottom[0]))
        if abs(a) <= 5:
            angles.append(a)
            weights.append(width)
    if len(angles) < 3:
        return 0.0
    order = np.argsort(angles)                     # weighted median: long lines count more
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][int(np.searchsorted(cum, cum[-1] / 2))])


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
    hs = [(y / px_per_pt, x0 / px_per_pt, x1 / px_per_pt) for y, x0, x1 in hs]
    vs = [(x / px_per_pt, t / px_per_pt, b / px_per_pt) for x, t, b in vs]
    # a vertical rule runs from one horizontal rule to another; a long glyph stroke touches neither
    tol = 4.0
    def meets(x: float, y: float) -> bool:
        return any(abs(hy - y) <= tol and hx0 - tol <= x <= hx1 + tol for hy, hx0, hx1 in hs)
    vs = [v for v in vs if meets(v[0], v[1]) and meets(v[0], v[2])]
    return hs, vs


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
