package main

import (
	"io"
	"testing"
)

func BenchmarkZZNeeds1M(b *testing.B) {
	for b.Loop() {
		code := run(b.Context(), []string{"needs", "--dataset", "/tmp/big/m1", "--format", "csv", "--as-of", "2025-06-30"}, io.Discard, io.Discard)
		if code != 0 {
			b.Fatal(code)
		}
	}
}
