package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is shard Index of Of (0 ≤ Index < Of): it runs the units
// u = point × replications + replication with u mod Of = Index.
type Shard struct{ Index, Of int }

// holds reports whether the shard runs the unit of point k and
// replication r of a sweep of reps replications.
func (sh Shard) holds(k, r, reps int) bool { return (k*reps+r)%sh.Of == sh.Index }

// ShardOf reads the shard to run from a command's --shard I/N (flag) or,
// without one, from the cluster's environment (getenv):
//
//   - Slurm job arrays: I = SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN and
//     N = SLURM_ARRAY_TASK_COUNT, so --array=0-19 and --array=1-20 both give
//     shards 0…19 of 20; an array with a step or a list (MAX − MIN + 1 ≠
//     COUNT) is refused, since its IDs do not number the shards.
//   - Kubernetes Indexed Jobs: I = JOB_COMPLETION_INDEX and N =
//     NEEDSPLAN_SHARDS (Kubernetes does not expose completions).
//
// With neither it is 0/1. A variable set without its partner is an error
// naming the one to set: falling back to 0/1 would run the whole sweep in
// every task. Every error is a mistake in the command line or the job's
// set-up.
func ShardOf(flag string, getenv func(string) string) (Shard, error) {
	parse := func(i, n, what string) (Shard, error) {
		a, err1 := strconv.Atoi(strings.TrimSpace(i))
		b, err2 := strconv.Atoi(strings.TrimSpace(n))
		if err1 != nil || err2 != nil || b < 1 || a < 0 || a >= b {
			return Shard{}, fmt.Errorf("%s: shard %s/%s: want I/N with 0 ≤ I < N", what, i, n)
		}
		return Shard{Index: a, Of: b}, nil
	}
	if flag != "" {
		i, n, ok := strings.Cut(flag, "/")
		if !ok {
			return Shard{}, fmt.Errorf("--shard %q: want I/N", flag)
		}
		return parse(i, n, "--shard")
	}
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		count, lo, hi := getenv("SLURM_ARRAY_TASK_COUNT"), getenv("SLURM_ARRAY_TASK_MIN"), getenv("SLURM_ARRAY_TASK_MAX")
		if count == "" || lo == "" {
			return Shard{}, fmt.Errorf("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN is not: run as a Slurm job array (sbatch --array=0-19) or give --shard I/N")
		}
		a, err1 := strconv.Atoi(strings.TrimSpace(id))
		m, err2 := strconv.Atoi(strings.TrimSpace(lo))
		c, err3 := strconv.Atoi(strings.TrimSpace(count))
		if err1 != nil || err2 != nil || err3 != nil {
			return Shard{}, fmt.Errorf("SLURM_ARRAY_TASK_ID %q, SLURM_ARRAY_TASK_MIN %q, SLURM_ARRAY_TASK_COUNT %q: want whole numbers", id, lo, count)
		}
		if hi != "" {
			if x, err := strconv.Atoi(strings.TrimSpace(hi)); err != nil || x-m+1 != c {
				return Shard{}, fmt.Errorf("the Slurm array runs %s to %s but has %d tasks: use a contiguous range with no step (--array=0-%d, or 1-%d) or give --shard I/N", lo, hi, c, c-1, c)
			}
		}
		return parse(strconv.Itoa(a-m), count, "Slurm array task "+id)
	}
	if i := getenv("JOB_COMPLETION_INDEX"); i != "" {
		n := getenv("NEEDSPLAN_SHARDS")
		if n == "" {
			return Shard{}, fmt.Errorf("JOB_COMPLETION_INDEX is set but NEEDSPLAN_SHARDS is not: set NEEDSPLAN_SHARDS to the Job's completions (docs/scale-out.md) or give --shard I/N")
		}
		return parse(i, n, "JOB_COMPLETION_INDEX and NEEDSPLAN_SHARDS")
	}
	return Shard{Index: 0, Of: 1}, nil
}
