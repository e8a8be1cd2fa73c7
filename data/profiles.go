package data

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"needsplan/model"
)

// Profile columns, in the order of data-contract.md §1.
const (
	pPersonID = iota
	pEstablishment
	pSex
	pAge
	pSentenceType
	pSentenceStart
	pEarliestRelease
	pParoleEligibility
	pSecurityCategory
	pOffenceGroup
	pSexualOffenceHistory
	pIPV
	pGang
	pExtremism
	pOGRS3
	pOVP
	pOSPDC
	pOSPIIC
	pRSR
	pSARAPartner
	pSARAOther
	pRoSH
	pQ6_11
	pFinance
	pEmotional
	pLDS
	pCompleted
	pAssessedOn
	pItems                                 // the 13 PNI items follow
	pScores = pItems + int(model.NumItems) // then the 8 section scores
)

var profileSchema = func() schema {
	opt := []string{"earliest_release", "parole_eligibility", "security_category"}
	s := newSchema([]string{"person_id", "establishment", "sex", "age", "sentence_type", "sentence_start"}, opt...)
	// earliest_release is required except for remand: checked per row.
	s.names = append(s.names, "offence_group", "sexual_offence_history")
	s.required["offence_group"], s.required["sexual_offence_history"] = true, true
	s.names = append(s.names, "ipv", "gang", "extremism", "ogrs3", "ovp", "osp_dc", "osp_iic", "rsr",
		"sara_partner", "sara_other", "rosh", "q6_11", "finance_need", "emotional_need", "lds", "completed", "assessed_on")
	for it := range model.NumItems {
		s.names = append(s.names, it.Column())
	}
	for sec := range model.Section(model.NumScored) {
		s.names = append(s.names, sec.Column())
	}
	return s
}()

// ProfileColumns returns the profiles table's column names in contract order.
func ProfileColumns() []string { return append([]string(nil), profileSchema.names...) }

// ReadOptions says how to read and check profiles.
type ReadOptions struct {
	// Format of the file; empty means by the file name's extension.
	Format Format
	// Establishments, when not nil, is the set of known establishment codes
	// with the sex each holds: people elsewhere, or of a sex an
	// establishment does not hold, are refused.
	Establishments map[string]model.Holds
	// Catalogue, when not nil, checks completed programme codes.
	Catalogue *model.Catalogue
	// AsOf, when set, refuses sentence starts and assessments after it.
	AsOf model.Opt[model.Date]
	// MaxErrors is how many problems to report; 0 means DefaultMaxErrors.
	MaxErrors int
	// Limits bound the rows read and, for CSV, the length of a field and
	// of a row; zero fields mean the defaults.
	Limits Limits
}

// ReadProfiles reads and checks a profiles table (data-contract.md §1) from
// f, calling it name in messages. It returns the people in file order and a
// warning for unknown columns. Any problem makes the error an *Errors
// (matching ErrInvalid) listing the first problems found, in row order, up
// to the limit, and how many more there were.
//
// The file is read in batches by one goroutine and the batches are decoded
// by one worker per CPU; the result, and every message, is the same whatever
// the number of workers.
func ReadProfiles(ctx context.Context, f File, name string, opt ReadOptions) ([]model.Profile, []string, error) {
	r, extra, err := openProfiles(ctx, f, name, &opt)
	if err != nil {
		return nil, nil, err
	}
	defer r.t.close()
	r.preallocate()
	results, first, err := r.read(ctx)
	if err != nil {
		return nil, nil, err
	}
	if r.good != nil && first != len(r.out) {
		// Places of out no row filled would be zero people.
		return nil, nil, r.damaged(first)
	}
	out := r.people(results)
	ids := newIDSet(len(out))
	if r.good != nil {
		for k := range out {
			if r.good[k] {
				ids.add(out[k].PersonID, k+1) // records are numbered from 1
			}
		}
	} else {
		for _, res := range results {
			for i := range res.ps {
				ids.add(res.ps[i].PersonID, res.rows[i])
			}
		}
	}
	if all := r.problems(results, ids.duplicates(name, r.t.record)); all != nil {
		return nil, nil, all
	}
	if len(out) == 0 {
		return nil, nil, noPeople(name)
	}
	return out, extraWarning(name, extra), nil
}

