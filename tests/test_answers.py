"""The analyst commands on the development reports as a new user runs them: export, report (checked in
headless Chromium from file://), sql and show --out."""
from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import browser
from answers_fixtures import ingested  # noqa: F401  (session fixture)
from extract.answers.compare import comparison

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), *map(str, args)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    if check:
        assert p.returncode == 0, p.stderr[-2000:]
    return p


@pytest.fixture(scope="module")
def reports(ingested):
    return comparison(ingested)


@pytest.fixture(scope="module")
def distinct(ingested) -> int:
    """Reports to compare: documents that did not fail and are not a copy of another (duplicate_of)."""
    from extract.storage import read_table
    d = read_table(ingested, "documents")
    return int(((d["status"] != "failed") & d["duplicate_of"].isna()).sum())


@pytest.fixture(scope="module")
def exported(ingested, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "jixiao.xlsx"
    cli("export", ingested, "--xlsx", path, "--csv", path.parent / "csv")
    return path


@pytest.fixture(scope="module")
def workbook(exported):
    import openpyxl
    return openpyxl.load_workbook(exported)


@pytest.fixture(scope="module")
def site(ingested, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    cli("report", ingested, "--html", folder)
    return folder


def test_comparison_one_row_per_report_with_analyst_types(reports, distinct):
    assert len(reports) == distinct >= 11 and reports["部门"].notna().all()
    assert str(reports["年度"].dtype) == "Int32" and set(reports["年度"]) <= {2023, 2024, 2025}
    money = reports["全年支出 / 执行数（万元）"].dropna()
    assert all(isinstance(v, Decimal) and v.as_tuple().exponent == -2 for v in money)
    changde = reports[reports["部门"] == "常德市档案馆"].iloc[0]      # states 100%, its amounts give 90%
    assert (changde["预算执行率（所写）"], changde["预算执行率（计算）"], changde["预算执行率"]) == \
        (Decimal("100.00"), Decimal("90.00"), Decimal("90.00"))
    assert bool(changde["执行率矛盾"]) is True


def test_workbook_first_sheet_one_row_per_report_and_findings(workbook, reports):
    assert workbook.sheetnames[:5] == ["汇总", "字段", "发现", "自评表", "失败文件"]
    ws = workbook["汇总"]
    head = [c.value for c in ws[1]]
    assert "部门" in head and "预算执行率" in head
    assert ws.max_row - 1 == len(reports)
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    col = head.index("全年支出 / 执行数（万元）") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=col).value]
    assert cells and all(c.number_format == "#,##0.00" for c in cells)
    findings = workbook["发现"]
    assert findings.max_row > 10
    sev = [c.value for c in findings[1]].index("严重程度")
    first = findings.cell(row=2, column=sev + 1)
    assert first.value == "错误" and first.fill.fgColor.rgb.endswith("F8D7DA")
    failed = [[c.value for c in r] for r in workbook["失败文件"].iter_rows(min_row=2)]
    assert [r[0].rsplit("/", 1)[-1] for r in failed] == ["broken.pdf"] and failed[0][2] == "失败"


def test_csv_export_opens_in_excel(exported):
    raw = (exported.parent / "csv" / "comparison.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "部门" in raw.decode("utf-8-sig").splitlines()[0]


def test_sql_prints_the_count(ingested):
    assert re.search(r"│\s+13\s+│", cli("sql", ingested, "SELECT count(*) FROM documents").stdout)
    assert cli("sql", ingested, "SELECT count(*) AS n FROM documents", "--csv").stdout == "n\n13\n"
    out = cli("sql", ingested, 'SELECT 部门 FROM comparison ORDER BY 预算执行率 LIMIT 1', "--csv").stdout
    assert out.splitlines()[0] == "部门" and len(out.splitlines()) == 2
    bad = cli("sql", ingested, "SELEC 1", check=False)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_show_from_the_tables(ingested):
    p = cli("show", "--out", ingested, "桂东县林业局")
    assert "桂东县林业局" in p.stdout and "字段 (fields)" in p.stdout
    doc_id = re.search(r"doc_id ([0-9a-f]{12})", p.stdout).group(1)
    assert cli("show", "--out", ingested, doc_id[:8], "--json").stdout.lstrip().startswith("{")
    several = cli("show", "--out", ingested, "县", check=False)            # many reports match: list them
    assert several.returncode == 2 and "doc_id" in several.stderr
    failed = cli("show", "--out", ingested, "broken", check=False)
    assert failed.returncode == 1 and "failed" in failed.stdout


def test_show_file_exits_non_zero_for_a_failed_document(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really\n")
    assert cli("show", bad, check=False).returncode == 1


def test_site_has_one_page_per_report_and_links_resolve(site, reports, distinct):
    pages = sorted((site / "r").glob("*.html"))
    assert len(pages) == len(set(reports["doc_id"])) == distinct
    index = (site / "index.html").read_text(encoding="utf-8")
    for href in set(re.findall(r'href="([^"#]+)', index)):
        assert (site / href).exists(), href
    assert "http://" not in index.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in index
    page = pages[0].read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert all(a in ids for a in re.findall(r'href="#([^"]+)"', page))
    for img in set(re.findall(r'href="\.\./pages/([^"]+)"', page)):
        assert (site / "pages" / img).exists()


def test_index_in_headless_chromium_lists_every_department(site, reports, tmp_path):
    url = (site / "index.html").as_uri()
    dom = browser.dump_dom(url, tmp_path / "profile")
    table = dom[dom.index('<table id="cmp"'):]
    table = table[: table.index("</table>")]
    for dept in set(reports["部门"]):
        assert dept in table, dept
    links = re.findall(r'<a href="(r/[^"]+)">', table)
    assert len(set(links)) == len(list((site / "r").glob("*.html")))
    for href in links:
        assert Path(unquote(urlparse(url).path)).parent.joinpath(href).exists()
    filtered = browser.dump_dom(url + "#q=常德市档案馆", tmp_path / "profile")
    body = filtered[filtered.index('<table id="cmp"'):].split("</tbody>")[0]
    rows = re.findall(r"<tr( hidden(?:=\"\")?)?>", body.split("<tbody>")[1])
    assert len(rows) == len(reports) and sum(1 for r in rows if not r) == 1      # the filter ran


def test_report_page_screenshot_is_not_blank(site, tmp_path):
    from PIL import Image
    page = sorted((site / "r").glob("*.html"))[0]
    png = browser.screenshot(page.as_uri(), tmp_path / "page.png", tmp_path / "profile")
    im = Image.open(png).convert("L")
    hist = im.histogram()
    assert im.size == (1400, 1000)
    assert max(hist) < 0.9 * im.size[0] * im.size[1]          # not one colour
    assert sum(hist[:128]) > 2000                             # dark pixels: text and the header
