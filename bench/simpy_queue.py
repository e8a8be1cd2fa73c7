#!/usr/bin/env python3
"""M/M/3 queue written the idiomatic SimPy 3 way, for comparison with
needsplan's RunQueue (analysis/sim, BenchmarkQueueKernel).

Model: Poisson arrivals at rate 2, exponential service of mean 1, three
servers (simpy.Resource(capacity=3)), first come first served: Erlang C
gives Wq = 4/9 = 0.444444. One process per person.

Counts: arrivals, service starts and service ends. "events" is
arrivals + starts + ends. RunQueue's Events counts calendar events only,
which for this model are arrivals + ends (a start happens inside the
arrival or end event), so the script also prints that figure and the
arrivals per second, which compare like for like.

Usage: simpy_queue.py [HORIZON [SEED]]   (defaults 100000 and 1)
"""
import random
import sys
import time

import simpy

LAMBDA, MU, SERVERS = 2.0, 1.0, 3


def main():
    horizon = float(sys.argv[1]) if len(sys.argv) > 1 else 100000.0
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=SERVERS)
    counts = {"arrivals": 0, "starts": 0, "ends": 0}
    waits = []

    def person(env):
        arrived = env.now
        with desk.request() as req:
            yield req
            counts["starts"] += 1
            waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(MU))
            counts["ends"] += 1

    def source(env):
        while True:
            yield env.timeout(rng.expovariate(LAMBDA))
            counts["arrivals"] += 1
            env.process(person(env))

    env.process(source(env))
    t0 = time.perf_counter()
    env.run(until=horizon)
    wall = time.perf_counter() - t0

    a, s, e = counts["arrivals"], counts["starts"], counts["ends"]
    print(f"simpy {simpy.__version__}, python {sys.version.split()[0]}, "
          f"horizon {horizon:g}, seed {seed}")
    print(f"arrivals {a}  starts {s}  ends {e}  wall {wall:.3f} s")
    print(f"events/s (arrivals+starts+ends): {(a + s + e) / wall:,.0f}")
    print(f"events/s (arrivals+ends, as RunQueue counts): {(a + e) / wall:,.0f}")
    print(f"arrivals/s: {a / wall:,.0f}")
    print(f"mean wait of those started: {sum(waits) / len(waits):.4f} "
          f"(Erlang C: {4 / 9:.4f})")


if __name__ == "__main__":
    main()