// openProfiles opens a profiles table and lays out its header for reading.
func openProfiles(ctx context.Context, f File, name string, opt *ReadOptions) (*profileRead, []string, error) {
	format, err := formatFor(name, opt.Format)
	if err != nil {
		return nil, nil, err
	}
	limit := cmpOr(opt.MaxErrors, DefaultMaxErrors)
	readerErrs := &collector{max: limit} // problems the reader finds (CSV rows it cannot split)
	t, err := openTable(ctx, f, name, format, profileSchema.want(), readerErrs, opt.Limits.orDefaults())
	if err != nil {
		return nil, nil, err
	}
	pos, extra, scan, err := prepare(name, t, profileSchema)
	if err != nil {
		t.close()
		return nil, nil, err
	}
	return &profileRead{name: name, t: t, pos: pos, scan: scan, opt: opt, limit: limit, readerErrs: readerErrs}, extra, nil
}

// read reads and decodes the whole table: Parquet row groups in parallel
// when the people go into out or a stream, else batches from one reader.
// It returns the batches in row order and the number of rows read.
func (r *profileRead) read(ctx context.Context) ([]*profileBatch, int, error) {
	if r.t.parts > 0 && (r.good != nil || r.order != nil) {
		return r.readRowGroups(ctx)
	}
	return r.readBatches(ctx)
}

// damaged is the problem of a Parquet file whose row groups hold fewer
// rows than its metadata say.
func (r *profileRead) damaged(read int) error {
	return &Error{File: r.name, Msg: fmt.Sprintf("damaged file: its metadata give %d rows but %d could be read", r.t.rows, read)}
}

func noPeople(name string) error {
	return &Error{File: name, Msg: "no people: the file has a header but no rows"}
}

// profileRead is one reading of a profiles table by ReadProfiles: the
// table, its header's layout and the people its workers decode.
type profileRead struct {
	name  string
	t     *tableReader
	pos   []int // each schema column's place in the header (prepare)
	scan  []int // the extra columns checked for identifiers (prepare)
	opt   *ReadOptions
	limit int // problems kept per batch
	// readerErrs are the problems the reader finds (CSV rows it cannot split).
	readerErrs *collector
	// order, when not nil, is given each batch as soon as it is decoded,
	// to pass on in row order (StreamProfiles).
	order *inOrder
	// spare, when not nil, holds the people's slices the stream's consumer
	// is done with, for new batches.
	spare *spareBatches
	// Parquet says how many rows it holds: people are decoded straight
	// into their place in out. Otherwise out is nil, each batch keeps its
	// own and they are joined in order at the end (people).
	out  []model.Profile
	good []bool // with out preallocated: which places hold a person
}

// preallocate makes out and good when the table says how many rows it
// holds (Parquet).
func (r *profileRead) preallocate() {
	if r.t.rows <= 0 { // at most Limits.MaxRows: openTable refuses more
		return
	}
	r.out, r.good = make([]model.Profile, r.t.rows), make([]bool, r.t.rows)
	if len(r.out) >= collectAfter {
		// Allocating out starts a collection whose marking would
		// otherwise run through the whole decoding, with every
		// pointer written into out behind a write barrier and the
		// decoders assisting the marker. Finishing it now, while out
		// is still empty, lets the decoding run with the collector
		// idle: 2.47 s → 2.29 s (median of 8) for the needs analysis
		// of 1,000,000 profiles on 2 cores (docs/performance.md).
		runtime.GC()
	}
}

// profileWorkers is the number of goroutines that decode batches: one per
// CPU, at most 8.
func profileWorkers() int { return max(1, min(runtime.GOMAXPROCS(0), 8)) }

