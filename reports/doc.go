// Package reports renders analysis results for people and other programs:
// text tables for the terminal, tidy tables (model.Table) that the data
// package writes as CSV or Parquet, and JSON documents. It writes to
// io.Writers it is given and never touches files or flags.
package reports
