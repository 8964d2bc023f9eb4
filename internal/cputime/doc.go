// Package cputime reads the CPU time the process has used, for the
// benchmarks that report it beside their wall time: on a machine shared
// with other work the wall time says more about the neighbours.
package cputime
