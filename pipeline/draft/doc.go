// Package draft writes the deviation reasons (偏差原因分析及改进措施) that
// the annotated copy proposes where a department gave none: each marked
// 【草拟】, worded from the scored figures, with blanks for the cause and the
// remedy.
//
// It imports score and value.
package draft
