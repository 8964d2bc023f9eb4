// Package inbox is the nightly side of perfeval: a root folder whose inbox
// the finance bureau saves departments' workbooks into, processed once
// (Pass, for cron, a systemd timer or the Windows Task Scheduler) or
// continuously (Watch), with every original archived byte for byte, every
// check recorded in the ledger, the annotated copies sorted into the
// outbox, and a rerun of the latest submissions under corrected rules. A
// file leaves the inbox only after its archive copy and ledger row are
// durable, so a run killed at any moment loses and double-counts nothing;
// a file that could not be processed for a reason on the bureau's side
// stays and is retried.
//
// Several runners on several machines may share one inbox (on a network
// share), each with a root of its own and without talking to one another:
// each takes the files whose name hashes to its Shard, and only the runner
// that recorded a file removes it.
//
// It imports the driver (pipeline), ledger, report, rulebook, template and
// template/xlsx.
package inbox
