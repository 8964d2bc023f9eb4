package summary

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// chartLimit is the most departments a by-department chart shows: beyond
// it the bars are too thin to read, and the 汇总 sheet has them all.
const chartLimit = 100

// Where the 图表 sheet keeps the data its charts draw: to the right of the
// charts, which print alone (the print area is the charts' columns).
const (
	chartCols = 11 // A:K hold the charts
	dataCol   = 13 // M: the first data column
)

// writeCharts writes the 图表 sheet: native charts of the total score and
// the execution rate by department, and of the grades.
func writeCharts(b *book, s *Summary) error {
	f := b.f
	if _, err := f.NewSheet(SheetCharts); err != nil {
		return err
	}
	if err := b.pageSetup(SheetCharts, print{}); err != nil {
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
	row := 4
	place := func(height uint) string {
		cell := fmt.Sprintf("A%d", row)
		row += int(height)/20 + 2 // rows are 20 pixels high
		return cell
	}
	barHeight := func(n int) uint { return uint(max(320, 24*n+110)) }
	zero, hundredPoints := 0.0, 100.0 // axis bounds, not figures
	axisFont := excelize.Font{Size: 9, Color: "404040"}
	if len(scored) > 0 {
		h := barHeight(len(scored))
		if err := f.AddChart(SheetCharts, place(h), &excelize.Chart{
			Type:      excelize.Bar,
			Series:    []excelize.ChartSeries{{Name: head(dataCol + 1), Categories: ref(dataCol, 4, 3+len(scored)), Values: ref(dataCol+1, 4, 3+len(scored)), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "复核总分（按部门，从高到低）", Font: &excelize.Font{Size: 12, Bold: true}}}},
			Dimension: excelize.ChartDimension{Width: 680, Height: h},
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
			Type:      excelize.Col,
			Series:    []excelize.ChartSeries{{Name: head(dataCol + 7), Categories: ref(dataCol+6, 4, 3+grades), Values: ref(dataCol+7, 4, 3+grades), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"70AD47"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "等级分布（部门数）", Font: &excelize.Font{Size: 12, Bold: true}}}},
			Dimension: excelize.ChartDimension{Width: 680, Height: h},
			Legend:    excelize.ChartLegend{Position: "none"},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true},
			XAxis:     excelize.ChartAxis{Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
		}); err != nil {
			return fmt.Errorf("grade chart: %w", err)
		}
	}
	if len(rated) > 0 {
		h := barHeight(len(rated))
		if err := f.AddChart(SheetCharts, place(h), &excelize.Chart{
			Type:      excelize.Bar,
			Series:    []excelize.ChartSeries{{Name: head(dataCol + 4), Categories: ref(dataCol+3, 4, 3+len(rated)), Values: ref(dataCol+4, 4, 3+len(rated)), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"ED7D31"}}}},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "预算执行率（按部门，从高到低）", Font: &excelize.Font{Size: 12, Bold: true}}}},
			Dimension: excelize.ChartDimension{Width: 680, Height: h},
			Legend:    excelize.ChartLegend{Position: "none"},
			PlotArea:  excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00%"}},
			XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, Minimum: &zero, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		}); err != nil {
			return fmt.Errorf("rate chart: %w", err)
		}
	}
	lastCol, _ := excelize.ColumnNumberToName(chartCols)
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: SheetCharts,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", SheetCharts, lastCol, max(row, 3))})
}
