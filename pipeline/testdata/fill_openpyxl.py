"""Fill a blank perfeval template with the seed form using openpyxl, the way
a script or a department's own tooling would.

usage: fill_openpyxl.py TEMPLATE FORM_JSON OUT MODE
MODE is "numbers" (amounts and scores as numbers) or "text" (typed as text,
as people paste them).
"""
import os
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seedfill import plan  # noqa: E402

template, form_json, out, mode = sys.argv[1:5]
wb = openpyxl.load_workbook(template)


def row_of(ws, label):
    for row in ws.iter_rows(min_col=1, max_col=1):
        c = row[0]
        if c.value is not None and str(c.value).strip() == label:
            return c.row
    raise SystemExit("label not found on %s: %s" % (ws.title, label))


for sheet, anchor, offset, col, value, numeric in plan(form_json):
    ws = wb[sheet]
    row = anchor if offset is None else row_of(ws, anchor) + offset
    if numeric and mode == "numbers":
        f = float(value)
        value = int(f) if f.is_integer() else f
    # openpyxl stores "=1项" as a formula with no cached value, as it would
    # for any script that writes the text a person typed: kept on purpose.
    ws.cell(row=row, column=col, value=value)

wb.save(out)
