package corpus

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

const encryptedFile = "encrypted.xlsx"

// Sizes of the generated giants.
const (
	// bombSize is what the zip bombs inflate to: beyond
	// xlsx.MaxUnzipSize (256 MB), from about 300 KB on disk.
	bombSize = 300 << 20
	// millionRows is the row count of the million-row sheets.
	millionRows = 1_000_000
)

// Cases returns every case, in a fixed order.
func Cases() []Case {
	return []Case{
		// Files that are not workbooks.
		{File: "empty-file.xlsx", What: "zero bytes under an .xlsx name", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: raw(nil)},
		{File: "text-renamed.xlsx", What: "a CSV text file renamed .xlsx", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: raw([]byte("部门名称,部门编码,自评总分\r\n南昌市政务服务数据管理局,101001,94\r\n"))},
		{File: "html-renamed.xlsx", What: "an HTML table, as business systems 'export to Excel', under an .xlsx name", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: raw([]byte("<html><head><meta charset=\"utf-8\"></head><body><table>\n<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td></tr>\n<tr><td>产出指标</td><td>数量指标</td><td>网上业务办理</td></tr>\n</table></body></html>\n"))},
		{File: "legacy-xls.xlsx", What: "a legacy .xls (BIFF8 Workbook stream in an OLE container) under an .xlsx name", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: raw(compoundFile([]cfbStream{{"Workbook", biffWorkbook(0x0DBB, 0x07CC)}}))},
		{File: "wps-et.xlsx", What: "a WPS .et workbook (an OLE container with a Workbook stream, like .xls) under an .xlsx name", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: raw(compoundFile([]cfbStream{{"Workbook", biffWorkbook(0x1F40, 0x07E6)}}))},
		{File: "ods-renamed.xlsx", What: "an OpenDocument spreadsheet renamed .xlsx: a zip without an OOXML workbook", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: func([]byte) ([]byte, error) { return odsFile() }},
		{File: "truncated.xlsx", What: "the seed cut off halfway, as an interrupted upload or e-mail leaves it", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: func(seed []byte) ([]byte, error) { return bytes.Clone(seed[:len(seed)/2]), nil }},
		{File: "corrupt-deflate.xlsx", What: "16 bytes flipped in the middle of the compressed 绩效指标 sheet; the zip directory is intact", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: flipBytes("绩效指标", 16)},
		{File: encryptedFile, What: "the seed saved with an open password (" + Password + ")", Status: Unreadable, Findings: []string{"encrypted"},
			build: encrypt},
		{File: "zip-bomb.xlsx", What: "绩效指标 padded with empty rows to 300 MB inflated, from about 300 KB; the zip declares the true size", Status: Unreadable, Findings: []string{"too_large"},
			build: appendRows("绩效指标", bombSize/len(emptyRow), "", 0, func(int) []byte { return emptyRow })},
		{File: "zip-bomb-lying.xlsx", What: "the same 300 MB sheet, but the zip declares it 20 KB: excelize's own limit trusts that field", Status: Unreadable, Findings: []string{"too_large"},
			build: appendRows("绩效指标", bombSize/len(emptyRow), "", 20<<10, func(int) []byte { return emptyRow })},

		// Workbooks with a structure the reader has to find its way through.
		{File: "empty-workbook.xlsx", What: "a new workbook with one blank sheet", Status: Returned, Findings: []string{
			"missing_sheet 基本信息", "missing_sheet 资金情况", "missing_sheet 总体目标", "missing_sheet 绩效指标", "missing_sheet 决算收支", "template_version 基本信息"},
			build: func([]byte) ([]byte, error) {
				f := excelize.NewFile()
				defer f.Close()
				var buf bytes.Buffer
				_, err := f.WriteTo(&buf)
				return buf.Bytes(), err
			}},
		{File: "rows-1m.xlsx", What: "绩效指标 filled down to row 1,000,000 in a helper column I; rows without r attributes, as the OOXML schema allows, so the file stays small. Unreadable: excelize's model of the sheet would hold 9 million cells", Status: Unreadable, Findings: []string{"too_large 绩效指标"},
			build: filledDown(false, millionRows)},
		{File: "rows-1m-numbered.xlsx", What: "绩效指标 filled down to row 1,000,000 in column I, every row and cell numbered as Excel writes them (several MB on disk)", Status: Unreadable, Findings: []string{"too_large 绩效指标"}, Big: true,
			build: filledDown(true, millionRows)},
		{File: "extra-sheet-1m.xlsx", What: "an extra sheet 明细 of 1,000,000 rows beside an intact form: unreadable too, since excelize loads every sheet to annotate", Status: Unreadable, Findings: []string{"too_large 明细"},
			build: chain(mutate(all(newSheet("明细"), set("明细", "A1", "明细"))),
				appendRows("明细", millionRows-1, fmt.Sprintf("A1:A%d", millionRows), 0, func(int) []byte { return []byte("<row><c><v>0</v></c></row>") }))},
		{File: "rows-20k.xlsx", What: "绩效指标 filled down to row 20,000 in column I: read up to template.MaxRows (5,000) rows, values only, and not annotated", Status: Returned, Findings: []string{"too_large 绩效指标"},
			build: filledDown(true, 20_000)},
		{File: "wide-cells.xlsx", What: "a 0 typed at column XFD in 1,000 rows of 绩效指标: 30 KB that excelize would fill out to 16 million cells", Status: Unreadable, Findings: []string{"too_large 绩效指标"},
			build: appendRows("绩效指标", 1000, "", 0, func(n int) []byte {
				return fmt.Appendf(nil, `<row r="%d"><c r="XFD%d" s="1"><v>0</v></c></row>`, 100+n, 100+n)
			})},
		{File: "empty-rows-below.xlsx", What: "below the table, formatted empty cells at column XFD in 1,000 rows and an empty row 1,048,576, as LibreOffice writes after a row is deleted: read without those rows", Status: Accepted,
			build: appendRows("绩效指标", 1001, "A1:XFD1048576", 0, func(n int) []byte {
				if n == 1000 {
					return []byte(`<row r="1048576" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false"></row>`)
				}
				return fmt.Appendf(nil, `<row r="%d"><c r="XFD%d" s="1"/></row>`, 100+n, 100+n)
			})},
		{File: "shared-strings-bloat.xlsx", What: "xl/sharedStrings.xml padded to 20 MB of one-letter strings, which excelize would parse whole", Status: Unreadable, Findings: []string{"too_large"},
			build: padSharedStrings(20 << 20)},
		{File: "sheet-renamed-spaces.xlsx", What: "sheet names with a trailing space and an ideographic space: tolerated", Status: Accepted,
			build: mutate(all(rename("绩效指标", "绩效指标 "), rename("资金情况", "资金情况\u3000")))},
		{File: "sheet-renamed.xlsx", What: "绩效指标 renamed 绩效指标（2022）", Status: Returned, Findings: []string{"missing_sheet 绩效指标"}, // no indicators, so no total to compare 自评总分 with
			build: mutate(rename("绩效指标", "绩效指标（2022）"))},
		{File: "sheet-missing.xlsx", What: "资金情况 deleted", Status: Returned, Findings: []string{"missing_sheet 资金情况"},
			build: mutate(func(f *excelize.File) error { return f.DeleteSheet("资金情况") })},
		{File: "header-renamed.xlsx", What: "绩效指标 header 实际完成值 renamed 完成情况", Status: Returned, Findings: []string{"missing_column 绩效指标!2:2"},
			build: mutate(set("绩效指标", "E2", "完成情况"))},
		{File: "header-variants.xlsx", What: "header aliases, a line break inside a header and half-width brackets: tolerated", Status: Accepted,
			build: mutate(all(set("绩效指标", "D2", "年度目标值"), set("绩效指标", "E2", "实际\n完成值"), set("绩效指标", "G2", "自评得分"),
				set("资金情况", "B2", "全年预算数(万元)"), set("资金情况", "E2", "执行率(%)")))},
		{File: "subtotal-rows.xlsx", What: "a 产出指标小计 row under the 产出指标 rows, its 分值 and 得分 the department's own sums: tolerated, checked against the rows", Status: Accepted,
			build: mutate(all(insertRows("绩效指标", 40, 1), set("绩效指标", "A40", "产出指标小计"), set("绩效指标", "F40", 40), set("绩效指标", "G40", 38.76)))},
		{File: "header-two-rows.xlsx", What: "the 绩效指标 header in two rows, the units （分） on a row of their own: tolerated; the seed's own finding moves down a row", Status: Accepted,
			Findings: []string{"target_too_low 绩效指标!D4"},
			build:    mutate(all(insertRows("绩效指标", 3, 1), set("绩效指标", "F3", "（分）"), set("绩效指标", "G3", "（分）")))},
		{File: "title-rows.xlsx", What: "title rows inserted above the tables of 绩效指标, 资金情况 and 基本信息: tolerated; the seed's own findings move down with their cells", Status: Accepted,
			Findings: []string{"cross_table_mismatch 资金情况!B5", "cross_table_mismatch 资金情况!B6", "sum_mismatch 资金情况!B5", "sum_mismatch 资金情况!C5", "target_too_low 绩效指标!D6"},
			build: mutate(all(
				insertRows("绩效指标", 1, 3), set("绩效指标", "A1", "南昌市政务服务数据管理局"), set("绩效指标", "A2", "2022年度部门整体支出绩效自评表"), set("绩效指标", "A3", "单位：万元"),
				insertRows("资金情况", 1, 2), set("资金情况", "A1", "南昌市政务服务数据管理局"),
				insertRows("基本信息", 2, 2), set("基本信息", "A2", "填报单位（盖章）")))},
		{File: "merged-cells.xlsx", What: "一级指标 merged over its group (A3:A39), one reason merged over two rows (H11:H12), and a target merged over its actual (D5:E5): the actual reads empty, as Excel shows it", Status: Returned,
			Findings: []string{"missing_field 绩效指标!E5", "provisional_score 绩效指标!G5"},
			build:    mutate(all(merge("绩效指标", "A3", "A39"), merge("绩效指标", "H11", "H12"), merge("绩效指标", "D5", "E5")))},
		{File: "merged-banner.xlsx", What: "a section banner row merged across the whole indicator table: a heading, not an indicator; the seed's finding on the first indicator moves down a row", Status: Accepted,
			Findings: []string{"target_too_low 绩效指标!D4"},
			build:    mutate(all(insertRows("绩效指标", 3, 1), set("绩效指标", "A3", "一、产出指标（40分）"), merge("绩效指标", "A3", "H3")))},
		{File: "hidden-rows.xlsx", What: "two indicator rows and a 资金情况 row hidden: still read and scored, and each pointed out, since the printed copy leaves it out", Status: Accepted,
			Findings: []string{"hidden_row 资金情况!A6", "hidden_row 绩效指标!C11", "hidden_row 绩效指标!C13"},
			build:    mutate(all(hideRow("绩效指标", 11), hideRow("绩效指标", 13), hideRow("资金情况", 6)))},
		{File: "sheet-xml-broken.xlsx", What: "a stray end tag in the XML of 绩效指标: excelize's row reader stops there without an error, so the sheet would read as empty", Status: Returned,
			Findings: []string{"missing_sheet 绩效指标", "missing_column 绩效指标!1:1"},
			build:    breakSheetXML("绩效指标")},
		{File: "blank-rows.xlsx", What: "blank rows inside the indicator table", Status: Accepted,
			build: mutate(all(insertRows("绩效指标", 10, 1), insertRows("绩效指标", 30, 2)))},

		// Cell contents.
		{File: "formulas-cached.xlsx", What: "资金情况 totals and rates, and two actuals, as formulas with cached values, as Excel saves them", Status: Accepted,
			build: chain(editCells("资金情况",
				cellEdit{"B3", "", "<f>B4+B5</f><v>10343.6719</v>"},
				cellEdit{"C3", "", "<f>C4+C5</f><v>9452.1302</v>"},
				cellEdit{"E3", "", "<f>ROUND(C3/B3*100,2)</f><v>91.38</v>"},
				cellEdit{"E4", "", "<f>ROUND(C4/B4*100,2)</f><v>91.2</v>"},
				cellEdit{"E5", "", "<f>ROUND(C5/B5*100,2)</f><v>93.76</v>"},
				cellEdit{"E6", "", "<f>ROUND(C6/B6*100,2)</f><v>87.08</v>"},
				cellEdit{"E7", "", "<f>ROUND(C7/B7*100,2)</f><v>95.79</v>"}),
				// Computations without a cell reference: the cached result
				// is the value, not the formula's text.
				editCells("绩效指标",
					cellEdit{"E13", ` t="str"`, `<f>3573&amp;"次"</f><v>3573次</v>`},
					cellEdit{"E4", ` t="str"`, `<f>289&amp;"种"</f><v>289种</v>`}))},
		{File: "formulas-uncached.xlsx", What: "formulas without cached values, as openpyxl saves them: two 资金情况 totals, a self-score and an actual", Status: Returned, Findings: []string{
			// Without the totals there is no execution rate to score, so no
			// total to compare 自评总分 with.
			"unparseable_value 资金情况!B3", "unparseable_value 资金情况!C3", "unparseable_value 绩效指标!G4", "unparseable_value 绩效指标!E8",
			// The actual in doubt counts at its self-score, provisionally.
			"provisional_score 绩效指标!G8"},
			build: chain(
				editCells("资金情况",
					cellEdit{"B3", "", "<f>B4+B5</f><v></v>"},
					cellEdit{"C3", "", "<f>C4+C5</f><v></v>"}),
				editCells("绩效指标",
					cellEdit{"G4", "", "<f>ROUND(F4*(289/290-0.6)/0.4,2)</f><v></v>"},
					cellEdit{"E8", "", "<f>SUM(1000,54)</f><v></v>"},
					// A formula whose cached result is empty text is not a missing result.
					cellEdit{"H3", ` t="str"`, `<f>IF(G3&lt;F3,"请说明原因","")</f><v></v>`}))},
		{File: "div0-without-budget.xlsx", What: "#DIV/0! cached in the rate of a 资金情况 row whose budget is 0: no budget, no rate, as a slash would say; only the sources no longer add up", Status: Returned,
			Findings: []string{"sum_mismatch 资金情况!B3", "sum_mismatch 资金情况!C3"},
			build: chain(mutate(all(set("资金情况", "B5", 0), set("资金情况", "C5", 0))),
				editCells("资金情况", cellEdit{"E5", ` t="e"`, "<f>C5/B5*100</f><v>#DIV/0!</v>"}))},
		{File: "error-values.xlsx", What: "cached error values: #DIV/0! in a 资金情况 rate, #REF! in a self-score", Status: Returned, Findings: []string{
			"unparseable_value 资金情况!E5", "unparseable_value 绩效指标!G13"},
			build: chain(
				editCells("资金情况", cellEdit{"E5", ` t="e"`, "<f>C5/0*100</f><v>#DIV/0!</v>"}),
				editCells("绩效指标", cellEdit{"G13", ` t="e"`, "<f>#REF!*F13</f><v>#REF!</v>"}))},
		{File: "date-serial.xlsx", What: "填报日期, and the actual of a deadline indicator (D34 2022年12月31日前), as date-formatted serial numbers", Status: Accepted,
			build: mutate(all(dateSerial("基本信息", "B9", time.Date(2023, 3, 15, 0, 0, 0, 0, time.UTC)),
				set("绩效指标", "D34", "2022年12月31日前"), dateSerial("绩效指标", "E34", time.Date(2022, 12, 28, 0, 0, 0, 0, time.UTC))))},
		// Misread in the 1900 system, the late actual would fall four years
		// early, inside the deadline, and the miss would go unnoticed.
		{File: "date-1904.xlsx", What: "a workbook in the 1904 date system (old Mac Excel): 填报日期 and a late actual (2023-01-05 against 2022年12月31日前) as serials counted from 1904", Status: Returned,
			Findings: []string{"missing_explanation 绩效指标!H34", "self_score_mismatch 绩效指标!G34"},
			build: mutate(all(date1904, dateSerial("基本信息", "B9", time.Date(2023, 3, 15, 0, 0, 0, 0, time.UTC)),
				set("绩效指标", "D34", "2022年12月31日前"), dateSerial("绩效指标", "E34", time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC))))},
		{File: "date-text.xlsx", What: "填报日期, and the actual of a deadline indicator (D34 2022年12月31日前), as text (2023年3月15日, 2022年12月28日)", Status: Accepted,
			build: mutate(all(set("基本信息", "B9", "2023年3月15日"), set("绩效指标", "D34", "2022年12月31日前"), set("绩效指标", "E34", "2022年12月28日")))},
		{File: "date-text-slash.xlsx", What: "填报日期 as text 2023/3/15", Status: Accepted,
			build: mutate(set("基本信息", "B9", "2023/3/15"))},
		{File: "date-invalid.xlsx", What: "填报日期 as text that is not a date (2023年13月45日)", Status: Returned, Findings: []string{"unparseable_value 基本信息!B9"},
			build: mutate(set("基本信息", "B9", "2023年13月45日"))},
		{File: "negative-amount.xlsx", What: "a negative execution amount in 资金情况", Status: Returned, Findings: []string{"negative_amount 资金情况!C5", "sum_mismatch 资金情况!C3", "rate_mismatch 资金情况!E5"},
			build: mutate(set("资金情况", "C5", -680.69))},
		{File: "thousands-separators.xlsx", What: "amounts typed as text with thousands separators", Status: Accepted,
			build: mutate(all(set("资金情况", "B3", "10,343.6719"), set("资金情况", "C3", "9,452.1302"), set("决算收支", "B3", "9,893.12"), set("基本信息", "B18", "17,570.36")))},
		{File: "fullwidth-digits.xlsx", What: "full-width digits, point and operator", Status: Accepted,
			build: mutate(all(set("绩效指标", "E4", "２８９种"), set("绩效指标", "F4", "１．５"), set("绩效指标", "D13", "＞＝４０００次"), set("资金情况", "B5", "７２６")))},
		{File: "unit-yuan.xlsx", What: "an amount in 元 in a 万元 column, and one that says 万元 explicitly", Status: Returned, Findings: []string{"unit_mismatch 资金情况!C4"},
			build: mutate(all(set("资金情况", "C4", "87714402元"), set("决算收支", "B3", "9893.12万元")))},
		{File: "unit-count-days.xlsx", What: "an actual in 件 against a target in 天", Status: Returned, Findings: []string{"unit_mismatch 绩效指标!E11", "provisional_score 绩效指标!G11"},
			build: mutate(set("绩效指标", "E11", "291件"))},

		// Silent acceptances a reviewer would not accept (issue #11, item 6):
		// each gets a located finding, or the file is unreadable with the
		// reason. Builders in silent.go.
		{File: "duplicate-part.xlsx", What: "a second xl/worksheets/sheet5.xml (绩效指标, G4 1.5 instead of 1.49) after the first in the zip: excelize keeps the last, another program may show the first", Status: Unreadable, Findings: []string{"not_xlsx"},
			build: duplicatePart("绩效指标", cellEdit{"G4", "", "<v>1.5</v>"})},
		{File: "header-repeated.xlsx", What: "a second 实际完成值 column (I) in 绩效指标 with another actual for 扩种扩量电子证照, and an empty second 执行数 column (G) in 资金情况: the leftmost is read, the repeat reported", Status: Returned,
			Findings: []string{"duplicate_column 绩效指标!I2", "duplicate_column 资金情况!G2"},
			build:    mutate(all(set("绩效指标", "I2", "实际完成值"), set("绩效指标", "I4", "290种"), set("资金情况", "G2", "执行数")))},
		{File: "hidden-columns.xlsx", What: "the 实际完成值 column of 绩效指标 and the 全年执行数 column of 资金情况 hidden: read and scored, each pointed out, since the printed copy lacks the whole column", Status: Accepted,
			Findings: []string{"hidden_column 绩效指标!E2", "hidden_column 资金情况!C2"},
			build:    mutate(all(hideCol("绩效指标", "E"), hideCol("资金情况", "C")))},
		{File: "sheet-hidden-behind-copy.xlsx", What: "绩效指标 hidden behind a visible copy 绩效指标（修改） that gives itself full marks on 政务服务平台运行维护: the hidden one is read and scored, the reviewer sees the copy", Status: Returned,
			Findings: []string{"lookalike_sheet 绩效指标"},
			build:    mutate(all(copySheet("绩效指标", "绩效指标（修改）"), set("绩效指标（修改）", "G11", 2), hideSheet("绩效指标", false)))},
		{File: "sheet-copy-very-hidden.xlsx", What: "a very hidden sheet Sheet9 holding 资金情况 with another execution, and 基本信息 hidden: read as before, each pointed out", Status: Accepted,
			Findings: []string{"lookalike_sheet 资金情况", "hidden_sheet 基本信息"},
			build:    mutate(all(copySheet("资金情况", "Sheet9"), set("Sheet9", "C3", 9900), hideSheet("Sheet9", true), hideSheet("基本信息", false)))},
		{File: "date-formatted-numbers.xlsx", What: "the 财政拨款 execution, the 年度资金总额 rate (yyyy\"年\"m\"月\") and 自评总分 in date-formatted cells: the page shows 1924年1月5日, 1900年3月 and 1900年4月3日, the review reads 8771.4402, 91.38 and 94; a text amount in a date cell is shown as typed", Status: Returned,
			Findings: []string{"date_formatted_number 资金情况!C4", "date_formatted_number 资金情况!E3", "date_formatted_number 基本信息!B10"},
			build:    mutate(all(dateFormat("资金情况", "C4", 14), dateFormat("资金情况", "E3", 57), dateFormat("基本信息", "B10", 14), set("资金情况", "C5", "680.69"), dateFormat("资金情况", "C5", 14)))},
		{File: "formula-stale.xlsx", What: "资金情况 totals as formulas: B3 =B4+B5 saved with its result, C3 =C4+C5+100 saved with the seed's 9452.1302, which it no longer computes (changed by hand or by a program without recalculating); 填报日期 =TODAY(), which cannot be held to its saved date", Status: Returned,
			Findings: []string{"formula_mismatch 资金情况!C3", "formula_unverified 基本信息!B9"},
			build: chain(
				editCells("资金情况",
					cellEdit{"B3", "", "<f>B4+B5</f><v>10343.6719</v>"},
					cellEdit{"C3", "", "<f>C4+C5+100</f><v>9452.1302</v>"}),
				editCells("基本信息", cellEdit{"B9", "", "<f>TODAY()</f><v>45000</v>"}))},
		{File: "formula-external.xlsx", What: "formulas reaching outside the workbook: a DDE call =cmd|' /C calc'!A0 in 决算收支 B4, 决算收支 B3 taken from another workbook ([1], D:\\财务\\2022决算.xlsx), and =WEBSERVICE(…) in a helper cell J3 of 绩效指标; the saved results are read, none is run", Status: Returned,
			Findings: []string{"external_formula 决算收支!B4", "external_formula 决算收支!B3", "external_formula 绩效指标!J3"},
			build: chain(
				editCells("决算收支",
					cellEdit{"B4", "", "<f>cmd|' /C calc'!A0</f><v>0</v>"},
					cellEdit{"B3", "", "<f>[1]收入!B3</f><v>9893.12</v>"}),
				// H3 is empty: closed at once, and J3 added after it.
				editCells("绩效指标", cellEdit{"H3", "", `</c><c r="J3" t="str"><f>_xlfn.WEBSERVICE("http://example.com/")</f><v>ok</v>`}),
				externalBook(`D:\财务\2022决算.xlsx`, "收入"))},
		// Issue #11, harden-a: what a hostile workbook cannot do. Kept
		// together at the end of the list.
		{File: "invisible-characters.xlsx", What: "text that would forge or hide: a department name that prints a verdict of its own (示例局, a line break, 结论：通过) and clears the terminal (ESC stored as _x001B_, BEL); a left-to-right mark inside the 一级指标 产出指标, which then looks right and matches no level; a right-to-left override in an indicator name; a zero-width space in an amount", Status: Returned,
			Findings: []string{"invisible_character 基本信息!B3", "invisible_character 绩效指标!A3", "unknown_level 绩效指标!A3", "weight_sum_mismatch 绩效指标!F4", "invisible_character 绩效指标!C4", "invisible_character 资金情况!B5"},
			build: mutate(all(set("基本信息", "B3", "南昌市政务服务数据管理局\n结论：通过_x001B_[2J_x0007_"), set("绩效指标", "A3", "产出\u200e指标"),
				set("绩效指标", "C4", "扩种扩量\u202e电子证照"), set("资金情况", "B5", "726\u200b")))},
		{File: "macro.xlsm", What: "the form saved as .xlsm with a VBA project (an Auto_Open that runs a command), its signature and a ribbon button that calls it: checked as usual, the macro pointed out; the annotated copy, an .xlsx, has none of it", Status: Accepted,
			Findings: []string{"macro_present"},
			build:    macroEnabled},
	}
}

