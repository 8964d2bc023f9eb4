package summary

// Slim is slim, for the test that holds it to the summary of full reports.
var Slim = slim

// SlimInto slims the entry's report as FromLedger and FromResults do with
// a Store.
func (e *Entry) SlimInto(st *Store) error { return e.slim(st) }
