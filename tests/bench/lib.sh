# lib.sh - what the benchmarks share; sourced, with TSUNAGU (the
# program) and db (its database) set.

# Run the program on the benchmark's database, as its "today".
run() { "$TSUNAGU" --no-init --db "$db" --staff bench --today 2026-04-01 "$@"; }

# Mean seconds of 3 runs of the program with ARGS, output thrown away.
mean3() {
	python3 - "$TSUNAGU" --no-init --db "$db" --staff bench \
		--today 2026-04-01 "$@" <<'PY'
import subprocess, sys, time
t = time.time()
for _ in range(3):
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
print(f"{(time.time() - t) / 3:.3f}")
PY
}
