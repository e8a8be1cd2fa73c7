package model

// PublishedReleases is the releases from sentences in England and Wales in
// calendar 2024: 13,289 + 13,338 + 14,920 + 15,730 = 57,277, the sum of the
// four quarters of the Offender Management Statistics Quarterly
// (docs/reference/calibration.md §4, derived). Q3 and Q4 include the
// SDS40 early releases from 10 September 2024; H1 2025 annualised gives
// 56,484. calibration.md does not say whether re-releases after recall are
// in the figure; the published flows suggest they are not
// (docs/synthetic-data.md, "Releases"), so it is compared with releases
// from determinate and indeterminate sentences only.
const PublishedReleases = 57277

// PublishedRecalls is the licence recalls in England and Wales in calendar
// 2024: 7,415 + 9,782 + 9,975 + 10,401 = 37,573, the four quarters of the
// Offender Management Statistics Quarterly (calibration.md §4, derived). In
// a steady state as many recalled people are released as are recalled, so
// the simulated releases after recall are checked against it.
const PublishedRecalls = 37573

// ReleasesTolerance is the relative tolerance of the checks of releases a
// year: the published figure's own spread, −7% to +10% over the quarters
// of 2024 to June 2025 annualised (data/synth's Calibrate).
const ReleasesTolerance = 0.10
