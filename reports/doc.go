// Package reports renders analysis results for people and other programs:
// text tables for the terminal, tidy tables (model.Table) that the data
// package writes as CSV or Parquet, JSON documents, charts (PNG, SVG, PDF),
// and the HTML report with its directory of interventions. It writes to
// io.Writers, or returns files by path, and never touches files or flags.
//
// Files:
//
//   - table.go: writing a table as text, Markdown or JSON; the row builder.
//   - format.go: how numbers are written, one function per format.
//   - figures.go: columns of figures about people, as computed or as
//     published; every table has one builder, which takes an optional
//     disclosure control (nil: the command's table, no suppression).
//   - needs.go, gap.go, fit.go, pni.go, transfers.go, simulate.go: each
//     analysis as tables and text (transfers.go also its charts; simulate.go
//     also the textbook queue and the trace).
//   - catalogue.go: the programme catalogue as a table.
//   - eligibility.go: a programme's eligibility in plain sentences.
//   - sort.go: sorting helpers.
//   - chart.go: the chart toolkit: Chart and its formats, palette and fills,
//     legends, ticks, sizes and shared plotters.
//   - gapcharts.go: the gap charts; compare.go: the comparison of
//     scenarios as a table, as text and as the chart of differences.
//   - report.go: BuildReport and the report's sections (summary, needs,
//     gaps, waiting lists, transfers, assumptions, method);
//     reportcharts.go: its charts; svg.go: checking and inlining SVG.
//   - publish.go: the report's publication: every figure about people it
//     shows, registered with the disclosure control under a key, with the
//     relations a reader can see between them.
//   - directory.go: the directory of interventions: a page per establishment
//     and per programme, an index, directory.json and directory.csv.
//   - templates/: the HTML templates and style sheet of the report and the
//     directory.
//
// Subpackage disclosure holds the rules of statistical disclosure control
// (primary and secondary suppression) that the published report applies.
package reports
