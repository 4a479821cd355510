"""Answers from the tables: the comparison table, the workbook, the HTML report, SQL and `show --out`."""
