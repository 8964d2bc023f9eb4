// Package value parses what people write in the target and actual cells of a
// self-evaluation form: comparison operators in every width and variant,
// numbers with 万/亿 scaling and thousands separators, units, percents, dates
// and qualitative words. Numbers are decimal.Decimal throughout.
//
// It imports no other package of perfeval.
package value
