package data

import (
	"context"
	"sync"

	"needsplan/model"
)

// StreamProfiles reads and checks a profiles table as ReadProfiles does,
// with the same problems and messages, but keeps no one: it hands the
// people to each in batches, in file order, as they are decoded, so a
// command that only counts never holds the whole population (1,000,000
// profiles take some 230 MB as model.Profiles). The batches are decoded
// in parallel (Parquet row groups on every core, like ReadProfiles) and
// passed on in order, a few at a time, so the memory held is a few
// batches and the person_ids (for duplicates: idSet).
//
// each is called from the calling goroutine, and must not keep the slice
// or pointers into it: once each returns, its memory holds the next
// batches' people (a fresh 8 MB a batch would otherwise keep the
// collector busy). The table's problems are
// only known at the end: when the error is not nil, whatever each made of
// the people must be thrown away. An error from each stops the reading
// and is returned.
func StreamProfiles(ctx context.Context, f File, name string, opt ReadOptions, each func(ps []model.Profile) error) ([]string, error) {
	r, extra, err := openProfiles(ctx, f, name, &opt)
	if err != nil {
		return nil, err
	}
	defer r.t.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o := &inOrder{pending: map[int]*profileBatch{}, out: make(chan *profileBatch, streamAhead)}
	o.room.L = &o.mu
	r.order = o
	r.spare = &spareBatches{}
	defer context.AfterFunc(ctx, o.fail)()
	var results []*profileBatch
	var read int
	var readErr error
	go func() {
		defer close(o.out)
		results, read, readErr = r.read(ctx)
	}()
	ids := newIDSet(r.t.rows)
	var eachErr error
	people := 0
	for res := range o.out {
		for i := range res.ps {
			ids.add(res.ps[i].PersonID, res.rows[i])
		}
		people += len(res.ps)
		if eachErr == nil {
			if eachErr = each(res.ps); eachErr != nil {
				cancel() // the reader stops at its next batch; the rest drains
			}
		}
		r.spare.put(res.ps)
		res.ps, res.rows = nil, nil
	}
	switch {
	case eachErr != nil:
		return nil, eachErr
	case readErr != nil:
		return nil, readErr
	case r.t.rows > 0 && read != r.t.rows:
		return nil, r.damaged(read)
	}
	if all := r.problems(results, ids.duplicates(name, r.t.record)); all != nil {
		return nil, all
	}
	if people == 0 {
		return nil, noPeople(name)
	}
	return extraWarning(name, extra), nil
}

// streamAhead is how many decoded batches may wait for the consumer, in
// the queue and out of order each (a batch of 32,768 people is some 8 MB).
const streamAhead = 2

// inOrder passes decoded batches on in row order: the batches of a table
// cover its rows one after the other from 0, so the next to pass on is the
// one starting where the last passed on ended. A decoder that finishes a
// batch out of order waits while streamAhead others wait already, so that
// one decoder racing ahead through the row groups cannot fill the memory.
type inOrder struct {
	mu      sync.Mutex
	room    sync.Cond // signalled when batches are passed on, or on fail
	next    int
	pending map[int]*profileBatch
	out     chan *profileBatch
	// broken: a part of the table could not be read, or the reading was
	// cancelled, so the batches after it will never be in order: nobody
	// waits any more (the table is refused anyway).
	broken bool
}

// arrive takes a decoded batch and passes on every batch now in order.
// It blocks while the consumer is streamAhead batches behind, which holds
// the decoders back.
func (o *inOrder) arrive(res *profileBatch) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if res.start < o.next || o.pending[res.start] != nil {
		o.broken = true // batches that do not tile the table: never in order
	}
	for res.start != o.next && len(o.pending) >= streamAhead && !o.broken {
		o.room.Wait()
	}
	o.pending[res.start] = res
	for {
		b, ok := o.pending[o.next]
		if !ok {
			break
		}
		delete(o.pending, o.next)
		o.next += b.n
		o.out <- b
	}
	o.room.Broadcast()
}

// fail releases every decoder waiting for its turn: a part could not be
// read, or the reading was cancelled.
func (o *inOrder) fail() {
	o.mu.Lock()
	o.broken = true
	o.room.Broadcast()
	o.mu.Unlock()
}

// spareBatches are the people's slices of batches the consumer is done
// with, cleared, for the decoders to fill again (StreamProfiles).
type spareBatches struct {
	mu   sync.Mutex
	free [][]model.Profile
}

// put gives back a batch's people, clearing them: decodeProfile fills a
// zero Profile.
func (s *spareBatches) put(ps []model.Profile) {
	if s == nil || cap(ps) == 0 {
		return
	}
	clear(ps)
	s.mu.Lock()
	s.free = append(s.free, ps[:0])
	s.mu.Unlock()
}

// get returns an empty slice with room for n people: a spare one when
// there is one big enough.
func (s *spareBatches) get(n int) []model.Profile {
	if s != nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		if k := len(s.free); k > 0 && cap(s.free[k-1]) >= n {
			ps := s.free[k-1]
			s.free = s.free[:k-1]
			return ps
		}
	}
	return make([]model.Profile, 0, n)
}
