"""The data model shared by every stage.

One report is read into a `Document`: the cleaned full text plus, for every character of it, where it
came from (page and bounding box).  Every later stage (outline, figures, fields, tables, checks) speaks
in code-point offsets into `Document.text`, so provenance is a lookup, never a re-derivation.

All money and measured values are `decimal.Decimal`; nothing here goes through binary floats.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left (pdfplumber's)


@dataclass
class Cell:
    """One cell of a ruled table; `start:end` is its text inside `Document.text`."""
    row: int
    col: int
    text: str
    start: int
    end: int
    page: int
    bbox: Optional[BBox] = None


@dataclass
class Table:
    """A table as rows of cells, already merged across page breaks."""
    id: str
    page: int                    # first page (1-based)
    start: int                   # span of the whole table in Document.text
    end: int
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str = ""            # the paragraph right before the table (often holds 单位：万元)

    def row_texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


@dataclass
class Paragraph:
    """A block of the cleaned text: prose, a heading line, or one table row."""
    start: int
    end: int
    page: int
    kind: str = "text"           # text | table | toc | cover
    table: Optional[str] = None  # Table.id for kind == "table"
    display: bool = False        # set in a larger font than the body (titles on the cover / first page)


@dataclass
class Document:
    """The cleaned text of one report and the coordinates of each of its characters."""
    source: str
    doc_id: str
    text: str = ""
    page_starts: list[int] = field(default_factory=list)   # offset where page i+1 starts in text
    boxes: list[Optional[BBox]] = field(default_factory=list)  # one per character of text (None: generated)
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pages: int = 0
    status: str = "ok"           # ok | partial | failed
    error: Optional[str] = None
    file_type: str = "pdf"
    bad_pages: list[int] = field(default_factory=list)    # pages with no usable text layer
    warnings: list[str] = field(default_factory=list)     # what the reader noticed but read anyway
    ocr_pages: list[int] = field(default_factory=list)    # pages whose text came from OCR
    truncated: Optional[str] = None                        # why the text looks cut short
    confidences: Optional[list[Optional[float]]] = None    # OCR confidence per character (None: text layer)
    published: Optional[str] = None                        # YYYY-MM-DD a web page states (发布时间/发布日期)

    def confidence_of(self, start: int, end: int) -> Optional[float]:
        """The lowest OCR confidence of text[start:end]; None when none of it was recognised by OCR."""
        if not self.confidences:
            return None
        vals = [c for c in self.confidences[start:end] if c is not None]
        return min(vals) if vals else None

    def page_of(self, offset: int) -> int:
        """1-based page of a text offset (binary search over page_starts)."""
        from bisect import bisect_right
        if not self.page_starts:
            return 1
        return max(1, bisect_right(self.page_starts, offset))

    def bbox_of(self, start: int, end: int) -> Optional[BBox]:
        """Union of the boxes of text[start:end] that lie on the page of `start`."""
        if not self.boxes:
            return None
        page = self.page_of(start)
        xs0, ts, xs1, bs = [], [], [], []
        for i in range(start, min(end, len(self.boxes))):
            b = self.boxes[i]
            if b is None or self.page_of(i) != page:
                continue
            xs0.append(b[0]); ts.append(b[1]); xs1.append(b[2]); bs.append(b[3])
        if not xs0:
            return None
        return (round(min(xs0), 2), round(min(ts), 2), round(max(xs1), 2), round(max(bs), 2))


@dataclass
class Section:
    id: str
    parent: Optional[str]
    level: int
    number: str                  # as printed, normalised to full-width forms: 一、 （一） 1. （1） ①
    title: str
    canonical: Optional[str]
    page: int
    start: int                   # heading start
    end: int                     # end of the section's content (next heading of same or higher level)
    body_start: int              # first character after the heading's title
    style: str = ""              # part | cn | paren_cn | arabic | paren_arabic | circled | standard


@dataclass
class Figure:
    id: str
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    kind: str                    # money | percent | count | score | measure | change
    base_value: Decimal
    base_unit: str
    page: int
    section: Optional[str] = None
    label: str = ""
    base_label: Optional[str] = None   # the base of a share: 占基本支出的… -> 基本支出
    direction: Optional[str] = None    # 增长 / 下降 for 同比 changes
    qualifier: Optional[str] = None    # comparison context: 上年 / 年初预算 ...
    bbox: Optional[BBox] = None
    approx: bool = False               # 余 / 约 / 多: an approximate figure
    table: Optional[str] = None        # Table.id when the figure is in a table cell
    op: Optional[str] = None           # ≥ ≤ > < when printed before the number
    confidence: Optional[float] = None  # OCR confidence of the figure's characters (None: text layer)


@dataclass
class FieldValue:
    field: str
    value: object                # Decimal, or str for self_grade
    unit: str
    figure: Optional[str] = None  # Figure.id; None when stated in words (无…支出 -> 0)
    section: Optional[str] = None
    page: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None
    text: str = ""
    origin: str = "text"         # text | table | words | sum
    confidence: Optional[float] = None
    alternatives: list[str] = field(default_factory=list)   # figures stating the field with other values
    carried: bool = False        # the label named the field only with the subject of an earlier clause


@dataclass
class Finding:
    rule: str
    category: str
    severity: str                # error | warning | info
    message: str
    section: Optional[str] = None
    figures: list[str] = field(default_factory=list)
    expected: Optional[str] = None
    actual: Optional[str] = None
    expression: str = ""
    delta: Optional[str] = None
    tolerance: Optional[str] = None
    pages: list[int] = field(default_factory=list)
    fingerprint: str = ""
    certainty: str = "certain"   # certain | likely | undecided
    bases: list[str] = field(default_factory=list)        # how each operand is tied to its role
    evidence: list[dict] = field(default_factory=list)    # {text, start, end, page}: what it rests on
    evaluation: Optional[str] = None


@dataclass
class Evaluation:
    """One evaluated unit or project: a 自评表 (or a self-evaluation report) inside a document."""
    id: str
    kind: Optional[str] = None          # 部门整体支出 | 项目支出
    name: Optional[str] = None
    budget: Optional[Decimal] = None    # 元
    expenditure: Optional[Decimal] = None
    execution_rate: Optional[Decimal] = None   # percent points
    score: Optional[Decimal] = None
    grade: Optional[str] = None
    pages: list[int] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass
class Meta:
    title: Optional[str] = None
    department: Optional[str] = None
    region: Optional[str] = None
    year: Optional[int] = None
    doc_type: Optional[str] = None      # 绩效自评报告 | 绩效自评表 | 绩效评价报告 | 部门决算 | 部门预算 | 单位预算 | 绩效目标表 | 其他
    kind: Optional[str] = None
    project: Optional[str] = None
    report_date: Optional[str] = None
    pages: int = 0


@dataclass
class Report:
    """Everything extracted from one file; what `process(path)` returns."""
    document: Document
    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    fields: dict[str, FieldValue] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    budget_lines: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    field_of: dict[str, str] = field(default_factory=dict)   # figure id → the field it states (fields stage)
    seconds: float = 0.0