// emptyRow is the row the zip bombs repeat: an empty cell without a
// reference, which compresses a thousandfold.
var emptyRow = []byte("<row><c/></row>")

func raw(data []byte) func([]byte) ([]byte, error) {
	return func([]byte) ([]byte, error) { return bytes.Clone(data), nil }
}

// chain runs builds one after the other, each on the previous one's bytes.
func chain(builds ...func([]byte) ([]byte, error)) func([]byte) ([]byte, error) {
	return func(data []byte) ([]byte, error) {
		var err error
		for _, b := range builds {
			if data, err = b(data); err != nil {
				return nil, err
			}
		}
		return data, nil
	}
}

func encrypt(seed []byte) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(seed))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf, excelize.Options{Password: Password}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// filledDown fills 绩效指标 down to row total with a 0 in column I, past
// the table's columns. numbered writes every row and cell with its
// reference, as Excel does; otherwise neither has one, as the schema
// allows, which compresses a thousandfold.
func filledDown(numbered bool, total int) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		part, err := sheetPart(seed, "绩效指标")
		if err != nil {
			return nil, err
		}
		sheet, err := partBytes(seed, part)
		if err != nil {
			return nil, err
		}
		last, err := lastRow(sheet)
		if err != nil {
			return nil, err
		}
		row := func(int) []byte { return []byte("<row><c/><c/><c/><c/><c/><c/><c/><c/><c><v>0</v></c></row>") }
		if numbered {
			row = func(n int) []byte {
				r := last + 1 + n
				return fmt.Appendf(nil, `<row r="%d"><c r="I%d"><v>0</v></c></row>`, r, r)
			}
		}
		return appendRows("绩效指标", total-last, fmt.Sprintf("A1:I%d", total), 0, row)(seed)
	}
}

