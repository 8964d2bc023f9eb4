// Package web is `perfeval serve`: the round on a web page, one binary, no
// outside services. It serves two audiences from the same root folder:
//
//   - bureau staff, who sign in with a local account (Store: bcrypt
//     hashes in perfeval-web.db beside the ledger, sessions whose random
//     ids travel in an HttpOnly cookie), see the board (every department
//     of the roster and the ledger: submitted, accepted, returned, missing,
//     with score, grade and time, filtered and sorted on the server), open
//     a department's page (every version's verdict, findings by sheet,
//     budget and indicator figures, downloads of the original, the
//     annotated copy, the JSON report and the draft 自评报告 that run
//     wrote beside an accepted copy), download the summary workbook
//     and rerun the latest submissions after a rulebook change;
//   - a department, through a link signed for its code with an expiry
//     (Links: HMAC-SHA256 under a secret created in the root with mode
//     0600), which uploads its workbook, sees the findings and the
//     annotated copy at once, and with 提交 puts the file into the inbox
//     like a mailed one: the same Runner records it in the same ledger,
//     under the same exactly-once rules. The link shows only that
//     department's submissions.
//
// Pages are html/template, server-rendered, in Chinese, readable on a
// phone; no script is needed for any flow. Every state-changing request is
// a POST behind net/http's CrossOriginProtection; every request and action
// is logged with zerolog, without tokens or passwords.
//
// It imports the ledger (read), inbox (the Runner that records a
// submission or reruns), summary (the board's figures are the summary
// workbook's), roster, and the report and finding types.
package web
