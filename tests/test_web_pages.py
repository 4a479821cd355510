"""Saved portal pages (samples/web-pages, made by scripts/make_portal_pages.py from report sources) and
the text copied from such pages (samples/web-copies, scripts/make_web_copies.py) score like the reports
they were rendered from: metadata, headings, fields and figures, computed the way the project's scorer
(shared/tools/score.py) computes them."""
from __future__ import annotations

import json
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from extract.process import process
from extract.report_json import to_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAGES = SAMPLES / "web-pages"
COPIES = SAMPLES / "web-copies"
FW = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def _text(s) -> str:
    s = unicodedata.normalize("NFKC", str(s or ""))
    return "".join(s.split()).translate(FW).strip("。；;：:，,. 　")


def _number(s) -> str:
    s = "".join(unicodedata.normalize("NFKC", str(s or "")).split()).translate(FW)
    if len(s) > 1 and s[:-1].isdigit() and s[-1] in ".、":
        return s[:-1] + "."
    if s and all(c in "一二三四五六七八九十" for c in s.rstrip("、")):
        return s.rstrip("、") + "、"
    return s


def _dec(v):
    try:
        return Decimal(str(v).replace(",", "").strip()).normalize() if v is not None else None
    except InvalidOperation:
        return None


def _score(truth: dict, got: dict) -> dict:
    meta = got["meta"]
    m_ok = sum(_text(v) == _text(meta.get(k)) for k, v in truth["meta"].items())
    opt = {(_number(n), _text(t)) for _, n, t in truth.get("optional_headings", [])}
    pool = [(_number(s["number"]), _text(s["title"])) for s in got["sections"]]
    pool = [h for h in pool if h not in opt]
    got_n = len(pool)
    hit = 0
    for _, n, t in truth.get("headings", []):
        if (_number(n), _text(t)) in pool:
            pool.remove((_number(n), _text(t)))
            hit += 1
    f_ok = 0
    for k, v in truth.get("fields", {}).items():
        g = (got["fields"].get(k) or {}).get("value")
        f_ok += (_dec(v) is not None and _dec(v) == _dec(g)) or (_dec(v) is None and _text(v) == _text(g))
    figs = [(_dec(f["value"]), _text(f["unit"])) for f in got["figures"]]
    fig_ok = 0
    for v, u in truth.get("figures", []):
        if (_dec(v), _text(u)) in figs:
            figs.remove((_dec(v), _text(u)))
            fig_ok += 1
    return {"meta": (m_ok, len(truth["meta"])), "headings": (hit, len(truth.get("headings", [])), got_n),
            "fields": (f_ok, len(truth.get("fields", {}))), "figures": (fig_ok, len(truth.get("figures", [])))}


def _run(folder: Path) -> dict:
    out = {}
    for exp in sorted(folder.glob("*.expected.json")):
        truth = json.loads(exp.read_text(encoding="utf-8"))
        report = process(folder / truth["file"])
        out[truth["file"]] = (truth, report, to_json(report))
    return out


@pytest.fixture(scope="module")
def results() -> dict:
    return _run(PAGES)


@pytest.fixture(scope="module")
def copies() -> dict:
    return _run(COPIES)


def test_pages_are_read_as_web_pages(results):
    assert len(results) >= 10
    for name, (_, report, got) in results.items():
        assert got["status"] == "ok", (name, got["error"])
        assert report.document.file_type == "html"
        assert report.document.published and report.document.published[:2] == "20", name
        text = report.document.text
        for furniture in ("当前位置", "您现在的位置", "浏览次数", "点击数", "打印本页", "关闭窗口", "分享到", "ICP备",
                          "公网安备", "网站标识码", "上一篇", "相关文章"):
            assert furniture not in text, (name, furniture)


def _totals(results: dict) -> tuple[float, float, float, float]:
    tot = {k: [0, 0, 0] for k in ("meta", "headings", "fields", "figures")}
    for _, (truth, _, got) in results.items():
        for k, v in _score(truth, got).items():
            tot[k][0] += v[0]
            tot[k][1] += v[1]
            tot[k][2] += v[2] if len(v) > 2 else 0
    meta = tot["meta"][0] / tot["meta"][1]
    h_hit, h_truth, h_got = tot["headings"]
    precision, recall = h_hit / h_got, h_hit / h_truth
    f1 = 2 * precision * recall / (precision + recall)
    fields = tot["fields"][0] / tot["fields"][1]
    figures = tot["figures"][0] / tot["figures"][1]
    return meta, f1, fields, figures


def test_pages_score_like_their_reports(results):
    assert min(_totals(results)) >= 0.95, _totals(results)


def test_copied_text_scores_like_its_reports(copies):
    """Browser copies: menu, breadcrumb and bar above, share/print/footer below, tables as tab rows whose
    spanned cells are missing, ASCII punctuation, and one copy flattened onto a single line."""
    assert len(copies) >= 6
    assert min(_totals(copies)) >= 0.95, _totals(copies)
    for name, (truth, report, got) in copies.items():
        assert got["status"] == "ok" and report.document.published, name
        assert "ICP" not in report.document.text and "当前位置" not in report.document.text, name


def test_page_tables_keep_merged_cells(results):
    """A 自评表 with rowspan/colspan reads into the same indicator rows as the source's table."""
    for _, (truth, report, _) in results.items():
        want = [(_text(n), _dec(w), _dec(s)) for n, w, s in truth.get("indicators", [])]
        got = [(_text(i["level3"]), _dec(i["weight"]), _dec(i["score"])) for i in report.indicators]
        assert sorted(want, key=str) == sorted(got, key=str) or not want
