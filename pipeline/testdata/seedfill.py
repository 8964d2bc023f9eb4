"""What a department types into the blank template, as a plan of cell
writes that any spreadsheet program can carry out. The openpyxl and
LibreOffice backends (fill_openpyxl.py, fill_uno.py) share it, so both fill
exactly the same cells.

A plan entry is (sheet, anchor, offset, column, value, numeric):
  anchor is a label searched in column A (the row it is on, plus offset),
  or an int row number when offset is None.
"""
import json


def plan(form_json):
    form = json.load(open(form_json, encoding="utf-8"))["form"]
    out = []

    def field(sheet, label, value, numeric):
        out.append((sheet, label, 0, 2, value, numeric))

    h = form["header"]
    field("基本信息", "评价部门名称", h["dept_name"], False)
    field("基本信息", "部门编码", "101001", False)
    field("基本信息", "评价年度", str(h["year"]), True)
    field("基本信息", "下属单位个数", str(h["sub_units"]), True)
    field("基本信息", "自评总分", h["declared_total"], True)
    st, assets = h["staffing"], h["assets"]
    b = st["actual_breakdown"]
    for label, v in [
        ("核定编制（名）", st["authorized_total"]),
        ("其中：行政编制（名）", st["authorized_admin"]),
        ("其中：事业编制（名）", st["authorized_institution"]),
        ("实有人数（人）", st["actual_total"]),
        ("其中：行政人员（人）", b["行政人员"]),
        ("其中：工勤人员（人）", b["工勤人员"]),
        # 事业人员 are the seed's three institution categories.
        ("其中：事业人员（人）", b["专业技术岗人员"] + b["管理岗人员"] + b["全部补助事业人员"]),
        ("资产总额（万元）", assets["total"]),
        ("其中：流动资产（万元）", assets["current"]),
        ("其中：非流动资产（万元）", assets["non_current"]),
    ]:
        field("基本信息", label, str(v), True)

    for r in form["budget"]["rows"]:
        out.append(("资金情况", r["row"], 0, 2, r["annual_budget"], True))
        out.append(("资金情况", r["row"], 0, 3, r["annual_execution"], True))
        out.append(("资金情况", r["row"], 0, 5, r["rate"], True))
        if "weight" in r:
            out.append(("资金情况", r["row"], 0, 4, r["weight"], True))
            out.append(("资金情况", r["row"], 0, 6, r["score"], True))
    field("资金情况", "预算执行率偏差原因分析及改进措施", form["budget"]["deviation_reason"], False)

    field("总体目标", "预期目标", form["goals"]["expected"], False)
    field("总体目标", "全年完成情况", form["goals"]["achieved"], False)

    last1 = last2 = None
    for i, x in enumerate(form["indicators"]):
        row = 3 + i
        # Like a person filling the form: a level is written once and the
        # rows under it are left blank.
        if x["level1"] != last1:
            out.append(("绩效指标", row, None, 1, x["level1"], False))
        if (x["level1"], x["level2"]) != (last1, last2):
            out.append(("绩效指标", row, None, 2, x["level2"], False))
        last1, last2 = x["level1"], x["level2"]
        out.append(("绩效指标", row, None, 3, x["name"], False))
        out.append(("绩效指标", row, None, 4, x["target"], False))
        out.append(("绩效指标", row, None, 5, x["actual"], False))
        out.append(("绩效指标", row, None, 6, x["weight"], True))
        out.append(("绩效指标", row, None, 7, x["self_score"], True))
        if x["deviation_reason"]:
            out.append(("绩效指标", row, None, 8, x["deviation_reason"], False))

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
        field("决算收支", label, v, True)
    for section, items in [("按支出功能科目划分", fa["by_function"]), ("按支出经济分类划分", fa["by_economic"])]:
        for k, (name, v) in enumerate(items.items()):
            out.append(("决算收支", section, k + 1, 1, name, False))
            out.append(("决算收支", section, k + 1, 2, v, True))
    return out
