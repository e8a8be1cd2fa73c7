package sim

// Event is one scheduled happening. Kind and the two integer arguments are
// the model's to interpret; the calendar orders events by time, then by the
// order they were scheduled (Seq), so equal times never depend on heap
// layout.
type Event struct {
	T    float64
	Seq  uint64
	Kind int32
	A, B int32
}

// Calendar is a priority queue of events: a binary min-heap on (T, Seq),
// written for Event directly rather than through container/heap so that no
// interface call sits in the inner loop.
//
// Events scheduled in time order, such as each a fixed delay after the
// one before, can wait in a queue beside the heap instead (ScheduleInOrder):
// taking one from a queue's head costs nothing like a heap's sift-down,
// and Next takes whichever is earlier by (T, Seq), so the order is the
// same as with the heap alone.
type Calendar struct {
	heap  []Event
	queue []Event // events in (T, Seq) order; head at queue[head]
	head  int
	seq   uint64
	now   float64
}

// Now returns the time of the event last taken.
func (c *Calendar) Now() float64 { return c.now }

// Len returns the number of pending events.
func (c *Calendar) Len() int { return len(c.heap) + len(c.queue) - c.head }

// Schedule adds an event of the given kind at time t (t ≥ Now).
func (c *Calendar) Schedule(t float64, kind int32, a, b int32) {
	c.seq++
	c.heap = append(c.heap, Event{T: t, Seq: c.seq, Kind: kind, A: a, B: b})
	c.up(len(c.heap) - 1)
}

// ScheduleInOrder adds an event of the given kind at time t (t ≥ Now),
// as Schedule does, for a caller that schedules such events in time
// order: it waits in the queue when t is not before the last queued
// event's time (else, in the heap).
func (c *Calendar) ScheduleInOrder(t float64, kind int32, a, b int32) {
	if n := len(c.queue); n > c.head && t < c.queue[n-1].T {
		c.Schedule(t, kind, a, b)
		return
	}
	if c.head > 1024 && 2*c.head > len(c.queue) { // mostly taken: move the rest down and reuse the memory
		c.queue = c.queue[:copy(c.queue, c.queue[c.head:])]
		c.head = 0
	}
	c.seq++
	c.queue = append(c.queue, Event{T: t, Seq: c.seq, Kind: kind, A: a, B: b})
}

// Next removes and returns the earliest event and advances the clock to
// it. ok is false when the calendar is empty.
func (c *Calendar) Next() (e Event, ok bool) {
	if c.head < len(c.queue) && (len(c.heap) == 0 || less(&c.queue[c.head], &c.heap[0])) {
		e = c.queue[c.head]
		c.head++
		c.now = e.T
		return e, true
	}
	n := len(c.heap)
	if n == 0 {
		return e, false
	}
	e = c.heap[0]
	c.heap[0] = c.heap[n-1]
	c.heap = c.heap[:n-1]
	if n > 1 {
		c.down(0)
	}
	c.now = e.T
	return e, true
}

// Peek returns the time of the earliest event, or false when empty.
func (c *Calendar) Peek() (float64, bool) {
	switch {
	case c.head < len(c.queue) && (len(c.heap) == 0 || less(&c.queue[c.head], &c.heap[0])):
		return c.queue[c.head].T, true
	case len(c.heap) == 0:
		return 0, false
	}
	return c.heap[0].T, true
}

// Reset empties the calendar and sets the clock to zero, keeping its memory.
func (c *Calendar) Reset() {
	c.heap, c.queue, c.head, c.seq, c.now = c.heap[:0], c.queue[:0], 0, 0, 0
}

func less(a, b *Event) bool { return a.T < b.T || a.T == b.T && a.Seq < b.Seq }

func (c *Calendar) up(j int) {
	h := c.heap
	for j > 0 {
		i := (j - 1) / 2
		if !less(&h[j], &h[i]) {
			break
		}
		h[i], h[j] = h[j], h[i]
		j = i
	}
}

func (c *Calendar) down(i int) {
	h := c.heap
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && less(&h[r], &h[l]) {
			j = r
		}
		if !less(&h[j], &h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}
