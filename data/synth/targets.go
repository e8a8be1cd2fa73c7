package synth

import "needsplan/model"

// Published and assumed figures the population is calibrated to. Each
// names its source in docs/reference/calibration.md; "assumed" marks a
// figure the calibration notes as not found (§12), with the reason for the
// value chosen. docs/synthetic-data.md repeats them.

// DefaultPeople is the prison population of England and Wales on 30 June
// 2025: 87,334 (OMSQ, calibration.md §1, the suggested headline target).
const DefaultPeople = 87334

// DefaultAsOf is the date of DefaultPeople, used as the dataset date.
var DefaultAsOf = model.DateOf(2025, 6, 30)

// sentenceShares are the shares of the whole population by sentence type.
// Remand 17,701 and recall 13,538 of 87,334 on 30 June 2025 (calibration.md
// §1, §2); unreleased indeterminate 8,501 of 86,966 on 30 September 2024
// (§2); determinate is the rest (it includes EDS and the few held for other
// reasons).
var sentenceShares = map[model.SentenceType]float64{
	model.Remand:        17701.0 / 87334,
	model.Recall:        13538.0 / 87334,
	model.Indeterminate: 8501.0 / 86966,
	model.Determinate:   1 - 17701.0/87334 - 13538.0/87334 - 8501.0/86966,
}

// sentenceSeed is the relative weight of each sentence type by function
// before raking to sentenceShares: locals hold the remand and recall
// population, high-security and open prisons many indeterminate-sentence
// prisoners (HMIP descriptions of each function; an assumption of shape).
var sentenceSeed = map[model.Function][4]float64{ // determinate, indeterminate, recall, remand
	model.Local:        {0.30, 0.02, 0.25, 0.43},
	model.CatBTrainer:  {0.62, 0.22, 0.12, 0.04},
	model.CatCTrainer:  {0.74, 0.09, 0.15, 0.02},
	model.HighSecurity: {0.45, 0.45, 0.02, 0.08},
	model.OpenPrison:   {0.74, 0.20, 0.06, 0.00},
	model.FemalePrison: {0.55, 0.05, 0.15, 0.25},
	model.YOI:          {0.62, 0.03, 0.10, 0.25},
	model.OtherFunc:    {0.55, 0.00, 0.00, 0.45},
}

// offenceSentencedWomen are the sentenced women by offence group on 31
// March 2024, n = 2,773 (written answer to Lord Rennard; calibration.md
// §3). "Theft offences" (393) include burglary: 15% of them are assumed
// burglary. Miscellaneous crimes against society (114), summary non-motoring
// (138) and not recorded (52) are "other".
var offenceSentencedWomen = map[model.OffenceGroup]float64{
	model.Violence: 1019, model.Sexual: 133, model.Robbery: 240, model.Burglary: 59, model.Theft: 334,
	model.CriminalDamage: 67, model.Drugs: 394, model.Weapons: 61, model.PublicOrder: 55, model.Fraud: 102,
	model.Motoring: 5, model.OtherOffence: 304,
}

// offenceSentencedMen is the assumed offence mix of sentenced men: the
// stock by offence is not published for 2024–25 (calibration.md §12.6).
// Sexual offences 17.5%, from 17% of all sentenced prisoners in 2015 (§3,
// the latest published share) less the women's 4.8%; violence 34%, so that
// violent plus sexual offences exceed half of all prisoners (Guardian chart,
// 2024, §3); the rest in the order of sentenced receptions (§3), shifted to
// long sentences as a stock is.
var offenceSentencedMen = map[model.OffenceGroup]float64{
	model.Violence: 0.34, model.Sexual: 0.175, model.Robbery: 0.085, model.Burglary: 0.055, model.Theft: 0.045,
	model.Drugs: 0.15, model.Weapons: 0.045, model.Fraud: 0.02, model.Motoring: 0.01, model.PublicOrder: 0.02,
	model.CriminalDamage: 0.015, model.OtherOffence: 0.04,
}

// offenceRemand is the offence mix of the remand population: violence
// against the person 44% of untried and 31% of convicted unsentenced, drug
// offences 12% and 18% (30 June 2024, calibration.md §1); the rest assumed.
var offenceRemand = map[model.OffenceGroup]float64{
	model.Violence: 0.40, model.Drugs: 0.14, model.Sexual: 0.08, model.Robbery: 0.08, model.Burglary: 0.06,
	model.Theft: 0.07, model.Weapons: 0.06, model.Fraud: 0.02, model.Motoring: 0.01, model.PublicOrder: 0.03,
	model.CriminalDamage: 0.01, model.OtherOffence: 0.04,
}

// needTarget is the share with an identified need per section among
// sentenced people with an OASys assessment: all custody, and women.
type needTarget struct {
	all, women float64
	assumedAll bool // the all-custody figure was not found (calibration.md §12.1)
}

// needTargets: all-custody accommodation 68%, lifestyle 89% and alcohol 22%
// on 31 October 2024 (calibration.md §5.1); women's figures from the 30 June
// 2021 custody download (§5.2). Not found, and assumed: all-custody ETE 60%
// (over half in 2007/08, §5.3; women 68%), relationships 55%, drugs 45%
// (women 50%, and custody exceeds community in 8 of 9 areas), thinking 80%
// (over half in 2007/08; among the commonest needs), attitudes 62%; finance
// 35% and emotional wellbeing 45% for all, 40% and 70% for women (no
// published figure in any year).
var needTargets = [model.NumSections]needTarget{
	model.Accommodation:     {0.68, 0.69, false},
	model.ETE:               {0.60, 0.68, true},
	model.Relationships:     {0.55, 0.83, true},
	model.Lifestyle:         {0.89, 0.83, false},
	model.DrugMisuse:        {0.45, 0.50, true},
	model.AlcoholMisuse:     {0.22, 0.24, false},
	model.ThinkingBehaviour: {0.80, 0.72, true},
	model.Attitudes:         {0.62, 0.71, true},
	model.Finance:           {0.35, 0.40, true},
	model.Emotional:         {0.45, 0.70, true},
}

// LDCShare is the share with a learning disability or challenge among those
// screened: 34%, the MoJ's estimate for prisoners (written evidence to the
// Education Committee, calibration.md §7).
const LDCShare = 0.34

// AnnualStarts is the accredited-programme starts in custody in 2024/25:
// 5,456 (Prison Education and Accredited Programme Statistics 2024/25,
// calibration.md §9). The places generated sum to about this.
const AnnualStarts = 5456

// unassessedShare is the share of sentenced people with no layer 3 OASys
// assessment: the women's estate download had 75.7% coverage on 30 June 2021
// (calibration.md §5.2); 15% is assumed for the whole estate, where men's
// coverage is not published.
const unassessedShare = 0.15