// newWorker returns what one worker decodes batches with, through its own
// decoder: decode(b, res) decodes b into out (or into res's own people) and
// releases b.
func (r *profileRead) newWorker() func(b *batch, res *profileBatch) {
	var cur *profileBatch
	var cut int // rows of the current batch before out's end
	estIntern := map[string]string{}
	var spare model.Profile // where a row past out's end is decoded, to check it
	d := newRowDecoder(r.name, r.t, profileSchema, r.pos, r.scan, &collector{max: r.limit}, func(c *cells) {
		// Decoded in place: a Profile is large, and copying one into a
		// slice the garbage collector is scanning costs a write barrier
		// per pointer.
		if r.good != nil {
			p := &spare
			k := cur.start + c.i
			if c.i < cut {
				p = &r.out[k]
			} else {
				spare = model.Profile{}
			}
			if decodeProfile(c, r.opt, estIntern, p) && c.i < cut {
				r.good[k] = true
			}
			return
		}
		cur.ps = append(cur.ps, model.Profile{})
		if !decodeProfile(c, r.opt, estIntern, &cur.ps[len(cur.ps)-1]) {
			cur.ps = cur.ps[:len(cur.ps)-1]
			return
		}
		cur.rows = append(cur.rows, c.row)
	})
	return func(b *batch, res *profileBatch) {
		cur = res
		if r.good == nil {
			cur.ps, cur.rows = r.spare.get(b.n), make([]int, 0, b.n)
		}
		cut = len(r.out) - cur.start
		d.c.errs = &cur.errs
		d.batch(b)
		if len(cur.ps) > len(cur.rows) {
			cur.ps = cur.ps[:len(cur.rows)] // decoding panicked on a damaged row: not a person
		}
		b.done()
	}
}

// readRowGroups reads Parquet row groups with out preallocated: each worker
// reads whole row groups and decodes them, so that reading is parallel too.
// It returns the batches in row order and the number of rows read; a
// reading error is the one of the first row group that has one.
func (r *profileRead) readRowGroups(ctx context.Context) ([]*profileBatch, int, error) {
	var results []*profileBatch
	var wg sync.WaitGroup
	var mu sync.Mutex
	var nextPart atomic.Int64
	firstRow := 2 // the row number of the table's first row: CSV's header is row 1
	if r.t.record {
		firstRow = 1 // records are numbered from 1
	}
	partErrs := make([]error, r.t.parts)
	for range profileWorkers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			decode := r.newWorker()
			for k := int(nextPart.Add(1) - 1); k < r.t.parts; k = int(nextPart.Add(1) - 1) {
				next := r.t.part(k)
				for {
					if err := ctx.Err(); err != nil {
						partErrs[k] = err
						break
					}
					b, err := next()
					if err != nil {
						partErrs[k] = err
						if r.order != nil {
							r.order.fail() // the parts after k can never be passed on in order
						}
						break
					}
					if b.n == 0 {
						b.done()
						break
					}
					res := &profileBatch{start: b.rows[0] - firstRow, n: b.n, errs: collector{max: r.limit}}
					mu.Lock()
					results = append(results, res)
					mu.Unlock()
					decode(&b, res)
					if r.order != nil {
						r.order.arrive(res)
					}
				}
			}
		}()
	}
	wg.Wait()
	var readErr error
	for _, err := range partErrs {
		if err != nil {
			readErr = err
			break
		}
	}
	slices.SortFunc(results, func(a, b *profileBatch) int { return cmp.Compare(a.start, b.start) })
	first := 0
	for _, res := range results {
		first += res.n
	}
	return results, first, readErr
}

// readBatches reads the table with one reader, the batches decoded by the
// workers. It returns the batches in row order and the number of rows read.
func (r *profileRead) readBatches(ctx context.Context) ([]*profileBatch, int, error) {
	type job struct {
		b   batch
		res *profileBatch
	}
	var results []*profileBatch
	var wg sync.WaitGroup
	var readErr error
	first := 0
	jobs := make(chan job, 2)
	for range profileWorkers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			decode := r.newWorker()
			for j := range jobs {
				decode(&j.b, j.res)
				if r.order != nil {
					r.order.arrive(j.res)
				}
			}
		}()
	}
	for {
		if err := ctx.Err(); err != nil {
			readErr = err
			break
		}
		b, err := r.t.next()
		if err != nil {
			readErr = err
			break
		}
		if b.n == 0 {
			b.done()
			break
		}
		res := &profileBatch{start: first, n: b.n, errs: collector{max: r.limit}}
		first += b.n
		results = append(results, res)
		jobs <- job{b, res}
	}
	close(jobs)
	wg.Wait()
	return results, first, readErr
}

