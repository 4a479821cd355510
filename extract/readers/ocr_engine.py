"""The OCR engine: RapidOCR's PP-OCRv4 Chinese detection and recognition models on onnxruntime (CPU).

The models ship inside the `rapidocr-onnxruntime` wheel, so nothing is downloaded at run time.  jixiao
calls the detector and the recogniser itself rather than RapidOCR's one-shot `__call__`, to get what
the one-shot call throws away: the CTC time step of every recognised character (its position along
the line, from which its box is approximated) and the probability of each character (its
recognition confidence).  The direction classifier is not used: pages are upright (a 180° turn is
not a thing a copier does to one page), and it costs a fifth of the time.

One engine per process, built on first use (~0.3 s, ~150 MB); onnxruntime sessions run in one
thread each, since the batch layer already runs one document per core.  `JIXIAO_OCR_THREADS` raises
that for a single-document run.  Session `run` is thread-safe, so threads may share the engine.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Optional

import numpy as np

_ENGINE = None
_ENGINE_LOCK = threading.Lock()
PACKAGE = "rapidocr-onnxruntime"


def unavailable() -> Optional[str]:
    """None when the OCR engine can be imported; otherwise why not."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except Exception as e:      # ImportError, or a broken native dependency (libGL for OpenCV)
        return f"{type(e).__name__}: {e}"
    return None


def engine():
    global _ENGINE
    with _ENGINE_LOCK:
        if _ENGINE is None:
            from rapidocr_onnxruntime import RapidOCR
            threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1") or 1)
            _ENGINE = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, use_cls=False,
                               print_verbose=False)
        return _ENGINE


@dataclass
class TextRun:
    """One detected text box and what was read in it."""
    quad: np.ndarray            # 4×2 corners (top-left, top-right, bottom-right, bottom-left), image pixels
    text: str
    centres: list[float]        # each character's centre along the box, as a fraction of its width
    confidences: list[float]    # each character's probability (CTC, at its time step)

    @property
    def score(self) -> float:
        return float(np.mean(self.confidences)) if self.confidences else 0.0


DETECT_SCALE = 1.0       # the detector sees the page as rendered: at 3/4 size it is twice as fast, but lost
                         # lone digits in table cells and misplaced boxes (万 read as 方) on the samples


def detect(img: np.ndarray) -> list[np.ndarray]:
    """Text boxes (4×2 float32 quads, in the image's pixels) of an RGB image."""
    import cv2
    eng = engine()
    small = img if DETECT_SCALE == 1 else \
        cv2.resize(img, None, fx=DETECT_SCALE, fy=DETECT_SCALE, interpolation=cv2.INTER_AREA)
    boxes, _ = eng.text_det(small)
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) / DETECT_SCALE for b in boxes]


def recognise(img: np.ndarray, quads: list[np.ndarray]) -> list[TextRun]:
    """Read every box; each character gets its centre along the box and its confidence."""
    if not quads:
        return []
    eng = engine()
    crops = [_crop(img, q) for q in quads]
    results, _ = eng.text_rec([c for c, _, _ in crops], True)
    runs = []
    for quad, (crop, pad, width), res in zip(quads, crops, results):
        text = res[0]
        if not text:
            continue
        steps, _words, word_cols, _states, confs = res[2]
        cols = [c for w in word_cols for c in w]
        if len(cols) != len(text) or len(confs) != len(text) or steps <= 0:
            continue
        full = crop.shape[1]
        centres = [min(1.0, max(0.0, ((c + 0.5) / steps * full - pad) / width)) for c in cols]
        runs.append(TextRun(np.asarray(quad, dtype=np.float32), text, centres, [float(c) for c in confs]))
    return runs


def _crop(img: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, int, int]:
    """The box straightened into its own image, as RapidOCR crops it; a narrow box (a lone `1` in a
    table cell) is padded with white to a square instead of being turned on its side as RapidOCR
    would.  Returns the crop, the padding on its left and the width of the box itself."""
    import cv2
    q = np.asarray(quad, dtype=np.float32)
    w = int(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))
    h = int(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    w, h = max(w, 1), max(h, 1)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    crop = cv2.warpPerspective(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    if h < 1.5 * w:
        return crop, 0, w
    pad = (h - w + 1) // 2
    crop = cv2.copyMakeBorder(crop, 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    return crop, pad, w
