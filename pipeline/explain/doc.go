// Package explain words a rulebook for the people who fill the form: the
// 评分办法 paragraphs of the 填报说明 sheet, with a worked example the scorer
// itself computes, and the rest of what a blank template needs from the
// rulebook (TemplateData).
//
// It imports rulebook, score, value and template.
package explain
