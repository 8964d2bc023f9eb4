package finding

import "testing"

// TestFindingTitle: a difference within tolerance is titled as rounding,
// never as a mismatch.
func TestFindingTitle(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{Finding{Code: SumMismatch}, "合计不符"},
		{Finding{Code: SumMismatch, Rounding: true}, "合计尾差"},
		{Finding{Code: RateMismatch, Rounding: true}, "执行率尾差"},
		{Finding{Code: DeclaredTotalMismatch}, "自评总分不符"},
	}
	for _, tt := range tests {
		if got := tt.f.Title(); got != tt.want {
			t.Errorf("Title of %+v = %q, want %q", tt.f, got, tt.want)
		}
	}
}
