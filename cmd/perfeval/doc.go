// Command perfeval is the command line of the department performance
// self-evaluation: one file per command (template, check, rules, codes,
// demo), each with its flags, an options struct and one call into the
// pipeline; main.go builds the cli.App, sets up logging and turns an error
// into an exit code.
package main