// people returns the people read: out when preallocated, else the
// batches' people joined in order.
func (r *profileRead) people(results []*profileBatch) []model.Profile {
	if r.good != nil {
		return r.out
	}
	n := 0
	for _, res := range results {
		n += len(res.ps)
	}
	out := make([]model.Profile, 0, n)
	for _, res := range results {
		out = append(out, res.ps...)
	}
	return out
}

// problems returns every problem, in row order: the reader's, each
// batch's and the duplicate person_ids (dups), the first limit of them
// with the count of the others; nil when there is none.
func (r *profileRead) problems(results []*profileBatch, dups []*Error) *Errors {
	all := r.readerErrs.errs
	for _, res := range results {
		all.List = append(all.List, res.errs.errs.List...)
		all.Dropped += res.errs.errs.Dropped
	}
	all.List = append(all.List, dups...)
	if len(all.List) == 0 {
		return nil
	}
	slices.SortStableFunc(all.List, func(a, b *Error) int { return cmp.Compare(a.Row, b.Row) })
	if len(all.List) > r.limit {
		all.Dropped += len(all.List) - r.limit
		all.List = all.List[:r.limit]
	}
	return &all
}

// collectAfter is the number of people from which ReadProfiles collects
// garbage once, right after making the slice that holds them (about 60 MB).
const collectAfter = 1 << 18

// profileBatch is what a worker makes of one batch.
type profileBatch struct {
	start int             // place in out of the batch's first row (preallocated out)
	n     int             // rows in the batch
	ps    []model.Profile // the batch's people (out not preallocated)
	rows  []int           // their row numbers
	errs  collector
}

func rowWord(record bool) string {
	if record {
		return "record"
	}
	return "row"
}

