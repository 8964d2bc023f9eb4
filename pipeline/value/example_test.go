package value_test

import (
	"errors"
	"fmt"

	"github.com/perfeval/perfeval/pipeline/value"
)

func ExampleParse() {
	for _, s := range []string{"≥16.8万件", "＞＝９５％", "3个工作日以内", "2022年12月31日前", "基本达成"} {
		v, err := value.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %v %q %s (prefix %q)\n", s, v.Kind, v.Op, v, v.Prefix)
	}

	_, err := value.Parse("约90%")
	var se *value.SyntaxError
	if errors.As(err, &se) {
		fmt.Println(se.Reason)
	}
	// Output:
	// ≥16.8万件: number ">=" >=168000件 (prefix "万")
	// ＞＝９５％: percent ">=" >=95% (prefix "")
	// 3个工作日以内: number "<=" <=3个工作日 (prefix "")
	// 2022年12月31日前: date "<=" <=2022-12-31 (prefix "")
	// 基本达成: word "" 基本达成 (prefix "")
	// “约90%”不是数字，请填写数字或百分比（如 90%）
}

func ExampleParseNumber() {
	for _, s := range []string{"9.4521302E3", "9452万元", "1,234.5"} {
		v, _ := value.ParseNumber(s)
		fmt.Printf("%s: %s %q %q\n", s, v.Num, v.Unit, v.Prefix)
	}
	// Output:
	// 9.4521302E3: 9452.1302 "" ""
	// 9452万元: 94520000 "元" "万"
	// 1,234.5: 1234.5 "" ""
}

func ExampleParseDate() {
	d, _ := value.ParseDate("44926", true)
	fmt.Println(d.Format("2006-01-02"))
	d, _ = value.ParseDate("2022年12月31日", false)
	fmt.Println(d.Format("2006-01-02"))
	// Output:
	// 2022-12-31
	// 2022-12-31
}

func ExampleCompatible() {
	target, _ := value.Parse(">=16.8万件")
	actual, _ := value.Parse("200000件")
	days, _ := value.Parse("291天")
	fmt.Println(value.Compatible(target, actual), value.Compatible(target, days))
	// Output: true false
}
