"""The openpyxl baseline of perfeval's benchmark (samples/benchgen).

Reads every workbook of a folder with openpyxl, walks the rows of its
indicator sheet, marks one cell as perfeval's annotated copy does (a fill,
a comment) and saves the copy: the least a Python script does to read,
annotate and save a form. One process per core, as perfeval runs one
worker per core.

    python3 openpyxl_annotate.py CORPUS OUT
"""

import glob
import os
import sys
from multiprocessing import Pool

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

FILL = PatternFill("solid", fgColor="FFC7CE")


def annotate(job):
    path, out = job
    try:
        wb = load_workbook(path)
    except Exception:
        return 0  # unreadable, as perfeval reports it
    ws = wb["绩效指标"] if "绩效指标" in wb.sheetnames else wb.worksheets[0]
    for _ in ws.iter_rows(values_only=True):
        pass
    cell = ws.cell(row=5, column=ws.max_column + 1, value="复核意见")
    cell.fill = FILL
    cell.comment = Comment("审核意见", "财政局复核")
    wb.save(os.path.join(out, os.path.basename(path)))
    return 1


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    files = sorted(glob.glob(os.path.join(corpus, "*.xlsx")))
    with Pool(os.cpu_count()) as pool:
        done = sum(pool.imap_unordered(annotate, [(f, out) for f in files], chunksize=16))
    print(f"{done} of {len(files)} annotated", file=sys.stderr)


if __name__ == "__main__":
    main()
