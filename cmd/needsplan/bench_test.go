package main

import (
	"io"
	"os"
	"testing"
)

// BenchmarkNeedsCommand runs the whole needs command in process on the
// dataset directory named by NEEDSPLAN_BENCH_DATASET (for instance the
// 1,000,000-profile one bench/peers.sh makes under
// /tmp/needsplan-peers/m1-e500), for CPU and memory profiles of the real
// command:
//
//	NEEDSPLAN_BENCH_DATASET=/tmp/needsplan-peers/m1-e500 \
//	    go test ./cmd/needsplan -run '^$' -bench NeedsCommand -benchtime 5x -cpuprofile cpu.prof
//
// It is skipped when the variable is not set.
func BenchmarkNeedsCommand(b *testing.B) {
	dir := os.Getenv("NEEDSPLAN_BENCH_DATASET")
	if dir == "" {
		b.Skip("NEEDSPLAN_BENCH_DATASET not set")
	}
	for b.Loop() {
		if code := run(b.Context(), []string{"needs", "--dataset", dir, "--format", "csv", "--as-of", "2025-06-30"}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("needs exited with status %d", code)
		}
	}
}
