package model

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors of FindEstablishment: the query names no establishment, or more
// than one.
var (
	ErrUnknownEstablishment   = errors.New("no establishment has this code or name")
	ErrAmbiguousEstablishment = errors.New("ambiguous establishment name")
)

// typeWords are the words of an establishment's type that a name may carry
// as a prefix or suffix ("HMP Humber", "Humber (HMP)", "Feltham (HMYOI)",
// "Oakhill (STC)"): they are not part of the name. Each maps to the type it
// says, for telling apart two establishments of one name ("Feltham (HMP)"
// and "Feltham (HMYOI)"); "" says nothing.
var typeWords = map[string]string{
	"hmp": "hmp", "prison": "hmp", "hmyoi": "yoi", "yoi": "yoi", "stc": "stc", "ycs": "ycs", "hm": "",
}

// nameKey is a name as FindEstablishment compares it: lower case, the
// words of letters and digits with apostrophes dropped ("Guy's" is
// "guys"), the type words left out and kept apart in types.
type nameKey struct {
	words  []string
	joined string // the words without spaces: "isleofwight"
	types  []string
}

func keyOf(name string) nameKey {
	var k nameKey
	name = strings.NewReplacer("'", "", "’", "").Replace(strings.ToLower(name))
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if t, ok := typeWords[w]; ok {
			if t != "" && !slices.Contains(k.types, t) {
				k.types = append(k.types, t)
			}
			continue
		}
		k.words = append(k.words, w)
	}
	k.joined = strings.Join(k.words, "")
	slices.Sort(k.types)
	return k
}

// FindEstablishment finds the establishment a person names on the command
// line: its code (any case), or its name. A name matches in any case,
// without the type words of a prefix or suffix ("HMP", "HMYOI", "(HMP &
// YOI)") and without punctuation, at the first of these that any
// establishment passes: the whole name ("humber", "HMP Humber", "isle of
// wight"); the start of the name ("hum", "isle of w"); every word of the
// query a whole word of the name ("wight"); every word the start of a word
// of the name ("scrub"). When several pass, type words in the query choose
// among them ("Feltham YOI", "HMP Parc"): those whose types are exactly the
// query's, else those with all of them.
//
// Several left is an error wrapping ErrAmbiguousEstablishment, with the
// candidates, by code; none is an error wrapping ErrUnknownEstablishment,
// with the establishments whose names are nearest (by edit distance, up to
// three), if any are near. The errors' text lists them.
func FindEstablishment(ests []Establishment, query string) (Establishment, []Establishment, error) {
	q := strings.TrimSpace(query)
	for _, e := range ests {
		if strings.EqualFold(e.Code, q) {
			return e, nil, nil
		}
	}
	qk := keyOf(q)
	if len(qk.words) == 0 {
		return Establishment{}, nil, fmt.Errorf("%w: give a code or a name", ErrUnknownEstablishment)
	}
	keys := make([]nameKey, len(ests))
	for i, e := range ests {
		keys[i] = keyOf(e.Name)
	}
	for _, pass := range nameRules {
		var found []int
		for i, k := range keys {
			if pass(qk, k) {
				found = append(found, i)
			}
		}
		if len(found) == 0 {
			continue
		}
		found = byTypes(found, keys, qk.types)
		if len(found) == 1 {
			return ests[found[0]], nil, nil
		}
		cands := pick(ests, found)
		return Establishment{}, cands, fmt.Errorf("%w: it matches %d establishments: %s; give a code or more of the name",
			ErrAmbiguousEstablishment, len(cands), listEstablishments(cands))
	}
	near := nearestNames(ests, keys, qk)
	if len(near) == 0 {
		return Establishment{}, nil, ErrUnknownEstablishment
	}
	return Establishment{}, near, fmt.Errorf("%w; nearest: %s", ErrUnknownEstablishment, listEstablishments(near))
}

// nameRules are FindEstablishment's ways for a query to match a name, in
// order: the whole name, its start, whole words, the starts of words.
var nameRules = []func(q, name nameKey) bool{
	func(q, name nameKey) bool { return q.joined == name.joined },
	func(q, name nameKey) bool { return strings.HasPrefix(name.joined, q.joined) },
	func(q, name nameKey) bool {
		return allWords(q, name, func(w, n string) bool { return w == n })
	},
	func(q, name nameKey) bool { return allWords(q, name, strings.HasPrefix) },
}

// allWords reports whether every word of q matches a word of name.
func allWords(q, name nameKey, match func(n, w string) bool) bool {
	for _, w := range q.words {
		if !slices.ContainsFunc(name.words, func(n string) bool { return match(n, w) }) {
			return false
		}
	}
	return true
}

// byTypes narrows several matches by the query's type words: to those of
// exactly those types, else to those with all of them, else all.
func byTypes(found []int, keys []nameKey, types []string) []int {
	if len(found) < 2 || len(types) == 0 {
		return found
	}
	for _, keep := range []func(nameKey) bool{
		func(k nameKey) bool { return slices.Equal(k.types, types) },
		func(k nameKey) bool {
			return !slices.ContainsFunc(types, func(t string) bool { return !slices.Contains(k.types, t) })
		},
	} {
		var out []int
		for _, i := range found {
			if keep(keys[i]) {
				out = append(out, i)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return found
}

// pick returns the establishments at idx, by code.
func pick(ests []Establishment, idx []int) []Establishment {
	out := make([]Establishment, 0, len(idx))
	for _, i := range idx {
		out = append(out, ests[i])
	}
	slices.SortFunc(out, func(a, b Establishment) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// listEstablishments lists establishments as "HMI Humber (HMP), …".
func listEstablishments(ests []Establishment) string {
	parts := make([]string, len(ests))
	for i, e := range ests {
		parts[i] = e.Code + " " + e.Name
	}
	return strings.Join(parts, ", ")
}

// nearestNames returns up to three establishments whose names are nearest
// to the query: the least edit distance from the query to the whole name
// or to one of its words, if at most a third of the query's length (and at
// least 2), nearest first, then by code.
func nearestNames(ests []Establishment, keys []nameKey, q nameKey) []Establishment {
	limit := max(2, utf8.RuneCountInString(q.joined)/3)
	type near struct{ i, d int }
	var out []near
	for i, k := range keys {
		d := EditDistance(q.joined, k.joined)
		for _, w := range k.words {
			d = min(d, EditDistance(q.joined, w))
		}
		if d <= limit {
			out = append(out, near{i, d})
		}
	}
	slices.SortFunc(out, func(a, b near) int { return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(ests[a.i].Code, ests[b.i].Code)) })
	var res []Establishment
	for _, n := range out[:min(3, len(out))] {
		res = append(res, ests[n.i])
	}
	return res
}

// EditDistance is the Levenshtein distance between a and b, in runes: the
// fewest insertions, deletions and substitutions that turn one into the
// other (Wagner and Fischer 1974, two rows of the table at a time). Names
// the user mistyped are matched by it, here and in data's YAML keys.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
