package inbox

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/perfeval/perfeval/pipeline/report"
	"github.com/perfeval/perfeval/template"
)

// Folders are the places under a root folder (README, 收件箱):
//
//	inbox/             where the bureau saves the workbooks departments send
//	outbox/            the summary of each year (汇总-<year>.xlsx)
//	archive/           each original, byte for byte, named by its SHA-256
//	outbox/accepted/   annotated copies of accepted forms
//	outbox/returned/   annotated copies of returned forms
//	outbox/.staging/   annotated copies being made (emptied by every run)
//	results/           the JSON report of every check
//	perfeval.db        the ledger
//	perfeval.lock      held by the one runner at a time
//
// perfeval reads submissions from inbox/ only and writes everywhere else, so
// it never takes its own output for a submission. The inbox may be a folder
// elsewhere (Options.Inbox), one that runners on several machines share,
// each taking its Shard of it; it may not be the root or an output folder.
// Everything else belongs to one root, one runner at a time.
type Folders struct {
	Root, Inbox, Archive, Outbox, Accepted, Returned, Staging, Results, Ledger, Lock string
}

// FoldersOf returns the folders of root.
func FoldersOf(root string) Folders {
	return Folders{
		Root:     root,
		Inbox:    filepath.Join(root, "inbox"),
		Archive:  filepath.Join(root, "archive"),
		Outbox:   filepath.Join(root, "outbox"),
		Accepted: filepath.Join(root, "outbox", "accepted"),
		Returned: filepath.Join(root, "outbox", "returned"),
		Staging:  filepath.Join(root, "outbox", ".staging"),
		Results:  filepath.Join(root, "results"),
		Ledger:   filepath.Join(root, "perfeval.db"),
		Lock:     filepath.Join(root, "perfeval.lock"),
	}
}

// outputs are the folders perfeval writes files into (the outbox itself
// holds the summary).
func (f Folders) outputs() []string {
	return []string{f.Archive, f.Outbox, f.Accepted, f.Returned, f.Staging, f.Results}
}

// rel returns path relative to the root, with forward slashes, as the
// ledger stores it: the root may move, or be read from another system.
func (f Folders) rel(path string) string {
	r, err := filepath.Rel(f.Root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(r)
}

// Abs returns a path the ledger stored, relative to the root, as a path on
// this system.
func (f Folders) Abs(stored string) string {
	if stored == "" || filepath.IsAbs(stored) {
		return stored
	}
	return filepath.Join(f.Root, filepath.FromSlash(stored))
}

// copyName is the file name of an annotated copy in the outbox, for a
// person to recognise: 101001-南昌市政务服务数据管理局-2022-v2.审核.xlsx,
// and for a project form the project after the department (its projects'
// copies, each of version 1, must not overwrite one another).
// A form that names no department is named after its file and the start of
// its hash. The name is safe on Windows whatever the form holds.
func copyName(d report.DepartmentID, project []string, year, version int, original, sha string) string {
	if version > 0 {
		parts := []string{}
		for _, p := range append([]string{d.Code, d.Name}, project...) {
			if p = template.SafeFileName(p, 40); p != "" {
				parts = append(parts, p)
			}
		}
		if year > 0 {
			parts = append(parts, fmt.Sprint(year))
		}
		parts = append(parts, fmt.Sprintf("v%d", version))
		return strings.Join(parts, "-") + ".审核.xlsx"
	}
	base := strings.TrimSuffix(filepath.Base(original), filepath.Ext(original))
	if base = template.SafeFileName(base, 60); base == "" {
		base = "未命名"
	}
	return base + "-" + sha[:min(8, len(sha))] + ".审核.xlsx"
}

// archiveName is the name of an original in the archive: its SHA-256 and
// its extension in lower case, when that is a plain one.
func archiveName(original, sha string) string {
	ext := strings.ToLower(filepath.Ext(original))
	if len(ext) < 2 || len(ext) > 6 || strings.ContainsFunc(ext[1:], func(r rune) bool { return !('a' <= r && r <= 'z' || '0' <= r && r <= '9') }) {
		ext = ".bin"
	}
	return sha + ext
}

// skipped reports an inbox entry that is no submission: a hidden file, an
// Office owner file (~$name.xlsx, which Excel writes beside a file it has
// open) or a download in progress.
func skipped(name string) bool {
	lower := strings.ToLower(name)
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
		return true
	}
	for _, ext := range []string{".tmp", ".part", ".crdownload", ".download", ".partial"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// DraftName is the name of an accepted submission's draft report beside
// its annotated copy: 101001-南昌市政务服务数据管理局-2022-v2.自评报告.docx
// beside 101001-南昌市政务服务数据管理局-2022-v2.审核.xlsx.
func DraftName(annotated string) string {
	return strings.TrimSuffix(annotated, ".审核.xlsx") + ".自评报告.docx"
}

// projectOf names the project a report's form is for in its annotated
// copy's name, as the ledger counts its versions (ledger.submitterKey):
// its name, and its code, or else its 实施单位, so that two units'
// projects of one name, or two projects of one name and different codes,
// are not written to one file; nil for a department form.
func projectOf(rep *report.Report) []string {
	if rep == nil || rep.Project == nil {
		return nil
	}
	p := rep.Project
	if code := strings.TrimSpace(p.Code); code != "" {
		return []string{p.Name, code}
	}
	return []string{p.Name, p.Unit}
}
