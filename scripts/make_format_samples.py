#!/usr/bin/env python3
"""Build the samples of samples/formats/ (the files are committed; this shows how they were made).

- meitan-yibao-2023.doc: the held-out report source samples/heldout/meitan-yibao-2023.rpt rendered to
  .docx by ../shared/tools/render.py (keep_docx), then saved as Word 97 by LibreOffice; its expected
  results are the held-out PDF's, so the .doc must read exactly like the PDF.
- laixi-shuiku-2024-zipingbiao.xlsx: a 项目支出绩效自评表 workbook as a bureau's template has it —
  a merged title, label/value rows, a budget block whose 项目资金 label is merged down three rows,
  an indicator block with merged 一级/二级指标 cells, numbers stored as doubles with 0.00 / 0.00% formats
  (one of them 0.1 + 0.2 … in binary) — and a second sheet with a 支出构成 table.
- laixi-shuiku-2024-zipingbiao.xls: the same workbook saved as Excel 97 by LibreOffice Calc.
- songgang-jxmb-03.xlsx: a real 绩效目标申报表 export (shared corpus `samon6bl__songgang-jxmb-03.xlsx`),
  copied as it is; its expected indicator names were read from the cells with openpyxl.

Usage: python3 scripts/make_format_samples.py [--render ../shared/tools/render.py]
Needs python-docx, openpyxl and LibreOffice (writer and calc).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "samples" / "formats"

TITLE = "莱西市水利局2024年度小型水库维修养护项目支出绩效自评表"
INDICATORS = [  # 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因
    ("产出指标", "数量指标", "维修养护水库数量", "47座", "47座", 20, 20, ""),
    ("产出指标", "质量指标", "除险加固完成率", "100%", "100%", 15, 15, ""),
    ("产出指标", "质量指标", "工程验收合格率", "100%", "100%", 15, 15, ""),
    ("产出指标", "时效指标", "工程完工及时性", "按期完工", "部分推迟", 10, 6, "受汛期降雨影响，2座水库加固推迟约1个月"),
    ("效益指标", "社会效益指标", "防洪保障能力", "有效提升", "有效提升", 15, 15, ""),
    ("满意度指标", "服务对象满意度指标", "周边村民满意度", "≥90%", "93%", 15, 15, ""),
]


def build_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([TITLE])
    ws.merge_cells("A1:I1")
    ws.append(["（2024年度）"])
    ws.merge_cells("A2:I2")
    ws.append(["项目名称：", "小型水库维修养护项目", None, None, None, "主管部门：", "莱西市水利局"])
    ws.merge_cells("B3:E3")
    ws.merge_cells("G3:I3")
    ws.append(["实施单位：", "莱西市水利局", None, None, None, "填报日期：", "2025年3月15日"])
    ws.merge_cells("B4:E4")
    ws.merge_cells("G4:I4")
    ws.append([])
    ws.append(["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])   # row 6
    ws.append([None, "年度资金总额", 260, 260, 234, 10, 234 / 260, 9])
    ws.append([None, "其中：当年财政拨款", 260, 260, 234, None, None, None])
    ws.append([None, "其他资金", 0, 0, 0.1 + 0.2 - 0.3, None, None, None])     # a binary artefact: prints 0.00
    ws.merge_cells("A6:A9")                      # 项目资金 down the header and the three amount rows
    for row in ws.iter_rows(min_row=7, max_row=9, min_col=3, max_col=5):
        for c in row:
            c.number_format = "0.00"
    ws["G7"].number_format = "0.00%"
    ws.append([])
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])  # row 11
    first = ws.max_row + 1
    for ind in INDICATORS:
        ws.append(list(ind))
    last = ws.max_row
    ws.merge_cells(f"A{first}:A{first + 3}")      # 产出指标 over four rows
    ws.merge_cells(f"B{first + 1}:B{first + 2}")  # 质量指标 over two rows
    ws.append(["总分", None, None, None, None, 100, 95, None])
    ws.merge_cells(f"A{last + 1}:E{last + 1}")
    ws.append([])
    ws.append(["自评结论：本项目2024年度绩效自评得分95分，评价等级为“优”。"])
    ws.merge_cells(f"A{last + 3}:I{last + 3}")
    for row in ws.iter_rows():
        for c in row:
            c.alignment = center

    ws2 = wb.create_sheet("支出构成")
    ws2.append(["项目支出构成"])
    ws2.append(["单位：万元"])
    ws2.append(["支出项目", "金额", "占比"])
    for name, amount, share in (("日常维修养护", 179.14, 179.14 / 234), ("除险加固工程", 54.86, 54.86 / 234)):
        ws2.append([name, amount, share])
        ws2.cell(ws2.max_row, 2).number_format = "#,##0.00"
        ws2.cell(ws2.max_row, 3).number_format = "0.00%"
    ws2.append(["合计", 234, 1])
    ws2["B6"].number_format = "#,##0.00"
    ws2["C6"].number_format = "0.00%"
    wb.save(path)


def soffice(src: Path, target: str, outdir: Path) -> Path:
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--convert-to",
                        target, "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{target}"


def build_doc(render: Path, tmp: Path) -> None:
    src = tmp / "meitan-yibao-2023.rpt"
    src.write_text("%% keep_docx: yes\n" + (ROOT / "samples/heldout/meitan-yibao-2023.rpt").read_text("utf-8"), "utf-8")
    subprocess.run([sys.executable, str(render), str(src), str(tmp), "--name", "meitan-yibao-2023"], check=True)
    shutil.copy(soffice(tmp / "meitan-yibao-2023.docx", "doc", tmp), OUT / "meitan-yibao-2023.doc")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--render", type=Path, default=ROOT.parent / "shared" / "tools" / "render.py")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        build_doc(a.render, tmp)
        xlsx = OUT / "laixi-shuiku-2024-zipingbiao.xlsx"
        build_xlsx(xlsx)
        shutil.copy(soffice(xlsx, "xls", tmp), OUT / "laixi-shuiku-2024-zipingbiao.xls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
