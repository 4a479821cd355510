"""Read a report file (PDF, .txt, .docx) into a `Document`.

The file type is sniffed from its bytes, not its name, so a mislabelled file gets a clear error.
Nothing here raises for a bad file: the document comes back with status `failed` and a reason.
"""
from __future__ import annotations

import hashlib
import re
import zipfile

import regex
from pathlib import Path

from .cleaning import _Builder, _emit_table, assemble
from .model import Document
from .pdf_layout import GridCell, read_pages

MAX_PAGES = 1500
SUFFIX_TYPES = {".pdf": "pdf", ".docx": "docx"}
CONTENT_NAMES = {"txt": "plain text", "pdf": "a PDF", "docx": "a Word document", "unknown": "not a report format"}
MAX_TEXT_BYTES = 50 * 1024 * 1024


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(path: str | Path) -> str:
    """pdf | docx | txt | empty | unknown, from the first bytes."""
    with open(path, "rb") as f:
        head = f.read(2048)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "unknown"
        return "unknown"
    if b"\x00" in head:
        return "unknown"
    return "txt"


def read_document(path: str | Path) -> Document:
    path = Path(path)
    doc = Document(source=str(path), doc_id="")
    try:
        doc.doc_id = file_sha256(path)
        kind = sniff(path)
    except OSError as e:
        doc.status, doc.error = "failed", f"cannot read file: {e.strerror or e}"
        return doc
    doc.file_type = kind
    claimed = SUFFIX_TYPES.get(path.suffix.lower())
    if claimed and kind not in (claimed, "empty"):
        doc.status = "failed"
        doc.error = f"mislabelled file: named {path.suffix} but its content is {CONTENT_NAMES.get(kind, kind)}"
        return doc
    if kind == "empty":
        doc.status, doc.error = "failed", "empty file (0 bytes)"
    elif kind == "unknown":
        doc.status, doc.error = "failed", "not a PDF, .docx or text file"
    elif kind == "pdf":
        _read_pdf(path, doc)
    elif kind == "docx":
        _read_docx(path, doc)
    else:
        _read_txt(path, doc)
    return doc


def _read_pdf(path: Path, doc: Document) -> None:
    import pypdfium2 as pdfium
    try:
        pages, total = read_pages(str(path), MAX_PAGES)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            doc.status, doc.error = "failed", "encrypted PDF (a password is required)"
        else:
            doc.status, doc.error = "failed", f"broken PDF: {msg}"
        return
    doc.pages = total
    if total > MAX_PAGES:
        doc.status, doc.error = "failed", f"too many pages ({total} > {MAX_PAGES}); not a single report"
        return
    if total == 0:
        doc.status, doc.error = "failed", "PDF has no pages"
        return
    doc.bad_pages = [p.number for p in pages if not p.usable and (p.nchars or p.bad_chars or p.images)]
    for p in pages:
        if not p.usable:
            p.lines, p.tables = [], []
    assemble(doc, pages)
    good = [p for p in pages if p.usable]
    if not good:
        doc.status, doc.error = "failed", "no usable text layer (scanned or garbled PDF; OCR it first)"
        doc.text, doc.paragraphs, doc.tables, doc.boxes = "", [], [], []
    elif doc.bad_pages:
        doc.status = "partial"
        doc.error = f"no usable text layer on page(s) {', '.join(map(str, doc.bad_pages))}"


_BOILERPLATE = re.compile(r"^(首页|当前位置|您当前的位置|索引号|发布机构|发文机关|发布日期|成文日期|主题分类|文\s*号|来源|"
                          r"信息来源|浏览次数|访问量|字号|【|分享到|打印|关闭|扫一扫|所属机构|公开方式|公开范围|"
                          r"发布时间|作者|责任编辑|>|»)")
