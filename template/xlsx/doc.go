// Package xlsx is the workbook container: the only code of perfeval that
// touches a workbook's zip and its XML parts directly. It owns
//
//   - opening a workbook's bytes within limits (Open): the zip checks, the
//     bounds on the inflated size, the number of parts and the size of each
//     part and sheet, and telling an encrypted workbook, a legacy .xls or
//     .et, or another kind of file from an .xlsx (UnreadableError);
//   - handing over what that one scan of the parts saw (OpenWorkbook): every
//     formula cell with its saved result, what in a formula reaches outside
//     the workbook (FormulaReach: DDE, other workbooks, fetching functions),
//     the external links and how each sheet is shown, so that nothing above
//     parses the parts again for them; a zip with two parts of one name is
//     refused, since which of them another program shows cannot be known;
//   - reading a workbook in the plain shape every spreadsheet program
//     saves from that same pass, without excelize (Book): its sheets, each
//     row's values, styles, formulas, merged ranges and hidden rows and
//     columns, as excelize would read them; excelize opens the workbook
//     only when asked (Workbook.Excel) or when the pass cannot vouch for
//     a part, and then its reading stands; excelize is then given the
//     parts the pass holds rather than inflating them again, and a theme
//     it parsed before (openKept);
//   - reading and rewriting the parts of the package (OPC): relationships,
//     content types, which sheet a part holds;
//   - putting the comments another program stored where excelize can edit
//     them (CommentsForeign, WithExcelizeComments);
//   - finding the parts that carry macros (Macros) and writing a workbook
//     without them, as an .xlsx (WithoutMacros);
//   - changing a sheet excelize has not parsed in its part, where an
//     annotated copy changes it in one or two places (EditSheet,
//     ReadSheetGeometry), or in many, with excelize's setters' signatures
//     and results, handing the sheet to excelize for what it does not
//     do (Sheets), writing the comments a sheet gets as excelize writes
//     them (commentsdirect.go), and moving, activating and hiding sheets
//     without having excelize parse every other sheet (MoveSheet,
//     ActivateSheet, Sheets.ActivateSheet);
//   - writing a sheet perfeval makes whole as its part, without excelize's
//     model of it (SheetBuilder, PutSheet), and adding a sheet on a part no
//     other sheet holds, where excelize's NewSheet would write over one
//     (NewSheet);
//   - writing a long sheet's rows into a temporary file as they come and
//     splicing them into the part excelize's StreamWriter writes for the
//     rest of the sheet, when the workbook is saved (Rows, SheetPart,
//     SerialDate), so that a sheet's length costs no memory; temporary
//     files that a killed run does not leave behind, on Unix or Windows
//     (Scratch);
//   - saving a workbook, or any other file, atomically (SaveAtomic,
//     WriteFileAtomic); a workbook changed from a file, copying the parts
//     it did not change from the file as they are stored (SaveAtomicFrom);
//     many files made durable together, each through the handle that wrote
//     it (Batch).
//
// Everything above the container reads a Book or works on an
// *excelize.File through excelize's own API. The package imports nothing of perfeval's; its
// errors say what failed, and the caller what it was doing.
package xlsx
