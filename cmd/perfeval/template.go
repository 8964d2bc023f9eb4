package main

import (
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/perfeval/perfeval/pipeline/explain"
	"github.com/perfeval/perfeval/pipeline/rulebook"
	"github.com/perfeval/perfeval/template"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:        "template",
		Usage:       "生成空白的部门整体支出绩效自评表或项目支出绩效自评表",
		Description: exitCodesPlain,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "year", Usage: "评价年度，如 2022（必填）", EnvVars: []string{"PERFEVAL_YEAR"}},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件，扩展名 .xlsx（必填）", EnvVars: []string{"PERFEVAL_OUTPUT"}},
			&cli.StringFlag{Name: "form", Usage: "表格种类：department（部门整体支出，默认）或 project（项目支出）；不写时按 --rules 的 form", EnvVars: []string{"PERFEVAL_FORM"}},
			rulesFlag(),
		},
		Action: func(c *cli.Context) error {
			year, out := c.Int("year"), c.String("output")
			switch {
			case !c.IsSet("year"):
				return usagef("请用 --year 指定评价年度，例如：perfeval template --year 2022 -o 模板.xlsx")
			case year < template.MinYear || year > template.MaxYear:
				return usagef("--year 的值 %d 不是有效年度", year)
			case out == "":
				return usagef("请用 -o 指定输出文件，例如：perfeval template --year %d -o 模板.xlsx", year)
			case !strings.EqualFold(filepath.Ext(out), ".xlsx"):
				return usagef("输出文件“%s”的扩展名应为 .xlsx", out)
			}
			// The rulebook gives the dropdowns, the scoring guide and the
			// rulebook id of _meta: the form explains the rules it is
			// checked by.
			form := c.String("form")
			if form != "" && template.LayoutFor(form) == nil {
				return usagef("--form 的值“%s”不是表格种类，应为 department（部门整体支出）或 project（项目支出）", form)
			}
			rb, err := loadRules(c.String("rules"))
			switch {
			case err != nil:
				return err
			case c.String("rules") == "" && form != "":
				rb = rulebook.DefaultFor(form)
			case form != "" && rb.Form != form:
				return usagef("评分规则 %s 是%s的（form: %s），与 --form %s 不符；请去掉 --form 或换用%s的评分规则", rb.ID, template.FormName(rb.Form), rb.Form, form, template.FormName(form))
			}
			if err := template.WriteTemplate(out, rb.Layout(), explain.TemplateData(rb, year)); err != nil {
				return err
			}
			_, err = c.App.Writer.Write([]byte("已生成模板：" + out + "\n"))
			return err
		},
	}
}