_TITLE = re.compile(r"(绩效自评|自评报告|绩效评价报告|绩效报告)")


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _read_txt(path: Path, doc: Document) -> None:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        doc.status, doc.error = "failed", f"text file too large ({size} bytes)"
        return
    text = _decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    lines_by_page = [[ln.strip() for ln in pg.split("\n")] for pg in pages]
    # web-page boilerplate before the title: drop it when a title line comes within the first 30 lines
    first = lines_by_page[0]
    t = next((i for i, ln in enumerate(first[:30]) if _TITLE.search(ln) and len(ln) < 80), None)
    if t:
        head = [ln for ln in first[:t] if ln]
        if all(_BOILERPLATE.match(ln) or len(ln) < 40 for ln in head):
            lines_by_page[0] = first[t:]
    lines_by_page[-1] = _drop_trailing_boilerplate(lines_by_page[-1])
    _lay_out_lines(doc, [_join_broken_lines([ln for ln in page if ln]) for page in lines_by_page])


_OPEN_END = regex.compile(r"[\p{Han}\d，、（(“]$")
_TITLE_END = re.compile(r"(报告|情况|说明|目录|封面|问题|措施|建议|结论)$")


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Text copied from a PDF breaks sentences at page ends (`在编` / `在岗 10 人`): a long line that
    stops mid-sentence continues on the next line unless that one starts a heading or a table row."""
    from .cleaning import HEADING_START
    out: list[str] = []
    for ln in lines:
        if out and len(out[-1]) >= 15 and _OPEN_END.search(out[-1]) and not _TITLE_END.search(out[-1]) \
                and not HEADING_START.match(ln) and _table_row(ln) is None and _table_row(out[-1]) is None:
            out[-1] = out[-1] + ln
        else:
            out.append(ln)
    return out


def _drop_trailing_boilerplate(lines: list[str]) -> list[str]:
    out = list(lines)
    while out and (not out[-1] or _BOILERPLATE.match(out[-1])):
        out.pop()
    return out


def _table_row(line: str) -> list[str] | None:
    if line.startswith("|") and line.count("|") >= 2:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    return None


def _lay_out_lines(doc: Document, lines_by_page: list[list[str]]) -> None:
    """Plain text: one paragraph per line; `|`- or tab-separated runs of lines are tables."""
    b = _Builder(doc)
    last_text = ""
    for pno, lines in enumerate(lines_by_page, start=1):
        rows: list[tuple[int, list]] = []
        for ln in lines + [""]:
            cells = _table_row(ln.replace("\u3000", " ").strip()) if ln else None
            if cells is not None:
                rows.append((pno, [GridCell(len(rows), i, None, [(ch, None) for ch in c])
                                   for i, c in enumerate(cells)]))
                continue
            if rows:
                _emit_table(b, rows, doc, last_text)
                rows = []
            if ln:
                if b.paragraph([(ch, None) for ch in ln], pno):
                    last_text = b.parts[-1]
    doc.pages = len(lines_by_page)
    b.finish(doc.pages)
    from .cleaning import _mark_toc
    _mark_toc(doc)


def _read_docx(path: Path, doc: Document) -> None:
    try:
        import docx  # python-docx
        d = docx.Document(str(path))
    except Exception as e:  # python-docx raises several types for broken packages
        doc.status, doc.error = "failed", f"broken .docx: {e}"
        return
    lines: list[str] = []
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip())
        elif tag == "tbl":
            for tr in child:
                if tr.tag.endswith("}tr"):
                    cells = []
                    for tc in tr:
                        if tc.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")).strip())
                            cells.extend([""] * (_grid_span(tc) - 1))   # a merged cell keeps the columns aligned
                    lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    _lay_out_lines(doc, [lines])


def _grid_span(tc) -> int:
    """How many grid columns a .docx table cell covers (<w:tcPr><w:gridSpan w:val="3"/>)."""
    for el in tc:
        if el.tag.endswith("}tcPr"):
            for prop in el:
                if prop.tag.endswith("}gridSpan"):
                    val = next((v for k, v in prop.attrib.items() if k.endswith("}val")), "1")
                    return max(1, min(int(val), 64)) if val.isdigit() else 1
    return 1
