package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress reports work done on stderr, for simulate and report (the
// replications of a simulation) and sweep (its units): redrawn in place on
// a terminal; elsewhere — a pipe, a Slurm or Kubernetes log — a plain line
// at every twentieth of the work and at the end, so that a long run under
// a scheduler shows it is alive. A sweep's lines also say the rate and the
// time left, and come at least every progressEvery; its units found
// complete from an earlier run count as done but not towards the rate.
type progress struct {
	w     io.Writer
	tty   bool
	units bool             // a sweep's units, not a simulation's replications
	now   func() time.Time // the clock: progress display only, never in outputs
	mu    sync.Mutex
	total int
	every int // a line at least every so many done
	// done is the work complete (resumed included), resumed the units
	// complete from an earlier run, last the count at the last line.
	done, resumed, last int
	start, lastLine     time.Time
}

// progressEvery is how often a sweep's log line is written when stderr is
// not a terminal.
const progressEvery = 30 * time.Second

// newProgress returns a reporter for a sweep's units (units true) or a
// simulation's replications on stderr; Start sets the total.
func newProgress(stderr io.Writer, units bool, now func() time.Time) *progress {
	p := &progress{w: stderr, units: units, now: now}
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// replicationProgress is the progress callback of a simulation of total
// replications: nil, reporting nothing, unless stderr is a file (tests'
// writers get nothing).
func replicationProgress(stderr io.Writer, total int) func(int) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if _, err := f.Stat(); err != nil {
		return nil
	}
	p := newProgress(stderr, false, time.Now)
	p.Start(total)
	return p.Set
}

// Start sets the work to do and starts the clock.
func (p *progress) Start(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.every = total, max(1, total/20)
	p.start, p.lastLine = p.now(), p.now()
}

// Resume counts n units already complete.
func (p *progress) Resume(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.resumed += n
	p.done += n
	p.last = p.done
}

// Set records that done of the work is complete (resumed units included).
// It is called from several goroutines, each count once but not
// necessarily in order: a simulation's lines only go forward.
func (p *progress) Set(done int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.units {
		p.setUnits(done)
		return
	}
	if p.tty {
		const width = 30
		n := width * done / p.total
		fmt.Fprintf(p.w, "\r  [%s%s] %d/%d replications", strings.Repeat("#", n), strings.Repeat(" ", width-n), done, p.total)
		if done == p.total {
			fmt.Fprintln(p.w)
		}
		return
	}
	if done > p.last && (done%p.every == 0 || done == p.total) {
		p.last = done
		fmt.Fprintf(p.w, "needsplan: progress: %d/%d replications\n", done, p.total)
	}
}

// setUnits reports a sweep's units, with the rate and the time left.
func (p *progress) setUnits(done int) {
	p.done = done
	t := p.now()
	computed := p.done - p.resumed
	el := t.Sub(p.start).Seconds()
	left := "unknown"
	rate := 0.0
	if computed > 0 && el > 0 {
		rate = float64(computed) / el
		left = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	line := fmt.Sprintf("%d/%d units", p.done, p.total)
	if p.resumed > 0 {
		line += fmt.Sprintf(" (%d from an earlier run)", p.resumed)
	}
	line += fmt.Sprintf(", %.2f a second, about %s left", rate, left)
	switch {
	case p.tty:
		fmt.Fprintf(p.w, "\r  %s   ", line)
		if p.done == p.total {
			fmt.Fprintln(p.w)
		}
	case p.done == p.total || t.Sub(p.lastLine) >= progressEvery || p.done-p.last >= p.every:
		fmt.Fprintf(p.w, "needsplan: sweep progress: %s\n", line)
		p.lastLine, p.last = t, p.done
	}
}
