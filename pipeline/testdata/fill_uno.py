"""Fill a blank perfeval template with the seed form in LibreOffice Calc,
through the UNO API, and save it as .xlsx: the workbook is written by
LibreOffice's own filter, as when a department fills the form in Calc.

usage: fill_uno.py TEMPLATE FORM_JSON OUT MODE PIPE
MODE is "numbers" or "text"; PIPE names the pipe soffice listens on.
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
    if numeric and mode == "numbers":
        cell.setValue(float(value))
    else:
        # setString puts the text in as typed text, like a cell formatted
        # as text; "=1项" stays text.
        cell.setString(value)

doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass  # the bridge closes as soffice exits
