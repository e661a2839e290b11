#!/bin/sh
# report.sh - `report monthly` and `report fiscal` against a hand-counted
# fixture: every JSON value checked, a municipality's own count added with
# define-report, the CSV file, the one-page PDF (pdftotext), wrong periods
# named with the form to give, and the audit row.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to build the fixture"
	exit 0
fi

tap_plan 29

T=$TSU_TMP
DB=$TSUNAGU_DB

# py CODE ARG...: run python3 CODE with ARG... in sys.argv[1:].
py() {
	_code=$1
	shift
	python3 -c "$_code" "$@"
}

# The program makes the database (core and plugin tables) and the staff.
tsu_run --staff admin1 -c "help report"
ok "help report exits 0" [ "$rc" = 0 ]
ok "help report shows an example" contains "$out" "report fiscal R8"

# The fixture, fictional, counted by hand below.  Fiscal year 2026 is
# 2026-04-01 .. 2027-03-31.
#   P1 mother, P2 child born 2026-05-10 (pregnancy 1, notified 2025-10-01)
#      visit on F1 2026-05-20: newborn and home visit done; no 4m checkup
#   P3 mother, P4 child born 2026-04-20, never visited; 4m checkup 08-25
#   P5 pregnant, notified 2026-05-02, form pregnancy 05-02, interview_8m
#      2026-10-01 (due 2026-11-30)
#   P6 pregnant, notified 2026-05-15, contact interview 05-15, due
#      2026-12-20, no 8-month interview
#   P7 mother, pregnancy notified 2026-01-10, due 2026-07-01, birth
#      2026-07-03, no child in the register: her 8-month interview (due
#      2026-05-06) is still overdue at the end of May
py '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
now = "2026-04-01T09:00:00"
for i, (fam, given, born) in enumerate([
        ("髙橋", "美咲", "1995-05-01"), ("髙橋", "陽", "2026-05-10"),
        ("山﨑", "愛", "1990-02-03"), ("山﨑", "蒼", "2026-04-20"),
        ("佐藤", "花", "1998-01-01"), ("鈴木", "葵", "1999-01-01"),
        ("田中", "結", "1997-01-01")], 1):
    c.execute("INSERT INTO person(id, family_name, given_name, birth_date,"
              " created_at, updated_at) VALUES(?,?,?,?,?,?)",
              (i, fam, given, born, now, now))
for f in (1, 2, 3):
    c.execute("INSERT INTO family(id, created_at) VALUES(?,?)", (f, now))
for fam, person, role in [(1, 1, "mother"), (1, 2, "child"),
                          (2, 3, "mother"), (2, 4, "child"),
                          (3, 5, "mother")]:
    c.execute("INSERT INTO member VALUES(?,?,?)", (fam, person, role))
for mother, fam, notified, due, outcome, on, child in [
        (1, 1, "2025-10-01", "2026-05-12", "birth", "2026-05-10", 2),
        (5, 3, "2026-05-02", "2026-11-30", None, None, None),
        (6, None, "2026-05-15", "2026-12-20", None, None, None),
        (7, None, "2026-01-10", "2026-07-01", "birth", "2026-07-03", None)]:
    c.execute("INSERT INTO pregnancy(mother_id, family_id, notified_on,"
              " due_date, outcome, outcome_on, child_id, created_at)"
              " VALUES(?,?,?,?,?,?,?,?)",
              (mother, fam, notified, due, outcome, on, child, now))
for subject, kind, sub, date in [
        ("F1", "contact", "visit", "2026-05-20"),
        ("P5", "form", "pregnancy", "2026-05-02"),
        ("P6", "contact", "interview", "2026-05-15"),
        ("P5", "form", "interview_8m", "2026-10-01"),
        ("P4", "form", "checkup_4m", "2026-08-25"),
        ("P2", "contact", "checkup", "2026-09-01"),
        ("P3", "contact", "phone", "2026-05-03")]:
    c.execute("INSERT INTO event(subject, kind, subkind, date, summary,"
              " created_at) VALUES(?,?,?,?,?,?)",
              (subject, kind, sub, date, "fixture", now))
# plans: a support plan (05-05) reviewed on 08-01, a self-plan (06-01)
# closed on 12-01
for row in [(1, 1, 1, None, 1, "support", "closed", "2026-05-05",
             "2026-08-01", "reviewed"),
            (2, 1, 2, 1, 1, "support", "open", "2026-08-01", None, None),
            (3, 3, 1, None, 2, "self", "closed", "2026-06-01",
             "2026-12-01", "done")]:
    c.execute("INSERT INTO plan(id, series_id, version, previous_id,"
              " family_id, kind, status, created_on, closed_on,"
              " close_reason) VALUES(?,?,?,?,?,?,?,?,?,?)", row)
