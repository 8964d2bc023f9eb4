package check

// Internals the external tests (package check_test) use.
var (
	AuditEnv   = auditEnv
	NestQuotes = nestQuotes
)
