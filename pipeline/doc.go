// Package pipeline is the driver: Process reads one workbook, parses and
// scores it, runs the checks and, when asked, writes its annotated copy,
// calling each subsystem in turn; PlanBatch lays out a batch of inputs.
// What is done to a form lives in the packages below it:
//
//	finding   severities, codes and located findings
//	rulebook  the rules of a locality and year, and its audit expressions
//	score     the parsed and scored form
//	draft     drafted deviation reasons
//	explain   the rulebook in words, for the blank form
//	check     the checks
//	report    the report of one workbook, complete in its JSON
//	annotate  the annotated copy
//
// The technology packages to come (ledger, watch, summary, mail, the Word
// report, the web page) sit above the driver and talk to the rest only
// through report, finding and template types; layers_test.go holds every
// package to its place.
package pipeline