c.execute("INSERT INTO agency VALUES(1, \"つなぐ病院\", \"hospital\", NULL,"
          " NULL, ?, ?)", (now, now))
c.execute("INSERT INTO agency VALUES(2, \"児童相談所\", \"child-guidance\","
          " NULL, NULL, ?, ?)", (now, now))
for subject, agency, status, sent in [("F1", 1, "sent", "2026-05-10"),
                                      ("F2", 2, "accepted", "2026-06-10"),
                                      ("P6", 1, "sent", "2026-07-01"),
                                      ("F3", 1, "proposed", None)]:
    c.execute("INSERT INTO referral(subject, agency_id, reason, consent,"
              " status, sent_on, created_on, created_at)"
              " VALUES(?,?,?,1,?,?,?,?)",
              (subject, agency, "fixture", status, sent,
               sent or "2026-08-01", now))
for subject, name, since in [("F2", "要支援児童", "2026-06-01"),
                             ("P6", "特定妊婦", "2026-05-20")]:
    c.execute("INSERT INTO designation(subject, name, since, created_at)"
              " VALUES(?,?,?,?)", (subject, name, since, now))
c.commit()
' "$DB"

# values ID: the report in $out (JSON) as "id=value" lines.
values() {
	printf "%s" "$out" | py '
import json, sys
for r in json.load(sys.stdin):
    v = r["value"]
    print("%s=%s" % (r["id"], "null" if v is None else v))
'
}

tsu_run --staff admin1 --format json -c "report fiscal 2026"
ok "report fiscal 2026 exits 0" [ "$rc" = 0 ]
got=$(values)
expected="pregnancy-notifications=2
interviews=2
interviews-8m=1
births=3
newborn-visit-eligible=2
newborn-visits=1
newborn-visit-rate=50
home-visit-eligible=2
home-visits=1
home-visit-rate=50
checkup-4m=1
checkup-18m=0
checkup-3y=0
checkup-contacts=1
plans-made=1
plans-reviewed=1
plans-closed=1
self-plans=1
referrals/child-guidance=1
referrals/hospital=2
designations/特定妊婦=1
designations/要支援児童=1
overdue-interview-8m=1
overdue-newborn-visit=1
overdue-home-visit=1
overdue-checkup-4m=1"
ok "fiscal 2026: every count as counted by hand" [ "$got" = "$expected" ]
[ "$got" = "$expected" ] || printf "%s\n" "$got" | sed 's/^/# /'
ok "each row has id, section, label, value and note" eval \
	'printf "%s" "$out" | py "import json,sys; r=json.load(sys.stdin); sys.exit(0 if all(sorted(x)==[\"id\",\"label\",\"note\",\"section\",\"value\"] for x in r) and r[0][\"label\"]==\"妊娠届出数\" else 1)"'

tsu_run --staff admin1 --format json -c "report fiscal R8"
ok "report fiscal R8 (和暦) is fiscal 2026" [ "$(values)" = "$expected" ]
tsu_run --staff admin1 --format json -c "report fiscal 令和8年度"
ok "report fiscal 令和8年度 too" [ "$(values)" = "$expected" ]

tsu_run --staff admin1 --format json -c "report monthly 2026-05"
ok "report monthly 2026-05 exits 0" [ "$rc" = 0 ]
got=$(values)
expected="pregnancy-notifications=2
interviews=2
interviews-8m=0
births=1
newborn-visit-eligible=1
newborn-visits=0
newborn-visit-rate=0
home-visit-eligible=0
home-visits=0
home-visit-rate=null
checkup-4m=0
checkup-18m=0
checkup-3y=0
checkup-contacts=0
plans-made=1
plans-reviewed=0
plans-closed=0
self-plans=0
referrals/hospital=1
designations/特定妊婦=1
overdue-interview-8m=1
overdue-newborn-visit=1
overdue-home-visit=0
overdue-checkup-4m=0"
ok "monthly 2026-05: every count as counted by hand" [ "$got" = "$expected" ]
[ "$got" = "$expected" ] || printf "%s\n" "$got" | sed 's/^/# /'
tsu_run --staff admin1 --format json -c "report monthly R8.5"
ok "report monthly R8.5 is 2026-05" [ "$(values)" = "$expected" ]

tsu_run --staff admin1 --format json -c "report monthly 2026-04"
ok "a month with no referral shows referrals 0" \
	eval 'values | grep -qx "referrals=0"'
ok "and a rate with nobody eligible is null" \
	eval 'values | grep -qx "home-visit-rate=null"'

