#!/bin/sh
# due.sh - `due --within 14` on a large register (200,000 families
# unless DUE_BENCH_ROWS says otherwise), against the program's own
# start-up (-c quit) in the same run.  The register is written straight
# into a database the program made (quicker than importing it): each
# family a mother with a pregnancy notified in the last 300 days, one in
# three a child born in the last four years; about half of the
# interviews, visits and checkups are recorded as done.  The list is
# timed in each format, and with --kind matching nothing (the providers
# and their queries without the printing).  Prints figures; never fails.
#   sh tests/bench/due.sh [PATH-TO-TSUNAGU]

TSUNAGU=${1:-${TSUNAGU:-./tsunagu}}
ROWS=${DUE_BENCH_ROWS:-200000}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export ASAN_OPTIONS
command -v python3 >/dev/null 2>&1 || { echo "due bench: python3 needed"; exit 0; }
python3 -c 'import sqlite3' 2>/dev/null ||
	{ echo "due bench: python3 with sqlite3 needed"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX") || exit 0
trap 'rm -rf "$dir"' EXIT
trap 'exit 0' HUP INT TERM

db=$dir/bench.db
. "$(dirname "$0")/lib.sh"
run -c quit >/dev/null 2>&1 || { echo "due bench: cannot make a database"; exit 0; }

python3 - "$ROWS" "$db" <<'PY'
import datetime, random, sqlite3, sys
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(14)
today = datetime.date(2026, 4, 1)
day = datetime.timedelta(days=1)
at = "2026-04-01T00:00:00Z"
db = sqlite3.connect(path)
people, families, members, pregnancies, events = [], [], [], [], []
pid = 0
for f in range(1, n + 1):
    pid += 1
    mother = pid
    born = today - random.randint(19 * 365, 42 * 365) * day
    people.append((mother, "山田", "花子", str(born), at, at))
    families.append((f, "bench", at))
    members.append((f, mother, "mother"))
    notified = today - random.randint(0, 300) * day
    due = notified + random.randint(150, 240) * day
    pregnancies.append((mother, f, str(notified), str(due), at))
    if random.random() < 0.5:
        events.append(("P%d" % mother, "contact", "interview_8m",
                       str(notified + random.randint(0, 120) * day)))
    if f % 3 == 0:
        pid += 1
        birth = today - random.randint(0, 4 * 365) * day
        people.append((pid, "山田", "陽", str(birth), at, at))
        members.append((f, pid, "child"))
        for kind, sub, after in (("contact", "visit", 20),
                                 ("form", "checkup_4m", 110),
                                 ("form", "checkup_18m", 550),
                                 ("form", "checkup_3y", 1100)):
            if birth + after * day <= today and random.random() < 0.5:
                events.append(("P%d" % pid, kind, sub,
                               str(birth + after * day)))
db.executemany("INSERT INTO person(id, family_name, given_name, birth_date,"
               " created_at, updated_at) VALUES (?,?,?,?,?,?)", people)
db.executemany("INSERT INTO family(id, contact_staff, created_at)"
               " VALUES (?,?,?)", families)
db.executemany("INSERT INTO member(family_id, person_id, role)"
               " VALUES (?,?,?)", members)
db.executemany("INSERT INTO pregnancy(mother_id, family_id, notified_on,"
               " due_date, created_at) VALUES (?,?,?,?,?)", pregnancies)
db.executemany("INSERT INTO event(subject, kind, subkind, date, created_at)"
               " VALUES (?,?,?,?,'x')", events)
db.commit()
db.execute("ANALYZE")
db.close()
PY
[ $? -eq 0 ] || { echo "due bench: cannot fill the database"; exit 0; }

listed=$(run --format tsv -c 'due --within 14' 2>/dev/null | tail -n +2 | wc -l)
start=$(mean3 -c quit)
query=$(mean3 -c 'due --within 14 --kind none')
table=$(mean3 -c 'due --within 14')
tsv=$(mean3 --format tsv -c 'due --within 14')
json=$(mean3 --format json -c 'due --within 14')

python3 - "$ROWS" "$listed" "$start" "$query" "$table" "$tsv" "$json" <<'PY'
import sys
rows, listed = sys.argv[1], int(sys.argv[2])
start, query, table, tsv, json = map(float, sys.argv[3:])
print(f"families: {rows}, entries listed by due --within 14: {listed:,}")
print(f"start-up (-c quit):  {start:8.3f} s\nagainst the start-up:")
for name, t in (("due --within 14 --kind none (no printing)", query),
                ("due --within 14 (table)", table),
                ("due --within 14, tsv", tsv),
                ("due --within 14, json", json)):
    print(f"{t:8.3f} s  ({t / start:5.2f}x start-up; target <= 2x)  {name}")
PY
exit 0
