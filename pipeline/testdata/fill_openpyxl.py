"""Fill a blank perfeval template with the seed form, the way a script or a
department's own tooling would: openpyxl, not excelize.

usage: fill_openpyxl.py TEMPLATE FORM_JSON OUT MODE
MODE is "numbers" (amounts and scores as numbers) or "text" (typed as text,
as people paste them).
"""
import json
import sys

import openpyxl

template, form_json, out, mode = sys.argv[1:5]
form = json.load(open(form_json, encoding="utf-8"))["form"]
wb = openpyxl.load_workbook(template)


def num(s):
    if mode == "text":
        return str(s)
    f = float(s)
    return int(f) if f.is_integer() else f


def row_of(ws, label):
    for row in ws.iter_rows(min_col=1, max_col=1):
        c = row[0]
        if c.value is not None and str(c.value).strip() == label:
            return c.row
    raise SystemExit("label not found on %s: %s" % (ws.title, label))


def put(ws, label, value):
    ws.cell(row=row_of(ws, label), column=2, value=value)


h = form["header"]
info = wb["基本信息"]
put(info, "评价部门名称", h["dept_name"])
put(info, "部门编码", "101001")
put(info, "评价年度", num(h["year"]))
put(info, "下属单位个数", num(h["sub_units"]))
put(info, "自评总分", num(h["declared_total"]))

budget = wb["资金情况"]
for r in form["budget"]["rows"]:
    row = row_of(budget, r["row"])
    budget.cell(row=row, column=2, value=num(r["annual_budget"]))
    budget.cell(row=row, column=3, value=num(r["annual_execution"]))
    budget.cell(row=row, column=5, value=num(r["rate"]))
    if "weight" in r:
        budget.cell(row=row, column=4, value=num(r["weight"]))
        budget.cell(row=row, column=6, value=num(r["score"]))
put(budget, "预算执行率偏差原因分析及改进措施", form["budget"]["deviation_reason"])

goals = wb["总体目标"]
put(goals, "预期目标", form["goals"]["expected"])
put(goals, "全年完成情况", form["goals"]["achieved"])

ind = wb["绩效指标"]
last1 = last2 = None
for i, x in enumerate(form["indicators"]):
    row = 3 + i
    # Like a person filling the form: a level is written once, the rows
    # under it are left blank.
    if x["level1"] != last1:
        ind.cell(row=row, column=1, value=x["level1"])
    if (x["level1"], x["level2"]) != (last1, last2):
        ind.cell(row=row, column=2, value=x["level2"])
    last1, last2 = x["level1"], x["level2"]
    ind.cell(row=row, column=3, value=x["name"])
    ind.cell(row=row, column=4, value=x["target"])
    ind.cell(row=row, column=5, value=x["actual"])
    ind.cell(row=row, column=6, value=num(x["weight"]))
    ind.cell(row=row, column=7, value=num(x["self_score"]))
    if x["deviation_reason"]:
        ind.cell(row=row, column=8, value=x["deviation_reason"])

acc = wb["决算收支"]
fa = form["final_accounts"]
for label, v in [
    ("一般公共预算财政拨款收入", fa["income"]["一般公共预算财政拨款收入"]),
    ("政府性基金预算财政拨款收入", "0"),
    ("其他收入", "0"),
    ("本年收入合计", fa["income"]["一般公共预算财政拨款收入"]),
    ("年初财政拨款结转和结余", fa["opening_carryover"]["财政拨款结转（结余）"]),
    ("年初其他资金结转和结余", fa["opening_carryover"]["其他资金结转（结余）"]),
    ("人员经费", fa["basic"]["人员经费"]),
    ("公用经费", fa["basic"]["公用经费"]),
    ("基本支出合计", "4560.51"),
    ("项目支出", fa["project"]),
    ("本年支出合计", fa["total_expenditure"]),
    ("年末财政拨款结转和结余", fa["closing_carryover"]["财政拨款结转（结余）"]),
    ("年末其他资金结转和结余", fa["closing_carryover"]["其他资金结转（结余）"]),
]:
    put(acc, label, num(v))
for section, items in [("按支出功能科目划分", fa["by_function"]), ("按支出经济分类划分", fa["by_economic"])]:
    row = row_of(acc, section) + 1
    for k, v in items.items():
        acc.cell(row=row, column=1, value=k)
        acc.cell(row=row, column=2, value=num(v))
        row += 1

wb.save(out)