tsu_run --staff admin1 -c "report monthly 2026-05"
ok "the table names the counts in Japanese" contains "$out" "乳児家庭全戸訪問 訪問率"

# A municipality's own count, from its script.
cat >"$T/local.scm" <<'EOF'
(define-report 'phone-contacts
  #:label "電話相談" #:section "相談"
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM event WHERE kind = 'contact'
        AND subkind = 'phone' AND date BETWEEN ?1 AND ?2" from to)))
EOF
tsu_run --staff admin1 --format json -l "$T/local.scm" \
	-c "report monthly 2026-05"
ok "a count added with define-report is in the report" \
	eval 'values | tail -n 1 | grep -qx "phone-contacts=1"'

cat >"$T/bad.scm" <<'EOF'
(define-report 'broken #:label "壊れた集計"
  (lambda (from to) (report-count "SELECT count(*) FROM nowhere")))
EOF
tsu_run --staff admin1 -l "$T/bad.scm" -c "report monthly 2026-05"
ok "a failing definition fails the report" [ "$rc" != 0 ]
ok "and names the table" contains "$err" "nowhere"

# CSV.
tsu_run --staff admin1 -c "report monthly 2026-05 -o $T/m.csv --encoding utf-8"
ok "report -o FILE.csv exits 0" [ "$rc" = 0 ]
ok "the CSV has a header row and the counts" eval \
	'py "import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding=\"utf-8\", newline=\"\"))); sys.exit(0 if r[0]==[\"id\",\"section\",\"label\",\"value\",\"note\",\"from\",\"to\"] and r[1]==[\"pregnancy-notifications\",\"妊娠・出産\",\"妊娠届出数\",\"2\",\"\",\"2026-05-01\",\"2026-05-31\"] else 1)" "$T/m.csv"'
ok "with CRLF line ends" eval 'head -n 1 "$T/m.csv" | od -c | grep -q "\\\\r  \\\\n"'

# audits: the number of rows in the audit trail.
audits() {
	py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit").fetchone()[0])' "$DB"
}

# PDF.  Its counts are many queries (and a chart of twelve months): the
# report is still one act, one audit row.
before=$(audits)
tsu_run --staff admin1 -c "report fiscal 2026 -o $T/fy.pdf"
ok "report fiscal -o FILE.pdf exits 0" [ "$rc" = 0 ]
ok "and writes exactly one audit row" [ "$(audits)" = $((before + 1)) ]
before=$(audits)
tsu_run --staff admin1 -c "report monthly 2026-05"
ok "so does a report shown on the screen" [ "$(audits)" = $((before + 1)) ]
before=$(audits)
tsu_run --staff admin1 -c "(length (query \"SELECT 1\"))"
ok "a query at the prompt is still audited on its own" \
	[ "$(audits)" = $((before + 1)) ]
if command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null; then
	ok "the PDF is one A4 page" eval \
		'pdfinfo "$T/fy.pdf" | grep -q "^Pages: *1$" && pdfinfo "$T/fy.pdf" | grep -q "595.* x 842"'
	txt=$(pdftotext -layout "$T/fy.pdf" -)
	ok "it holds the title, the counts and the months of the chart" eval \
		'contains "$txt" "2026年度" && contains "$txt" "妊娠届出数" && contains "$txt" "乳児家庭全戸訪問 訪問率" && contains "$txt" "4月" && contains "$txt" "3月" && contains "$txt" "出生"'
else
	skip "the PDF is one A4 page" "poppler-utils not installed"
	skip "it holds the title, the counts and the months" \
		"poppler-utils not installed"
fi
tsu_run --staff admin1 -c "report monthly 2026-05 -o $T/m.pdf"
ok "a monthly PDF is refused with the way to get one" eval \
	'[ "$rc" != 0 ] && contains "$err" "report fiscal 2026 -o"'

# Wrong input is named with what to give.
tsu_run --staff admin1 -c "report monthly 2026-13"
ok "a month 13 is refused" eval \
	'[ "$rc" != 0 ] && contains "$err" "\"2026-13\": not a month"'
tsu_run --staff admin1 -c "report yearly 2026"
ok "an unknown kind of report suggests fiscal" eval \
	'[ "$rc" != 0 ] && contains "$err" "did you mean fiscal"'

ok "each report is recorded as an export in the audit trail" eval \
	'[ "$(py "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from audit where action = ? and detail like ?\", (\"export\", \"report fiscal 2026 (2026-04-01..2027-03-31): % rows to %fy.pdf\")).fetchone()[0])" "$DB")" = 1 ]'

tap_done
