package xlsx

import "testing"

func TestFormulaReach(t *testing.T) {
	tests := []struct {
		formula string
		want    Reach
	}{
		{"SUM(B4:B5)", Reach{}},
		{"ROUND(C3/B3*100,2)", Reach{}},
		{`3573&"次"`, Reach{}},
		{`IF(G3<F3,"请说明原因|[1]","")`, Reach{}}, // in a string literal
		{"'资金|情况'!C3", Reach{}},               // in a quoted sheet name
		{"Table1[[#This Row],[金额]]", Reach{}},
		{"SUM(表1[金额])", Reach{}},
		{"cmd|' /C calc'!A0", Reach{Kind: ReachDDE, Name: "cmd"}},
		{"=1+MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc'!''", Reach{Kind: ReachDDE, Name: "MSEXCEL"}},
		{"[1]Sheet1!A1", Reach{Kind: ReachLink, Link: 1}},
		{"B4+'[2]My Sheet'!$B$2", Reach{Kind: ReachLink, Link: 2}},
		{"SUM([3]决算!B3:B9)", Reach{Kind: ReachLink, Link: 3}},
		{`'C:\财务\[决算.xlsx]Sheet1'!A1`, Reach{Kind: ReachLink, Name: `C:\财务\决算.xlsx`}},
		{"[决算.xlsx]Sheet1!A1", Reach{Kind: ReachLink, Name: "决算.xlsx"}},
		{`WEBSERVICE("http://example.com/x")`, Reach{Kind: ReachFunction, Name: "WEBSERVICE"}},
		{`_xlfn.WEBSERVICE("http://example.com/x")`, Reach{Kind: ReachFunction, Name: "WEBSERVICE"}},
		{`rtd("a.b",,"c")`, Reach{Kind: ReachFunction, Name: "RTD"}},
		{`_xlfn.IMAGE("https://example.com/a.png")`, Reach{Kind: ReachFunction, Name: "IMAGE"}},
		{`CALL("kernel32","WinExec","JCJ","calc",0)`, Reach{Kind: ReachFunction, Name: "CALL"}},
		// The worst wins: DDE before a link before a function.
		{`WEBSERVICE("x")+[1]S!A1+cmd|'/c x'!A0`, Reach{Kind: ReachDDE, Name: "cmd"}},
		{`HYPERLINK("http://example.com","网站")`, Reach{}},
	}
	for _, tt := range tests {
		if got := FormulaReach(tt.formula); got != tt.want {
			t.Errorf("FormulaReach(%q) = %+v, want %+v", tt.formula, got, tt.want)
		}
	}
}
