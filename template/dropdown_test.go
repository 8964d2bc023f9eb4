package template

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// level2Check is run by /usr/bin/python3 with LibreOffice's UNO bridge: it
// opens the form, types a 一级指标 and a 二级指标 into the first input row,
// and prints, per pair, whether LibreOffice's validation rejects it.
const level2Check = `
import os, sys, time, subprocess, uno
from com.sun.star.beans import PropertyValue
path, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
p = subprocess.Popen(['soffice', '--headless', '--norestore', '-env:UserInstallation=file://' + profile,
                      '--accept=pipe,name=' + pipe + ';urp;'])
try:
    local = uno.getComponentContext()
    res = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for i in range(120):
        try:
            ctx = res.resolve("uno:pipe,name=" + pipe + ";urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desk = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    hidden = PropertyValue(); hidden.Name = "Hidden"; hidden.Value = True
    doc = desk.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (hidden,))
    sh = doc.Sheets.getByName(sys.argv[4])
    for pair in sys.argv[5:]:
        a, b = pair.split("|")
        sh.getCellRangeByName("A3").setString(a)
        sh.getCellRangeByName("B3").setString(b)
        doc.calculateAll()
        sh.clearArrows()
        print("invalid" if sh.showInvalid() else "valid")
    doc.close(True)
finally:
    sys.stdout.flush()
    p.terminate()
    try:
        p.wait(timeout=30)
    except Exception:
        p.kill()
# pyuno may crash while the interpreter tears down; the answers are out.
os._exit(0)
`

// TestLevel2Dropdown expects the 二级指标 dropdown to offer the chosen 一级指标's
// own children, and every 二级指标 while the 一级 is left blank; LibreOffice
// evaluates the list as Excel and WPS do.
func TestLevel2Dropdown(t *testing.T) {
	f, path := writeAndOpen(t, &Data{Year: 2022})
	var src string
	for _, dv := range mustDVs(t, f, Department.Indicators.Name) {
		if strings.HasPrefix(dv.Sqref, "B") {
			src = dv.Formula1
		}
	}
	// Excel refuses a list formula longer than 255 characters.
	if !strings.Contains(src, "OFFSET(") || len([]rune(src)) > 255 {
		t.Fatalf("二级指标 list = %q (%d characters), want the chosen 一级's children within 255", src, len([]rune(src)))
	}
	requireTool(t, "soffice", "--version")
	requireTool(t, "/usr/bin/python3", "-c", "import uno")
	dir := t.TempDir()
	script := filepath.Join(dir, "check.py")
	if err := os.WriteFile(script, []byte(level2Check), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		level1, level2 string
		valid          bool
	}{
		{"产出指标", "数量指标", true},
		{"产出指标", "满意度指标", false},
		{"效益指标", "数量指标", false},
		{"满意度指标", "满意度指标", true},
		{"", "社会效益指标", true},
	}
	// A pipe named for this run, not a fixed port: two test runs at once
	// (CI beside a developer's) each talk to their own LibreOffice.
	pipe := "perfeval-" + filepath.Base(dir)
	args := []string{script, path, filepath.Join(dir, "profile"), pipe, Department.Indicators.Name}
	for _, c := range cases {
		args = append(args, c.level1+"|"+c.level2)
	}
	out, err := exec.Command("/usr/bin/python3", args...).Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	got := strings.Fields(string(out))
	if len(got) != len(cases) {
		t.Fatalf("LibreOffice answered %q for %d cases", got, len(cases))
	}
	for i, c := range cases {
		if (got[i] == "valid") != c.valid {
			t.Errorf("一级 %q, 二级 %q: LibreOffice finds it %s, want valid %v", c.level1, c.level2, got[i], c.valid)
		}
	}
}
