package model

// Opt is an optional value: OK is false when the value is missing.
// The zero value is missing, so a Profile built field by field only carries
// what was set.
type Opt[T any] struct {
	Val T
	OK  bool
}

// Some returns a present value.
func Some[T any](v T) Opt[T] { return Opt[T]{Val: v, OK: true} }

// Get returns the value and whether it is present.
func (o Opt[T]) Get() (T, bool) { return o.Val, o.OK }

// Or returns the value, or def when it is missing.
func (o Opt[T]) Or(def T) T {
	if o.OK {
		return o.Val
	}
	return def
}

// ConvertOpt converts an optional integer to another integer type, keeping
// whether it is present. The caller checks the value fits (the loader
// checks every range of the data contract first).
func ConvertOpt[T, U ~int8 | ~int16 | ~int32 | ~int | ~int64](o Opt[U]) Opt[T] {
	return Opt[T]{Val: T(o.Val), OK: o.OK}
}