func cmpOr(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func formatFor(name string, f Format) (Format, error) {
	if f != "" {
		return f, nil
	}
	ff, err := formatOfExt(name)
	if err != nil {
		return "", &Error{File: name, Msg: err.Error()}
	}
	return ff, nil
}

func extraWarning(name string, extra []string) []string {
	if len(extra) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s: ignoring %d unknown column(s): %s", name, len(extra), strings.Join(extra, ", "))}
}

// decodeProfile decodes one row into p, which must be the zero Profile; it
// reports false when any field was refused.
func decodeProfile(c *cells, opt *ReadOptions, estIntern map[string]string, p *model.Profile) bool {
	p.PersonID = c.str(pPersonID, true)
	if _, owned := c.cols[pPersonID].(*pqCol); !owned {
		// CSV and Arrow text lives in buffers the reader reuses or that
		// hold the whole row: keep a copy of the id alone. Parquet text is
		// copied out once per batch already (pqReader.column).
		p.PersonID = strings.Clone(p.PersonID)
	}
	if kind := model.IdentifierKind(p.PersonID); kind != "" {
		c.fail(pPersonID, "looks like a real "+kind+": person_id must be a pseudonymous id, never an identifier")
	}
	est := strings.ToUpper(c.str(pEstablishment, true))
	if e, ok := estIntern[est]; ok {
		p.Establishment = e
	} else if est != "" {
		p.Establishment = strings.Clone(est)
		estIntern[p.Establishment] = p.Establishment
	}
	var holds model.Holds
	if est != "" && opt.Establishments != nil {
		h, known := opt.Establishments[est]
		if !known {
			c.fail(pEstablishment, "unknown establishment: want a code listed in establishments")
		}
		holds = h
	}
	p.Sex = enum(c, pSex, model.ParseSex, true).Val
	if holds != "" && p.Sex != 0 && !holds.Admits(p.Sex) {
		c.fail(pSex, fmt.Sprintf("establishment %s holds %s", est, holdsOnly(holds)))
	}
	p.Age = c.integer(pAge, 15, 110, true).Val
	p.SentenceType = enum(c, pSentenceType, model.ParseSentenceType, true).Val
	start := c.date(pSentenceStart, true)
	p.SentenceStart = start.Val
	p.EarliestRelease = c.date(pEarliestRelease, p.SentenceType != model.Remand && p.SentenceType != 0)
	p.ParoleEligibility = c.date(pParoleEligibility, false)
	if start.OK && p.EarliestRelease.OK && p.EarliestRelease.Val < start.Val {
		c.fail(pEarliestRelease, "earliest_release is before sentence_start "+start.Val.String())
	}
	if start.OK && p.ParoleEligibility.OK && p.ParoleEligibility.Val < start.Val {
		c.fail(pParoleEligibility, "parole_eligibility is before sentence_start "+start.Val.String())
	}
	if asOf, ok := opt.AsOf.Get(); ok && start.OK && start.Val > asOf {
		c.fail(pSentenceStart, "sentence_start is after the dataset date "+asOf.String())
	}
	p.SecurityCategory = enum(c, pSecurityCategory, model.ParseSecurityCategory, false)
	if sc, ok := p.SecurityCategory.Get(); ok && p.Sex != 0 {
		women := sc == model.Open || sc == model.Closed
		if women != (p.Sex == model.Female) {
			c.fail(pSecurityCategory, "want A, B, C or D for men and closed or open for women")
		}
	}
	p.OffenceGroup = enum(c, pOffenceGroup, model.ParseOffenceGroup, true).Val
	p.SexualOffenceHistory = c.boolean(pSexualOffenceHistory, true).Val
	p.IPV = c.boolean(pIPV, false).Val
	p.Gang = c.boolean(pGang, false).Val
	p.Extremism = c.boolean(pExtremism, false).Val
	p.OGRS3 = c.float(pOGRS3, 0, 100, false)
	p.OVP = c.float(pOVP, 0, 100, false)
	p.RSR = c.float(pRSR, 0, 100, false)
	p.OSPDC = enum(c, pOSPDC, model.ParseOSPDC, false)
	p.OSPIIC = enum(c, pOSPIIC, model.ParseOSPIIC, false)
	p.SARAPartner = model.ConvertOpt[int8](c.integer(pSARAPartner, 1, 3, false))
	p.SARAOther = model.ConvertOpt[int8](c.integer(pSARAOther, 1, 3, false))
	p.RoSH = enum(c, pRoSH, model.ParseRoSH, false)
	p.Q6_11 = c.boolean(pQ6_11, false)
	p.FinanceNeed = c.boolean(pFinance, false)
	p.EmotionalNeed = c.boolean(pEmotional, false)
	p.LDS = model.ConvertOpt[int32](c.integer(pLDS, 0, math.MaxInt32, false))
	if s := c.str(pCompleted, false); s != "" {
		for _, code := range strings.Split(s, ";") {
			code = strings.ToUpper(strings.TrimSpace(code))
			if code == "" {
				continue
			}
			if opt.Catalogue != nil {
				if _, ok := opt.Catalogue.Lookup(code); !ok {
					c.fail(pCompleted, fmt.Sprintf("unknown programme code %s: want codes from the catalogue separated by ';'", code))
					continue
				}
			}
			p.Completed = append(p.Completed, code)
		}
	}
	p.AssessedOn = c.date(pAssessedOn, false)
	if asOf, ok := opt.AsOf.Get(); ok && p.AssessedOn.OK && p.AssessedOn.Val > asOf {
		c.fail(pAssessedOn, "assessed_on is after the dataset date "+asOf.String())
	}
	for it := range model.NumItems {
		p.Items[it] = model.ConvertOpt[int8](c.integer(pItems+int(it), 0, 2, false))
	}
	for sec := range model.Section(model.NumScored) {
		p.Scores[sec] = model.ConvertOpt[int8](c.integer(pScores+int(sec), 0, int64(sec.Max()), false))
	}
	return !c.bad
}
