"""The 绩效自评表 and budget tables of a report, read into budget lines and indicator rows.

Tables come from the reading layer as rows of `Cell`s (ruled PDF grids, `|` / tab lines of .txt,
.docx tables).  Column order varies by province and template, so nothing here relies on position:
each header cell is given a role (三级指标, 分值, 全年执行数 …) from the wordings kept as data in
`schemas/table_templates.toml`, and data cells take the role of the header cell above them (the header
cell whose left edge is the nearest one at or left of theirs, so merged cells and stacked blocks with
different column grids both work).  One grid may stack several blocks (budget block, then indicator
block), each with its own header row: a new header row starts a new block.

Values are decimal strings as printed (`360.00`, never floats) or None, each beside the raw cell text.
Nothing here judges the numbers: the check engine (extract/checks) does, on `read_tables`' rows and on
`document_blocks` where it needs a block's 总分 row.  `headers_of` reads the header rows of any table
for the figures stage: what each header cell says about the numbers under it (unit, year, amount …).
"""
from .blocks import Block, document_blocks, lines_of, parse_table, read_tables
from .headers import Column, Header, cell_label, headers_of, is_number
from .cells import Measure, block_kind, column_role, header_key, header_roles, is_dash, parse_measure, parse_number, schema

__all__ = ["Column", "Header", "cell_label", "headers_of", "is_number", "Block", "document_blocks", "lines_of", "parse_table", "read_tables", "Measure", "block_kind",
           "column_role", "header_key", "header_roles", "is_dash", "parse_measure", "parse_number", "schema"]
