// Package data reads and writes every file format needsplan knows: planning
// datasets (profiles, establishments, offerings) as CSV, Parquet or Arrow IPC
// per docs/reference/data-contract.md, the programme catalogue as YAML
// (read once per process for the embedded one), scenario and sweep files
// (strict YAML, names checked against model's lists), and result tables as CSV or Parquet; it writes files and directories
// atomically (a dataset directory, WriteDatasetDir; the report's,
// ReplaceDirWithFiles). It holds the embedded catalogue and the embedded
// national dataset (subpackage synth makes it).
//
// Every refusal is an *Error naming the file, row, column and value and what
// was expected; a file's problems are gathered into Errors (up to a limit)
// rather than stopping at the first. Arrow Go is imported here and nowhere
// else.
package data
