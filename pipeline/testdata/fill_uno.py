"""Fill a blank perfeval template with the seed form in LibreOffice Calc,
through the UNO API, and save it as .xlsx: the workbook is written by
LibreOffice's own filter, as when a department fills the form in Calc.

usage: fill_uno.py TEMPLATE FORM_JSON OUT MODE PIPE
MODE is "numbers" or "text", or "numbers-deleted": numbers, then an unused
row of 绩效指标 deleted as a department tidying the form would (Calc then
saves an empty row 1048576); PIPE names the pipe soffice listens on.
"""
import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seedfill import plan  # noqa: E402

template, form_json, out, mode, pipe = sys.argv[1:6]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for attempt in range(120):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.5)
else:
    raise SystemExit("soffice did not start")
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(template)), "_blank", 0, (prop("Hidden", True),))
sheets = doc.Sheets


def row_of(sheet, label):
    for r in range(0, 200):
        if sheet.getCellByPosition(0, r).getString().strip() == label:
            return r + 1
    raise SystemExit("label not found on %s: %s" % (sheet.Name, label))


for name, anchor, offset, col, value, numeric in plan(form_json):
    sheet = sheets.getByName(name)
    row = anchor if offset is None else row_of(sheet, anchor) + offset
    cell = sheet.getCellByPosition(col - 1, row - 1)
    if numeric and mode.startswith("numbers"):
        cell.setValue(float(value))
    else:
        # setString puts the text in as typed text, like a cell formatted
        # as text; "=1项" stays text.
        cell.setString(value)

if mode == "numbers-deleted":
    sheet = sheets.getByName("绩效指标")
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last = cursor.getRangeAddress().EndRow  # 0-based: the last row in use
    # The first empty row below the indicators: the last used row may be
    # a formatted blank one, so look for the last row with a 三级指标 name.
    filled = max(r for r in range(0, last + 1) if sheet.getCellByPosition(2, r).getString().strip())
    sheet.Rows.removeByIndex(filled + 1, 1)

doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass  # the bridge closes as soffice exits