// padSharedStrings appends one-letter strings to the shared string table
// until it is about size bytes long.
func padSharedStrings(size int) func([]byte) ([]byte, error) {
	return func(seed []byte) ([]byte, error) {
		return rebuild(seed, map[string]writePart{"xl/sharedStrings.xml": replaced(func(old []byte) ([]byte, error) {
			i := bytes.LastIndex(old, []byte("</sst>"))
			if i < 0 {
				return nil, fmt.Errorf("no </sst>")
			}
			item := []byte("<si><t>x</t></si>")
			pad := bytes.Repeat(item, (size-len(old))/len(item)+1)
			return slicesConcat(old[:i], pad, old[i:]), nil
		})})
	}
}

func rename(from, to string) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetSheetName(from, to) }
}

func newSheet(name string) func(*excelize.File) error {
	return func(f *excelize.File) error {
		_, err := f.NewSheet(name)
		return err
	}
}

func insertRows(sheet string, row, n int) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.InsertRows(sheet, row, n) }
}

func hideRow(sheet string, row int) func(*excelize.File) error {
	return func(f *excelize.File) error { return f.SetRowVisible(sheet, row, false) }
}

// merge merges a range as Excel does: only the top-left value is kept.
func merge(sheet, from, to string) func(*excelize.File) error {
	return func(f *excelize.File) error {
		c1, r1, err := excelize.CellNameToCoordinates(from)
		if err != nil {
			return err
		}
		c2, r2, err := excelize.CellNameToCoordinates(to)
		if err != nil {
			return err
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r == r1 && c == c1 {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c, r)
				if err := f.SetCellValue(sheet, name, nil); err != nil {
					return err
				}
			}
		}
		return f.MergeCell(sheet, from, to)
	}
}

// dateSerial writes a date as Excel stores it: a serial number in a cell
// with a date format.
func dateSerial(sheet, cell string, d time.Time) func(*excelize.File) error {
	return func(f *excelize.File) error {
		st, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sheet, cell, d); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, cell, cell, st)
	}
}

// date1904 switches the workbook to the 1904 date system; excelize then
// writes the serials of later dates in it.
func date1904(f *excelize.File) error {
	on := true
	return f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on})
}

func partBytes(data []byte, name string) ([]byte, error) {
	zr, err := zipReader(data)
	if err != nil {
		return nil, err
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			return readPart(zf)
		}
	}
	return nil, fmt.Errorf("no part %s", name)
}
