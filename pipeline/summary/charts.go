package summary

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/perfeval/perfeval/template"
)

// chartLimit is the most departments a by-department chart shows: beyond
// it the bars are too thin to read, and the 汇总 sheet has them all.
const chartLimit = 100

// Where the 图表 sheet keeps the data its charts draw: to the right of the
// charts, which print alone (the print area is the charts' columns).
const (
	chartCols = 11 // A:K hold the charts
	dataCol   = 13 // M: the first data column
	// chartColWidth is the width of A:K. A chart is chartWidth pixels
	// wide whatever its columns (it is anchored by its size, oneCellZip);
	// A:K are wider than it in Excel (45 pixels a column, 495 in all), and
	// narrower than a portrait A4 page's body (697 pixels) in LibreOffice,
	// which measures a column about 1.33 times wider (about 660): the
	// sheet prints at 100% in both, every chart whole.
	chartColWidth = 6.4
	chartWidth    = 480
	// perChart is the most departments a by-department chart draws: at 34
	// pixels a bar, room for a long name wrapped on two lines, its chart
	// fits a portrait page below the sheet's title.
	perChart = 22
	// chartRow is the height in points of the rows the charts stand on.
	chartRow = 15.0
)

// writeCharts writes the 图表 sheet: native charts of the total score and
// the execution rate by department, and of the grades.
func writeCharts(b *book, s *Summary) error {
	f := b.f
	if _, err := f.NewSheet(SheetCharts); err != nil {
		return err
	}
	if err := b.pageSetup(SheetCharts, print{actual: true}); err != nil {
		return err
	}
	set := func(col, row int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(SheetCharts, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(SheetCharts, cell, cell, style)
	}
	if err := set(1, 1, fmt.Sprintf("%d 年度汇总图表", s.Year), b.title); err != nil {
		return err
	}
	scored := slices.DeleteFunc(slices.Clone(s.Departments), func(r Row) bool { return !r.Total.Valid })
	slices.SortStableFunc(scored, func(a, b Row) int {
		return cmp.Or(b.Total.Decimal.Cmp(a.Total.Decimal), compareCodes(a.Code, a.Name, b.Code, b.Name))
	})
	rated := slices.DeleteFunc(slices.Clone(s.Departments), func(r Row) bool { return !r.Rate.Valid })
	slices.SortStableFunc(rated, func(a, b Row) int {
		return cmp.Or(b.Rate.Decimal.Cmp(a.Rate.Decimal), compareCodes(a.Code, a.Name, b.Code, b.Name))
	})
	note := "图表的数据在本表右侧（M 列起），按数值从高到低排列；全部数字见“汇总”表。"
	if len(scored) > chartLimit || len(rated) > chartLimit {
		note = fmt.Sprintf("部门多于 %d 个，按部门的图只画数值最高的 %d 个；", chartLimit, chartLimit) + note
	}
	if err := set(1, 2, note, b.note); err != nil {
		return err
	}
	if err := f.SetRowHeight(SheetCharts, 1, 24); err != nil {
		return err
	}
	if err := f.MergeCell(SheetCharts, "A2", "K2"); err != nil {
		return err
	}
	if err := f.SetRowHeight(SheetCharts, 2, 30); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetCharts, "A", "K", chartColWidth); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetCharts, "M", "M", 28); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetCharts, "P", "P", 28); err != nil {
		return err
	}
	// The data: name and total; name and rate; grade and count.
	headers := []struct {
		col  int
		text string
	}{{dataCol, "部门名称"}, {dataCol + 1, "复核总分"}, {dataCol + 3, "部门名称"}, {dataCol + 4, "执行率"}, {dataCol + 6, "等级"}, {dataCol + 7, "部门数"}}
	for _, h := range headers {
		if err := set(h.col, 3, h.text, b.header); err != nil {
			return err
		}
	}
	scored, rated = scored[:min(len(scored), chartLimit)], rated[:min(len(rated), chartLimit)]
	for i, r := range scored {
		if err := set(dataCol, 4+i, r.Name, b.body[kText]); err != nil {
			return err
		}
		if err := set(dataCol+1, 4+i, number(r.Total.Decimal), b.body[kScore]); err != nil {
			return err
		}
	}
	for i, r := range rated {
		if err := set(dataCol+3, 4+i, r.Name, b.body[kText]); err != nil {
			return err
		}
		if err := set(dataCol+4, 4+i, number(r.Rate.Decimal.Shift(-2)), b.body[kRate]); err != nil {
			return err
		}
	}
	grades := 0
	for _, g := range s.GradeCounts {
		name := g.Grade
		if name == "" {
			name = "无等级"
		}
		if err := set(dataCol+6, 4+grades, name, b.body[kText]); err != nil {
			return err
		}
		if err := set(dataCol+7, 4+grades, g.Count, b.body[kCount]); err != nil {
			return err
		}
		grades++
	}
	ref := func(col, first, last int) string {
		a, _ := excelize.CoordinatesToCellName(col, first, true)
		z, _ := excelize.CoordinatesToCellName(col, last, true)
		return fmt.Sprintf("'%s'!%s:%s", SheetCharts, a, z)
	}
	head := func(col int) string {
		a, _ := excelize.CoordinatesToCellName(col, 3, true)
		return fmt.Sprintf("'%s'!%s", SheetCharts, a)
	}
	// Each chart prints whole, on a page of its own or below the one
	// before, at 100%: a chart is anchored at a row by its size in pixels
	// (oneCellZip), the same in Excel and LibreOffice, and the rows are
	// 15 points high in both, so a page's charts are planned in points
	// and the page breaks before a chart that would not fit. A blank row
	// stands above and below every chart: LibreOffice draws a chart that
	// touches a page's edge on the page beyond the edge too, where its
	// border or its labels would show. A by-department chart draws at
	// most perChart departments, so that its 10-point labels print at 10
	// points.
	next, used := 3, 24.0+30 // the first free row; the points of the page's title and note
	room := template.PrintHeight(false)
	var breaks []int
	place := func(height uint) string {
		rows := int(math.Ceil(float64(height)*0.75/chartRow)) + 2
		if need := float64(rows) * chartRow; used > 0 && used+need > room {
			breaks = append(breaks, next)
			used = 0
		}
		cell := fmt.Sprintf("A%d", next+1)
		next += rows
		used += float64(rows) * chartRow
		b.charts = append(b.charts, chartSize{chartWidth, height})
		return cell
	}
	barHeight := func(n int) uint { return uint(max(320, 34*n+110)) }
	zero, hundredPoints := 0.0, 100.0 // axis bounds, not figures
	axisFont := excelize.Font{Size: 10, Color: "404040"}
	label := excelize.ChartDataLabel{Font: excelize.Font{Size: 10, Color: "404040"}}
	titleFont := &excelize.Font{Size: 12, Bold: true}
	// chunks splits n departments into even runs of at most perChart.
	chunks := func(n int) [][2]int {
		parts := (n + perChart - 1) / perChart
		var out [][2]int
		for i := range parts {
			out = append(out, [2]int{i * n / parts, (i + 1) * n / parts})
		}
		return out
	}
	title := func(text string, c [2]int, n int) string {
		if c[0] == 0 && c[1] == n {
			return text
		}
		return fmt.Sprintf("%s，第 %d–%d 名", text, c[0]+1, c[1])
	}
	for _, c := range chunks(len(scored)) {
		h := barHeight(c[1] - c[0])
		if err := f.AddChart(SheetCharts, place(h), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{Name: head(dataCol + 1), Categories: ref(dataCol, 4+c[0], 3+c[1]), Values: ref(dataCol+1, 4+c[0], 3+c[1]),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}}, DataLabel: label}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title("复核总分（按部门，从高到低", c, len(scored)) + "）", Font: titleFont}}},
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: h},
			Legend:    excelize.ChartLegend{Position: "none"},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00"}},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Maximum: &hundredPoints, Font: axisFont},
		}); err != nil {
			return fmt.Errorf("score chart: %w", err)
		}
	}
	if grades > 0 {
		h := uint(320)
		if err := f.AddChart(SheetCharts, place(h), &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: head(dataCol + 7), Categories: ref(dataCol+6, 4, 3+grades), Values: ref(dataCol+7, 4, 3+grades),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"70AD47"}}, DataLabel: label}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "等级分布（部门数）", Font: titleFont}}},
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: h},
			Legend:    excelize.ChartLegend{Position: "none"},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
			XAxis:     excelize.ChartAxis{Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
		}); err != nil {
			return fmt.Errorf("grade chart: %w", err)
		}
	}
	for _, c := range chunks(len(rated)) {
		h := barHeight(c[1] - c[0])
		if err := f.AddChart(SheetCharts, place(h), &excelize.Chart{
			Type: excelize.Bar,
			Series: []excelize.ChartSeries{{Name: head(dataCol + 4), Categories: ref(dataCol+3, 4+c[0], 3+c[1]), Values: ref(dataCol+4, 4+c[0], 3+c[1]),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"ED7D31"}}, DataLabel: label}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title("预算执行率（按部门，从高到低", c, len(rated)) + "）", Font: titleFont}}},
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: h},
			Legend:    excelize.ChartLegend{Position: "none"},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00%"}},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		}); err != nil {
			return fmt.Errorf("rate chart: %w", err)
		}
	}
	for _, r := range breaks {
		if err := f.InsertPageBreak(SheetCharts, fmt.Sprintf("A%d", r)); err != nil {
			return err
		}
	}
	// The rows the charts stand on are chartRow high in LibreOffice too,
	// whose default row is lower.
	for r := 3; r < next; r++ {
		if err := f.SetRowHeight(SheetCharts, r, chartRow); err != nil {
			return err
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(chartCols)
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: SheetCharts,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", SheetCharts, lastCol, max(next-1, 3))})
}
