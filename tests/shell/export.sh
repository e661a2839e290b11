#!/bin/sh
# export.sh - export csv/json/xlsx and import json: CP932 with 髙, 﨑 and
# the wave dash, a character CP932 cannot hold named by row and column, the
# formula guard, CRLF and the byte order mark, a JSON round trip into a
# second database, an .xlsx read back from its XML, and the audit rows.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json, zipfile' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 45

T=$TSU_TMP
A=$T/a.db
B=$T/b.db

# py CODE ARG...: run python3 CODE with ARG... in sys.argv[1:].
py() {
	_code=$1
	shift
	python3 -c "$_code" "$@"
}

# A transfer file of two fictional families with the hard characters.
cat >"$T/in.json" <<'JSON'
{"format": "tsunagu-transfer", "version": 1, "families": [
 {"id": "F1", "members": [
   {"id": "P1", "role": "mother", "family_name": "髙橋", "given_name": "美咲",
    "family_name_kana": "たかはし", "given_name_kana": "みさき",
    "birth_date": "1995-05-01", "sex": "female", "phone": "090-0000-1111",
    "address": "つなぐ市1〜2丁目", "resident_code": "88000001"},
   {"id": "P2", "role": "child", "family_name": "髙橋", "given_name": "陽",
    "family_name_kana": "たかはし", "given_name_kana": "よう",
    "birth_date": "2026-01-10", "sex": "male"}],
  "pregnancies": [{"mother_id": "P1", "notified_on": "2025-06-01",
    "due_date": "2026-01-05", "handbook_no": "H-1", "outcome": "birth",
    "outcome_on": "2026-01-10", "child_id": "P2"}],
  "flags": [{"subject": "F1", "name": "isolation", "reason": "相談先がない"}],
  "timeline": [{"subject": "P1", "date": "2025-06-01", "kind": "form",
    "summary": "妊娠届出 面接"}]},
 {"id": "F2", "members": [
   {"id": "P3", "role": "mother", "family_name": "山﨑", "given_name": "=HYPERLINK(\"x\")",
    "family_name_kana": "やまざき", "given_name_kana": "あい",
    "birth_date": "1990-02-03", "sex": "female", "address": "-1+2"}]}]}
JSON

tsu_run --db "$A" --staff admin1 -c "import json $T/in.json"
ok "import json of a transfer file exits 0" [ "$rc" = 0 ]
ok "it says how many persons it added" \
	eval 'printf "%s\n" "$out" | grep -q "persons_added.*3"'

tsu_run --db "$A" --staff admin1 -c "import json $T/in.json"
ok "importing it again adds nobody" \
	eval 'printf "%s\n" "$out" | grep -q "persons_added: *0" && printf "%s\n" "$out" | grep -q "persons_matched: *3"'
ok "and no second pregnancy" \
	[ "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from pregnancy").fetchone()[0])' "$A")" = 1 ]

tsu_run --db "$A" --staff admin1 -c "staff add clerk1 --name 事務 --role clerk" \
	-c "staff add viewer1 --name 閲覧 --role viewer"
ok "staff for the permission tests" [ "$rc" = 0 ]

# ---- CSV ----

tsu_run --db "$A" --staff clerk1 -c "export csv persons -o $T/p932.csv --encoding cp932"
ok "export csv persons in cp932 exits 0" [ "$rc" = 0 ]
ok "it says how many rows it wrote" contains "$out" "persons: 3 rows written"
ok "the file is readable by its owner only" \
	[ "$(stat -c %a "$T/p932.csv")" = 600 ]
ok "髙 is written as 0xFBFC and 﨑 as 0xFAB1" \
	py 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(not (b"\xfb\xfc" in b and b"\xfa\xb1" in b))' "$T/p932.csv"
ok "the wave dash is written as 0x8160" \
	py 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(not ("1〜2".encode("cp932") in b and b"1\x81\x602" in b))' "$T/p932.csv"
ok "every line ends in CRLF and there is no BOM" \
	py 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(not (b.count(b"\r\n")==b.count(b"\n")==4 and not b.startswith(b"\xef\xbb\xbf")))' "$T/p932.csv"
ok "a cell starting with = gets an apostrophe (formula guard)" \
	py 'import sys,csv,io; r=list(csv.reader(io.StringIO(open(sys.argv[1],"rb").read().decode("cp932"))));
d={x[0]:x for x in r[1:]}; sys.exit(not (d["P3"][2]=="\x27=HYPERLINK(\"x\")" and d["P3"][8]=="\x27-1+2"))' "$T/p932.csv"
ok "the columns are the field ids" \
	py 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(not b.startswith(b"id,family_name,given_name,family_name_kana,given_name_kana,birth_date"))' "$T/p932.csv"

# The guard for the other starts: + @ and tab (the records put back after).
py 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1])
db.execute("update person set phone=?, address=? where id=1", ("+81-90-0000-1111", "@SUM(A1)"))
db.execute("update person set address=? where id=2", ("\tTAB",)); db.commit()' "$A"
tsu_run --db "$A" --staff clerk1 -c "export csv persons -o $T/guard.csv --encoding utf-8"
ok "cells starting with +, @ or a tab get an apostrophe too" \
	py 'import sys,csv; r=list(csv.reader(open(sys.argv[1],encoding="utf-8",newline="")))
d={x[0]:x for x in r[1:]}; sys.exit(not (d["P1"][7]=="\x27+81-90-0000-1111" and d["P1"][8]=="\x27@SUM(A1)" and d["P2"][8]=="\x27\tTAB"))' "$T/guard.csv"
py 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1])
db.execute("update person set phone=?, address=? where id=1", ("090-0000-1111", "つなぐ市1〜2丁目"))
db.execute("update person set address=NULL where id=2"); db.commit()' "$A"

tsu_run_env LANG=C.UTF-8 LC_ALL= -- --db "$A" --staff clerk1 -c "export csv persons -o $T/pbom.csv"
ok "outside a Japanese locale the default is UTF-8 with a BOM" \
	py 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(not (b.startswith(b"\xef\xbb\xbf") and "髙橋".encode() in b))' "$T/pbom.csv"
tsu_run_env LANG=ja_JP.UTF-8 LC_ALL= -- --db "$A" --staff clerk1 -c "export csv persons -o $T/pja.csv"
ok "in a Japanese locale the default is CP932" \
	py 'import sys; b=open(sys.argv[1],"rb").read(); sys.exit(not (b"\xfb\xfc" in b))' "$T/pja.csv"

tsu_run --db "$A" --staff clerk1 -c "export csv persons -o - --encoding utf-8"
ok "-o - writes the CSV to standard output" \
	eval 'contains "$out" "P3,山﨑" && ! contains "$out" "written"'

# A character CP932 cannot hold.
py 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute("update person set given_name=? where id=2", ("𠮷",)); db.commit()' "$A"
tsu_run --db "$A" --staff clerk1 -c "export csv persons -o $T/bad.csv --encoding cp932"
ok "a character cp932 cannot hold fails the export" [ "$rc" = 1 ]
ok "the error names the row, the id and the column" \
	eval 'contains "$err" "row 2 (P2): column 3 (given_name)" && contains "$err" "𠮷"'
ok "no file is left behind" [ ! -e "$T/bad.csv" ]
tsu_run --db "$A" --staff clerk1 -c "export csv persons -o $T/good.csv --encoding utf-8-bom"
ok "the same export in UTF-8 keeps it" \
	py 'import sys; sys.exit(not "𠮷".encode() in open(sys.argv[1],"rb").read())' "$T/good.csv"

tsu_run --db "$A" --staff clerk1 -c "export csv famlies -o $T/x.csv"
ok "a misspelt table is named with the nearest choice" \
	eval '[ "$rc" = 1 ] && contains "$err" "did you mean families?"'
tsu_run --db "$A" --staff clerk1 -c "export csv persons"
ok "a missing -o is named" contains "$err" "-o FILE is missing"
tsu_run --db "$A" --staff clerk1 -c "export csv persons -o $T/x.csv --encoding latin1"
ok "an unknown encoding is named with the choices" \
	contains "$err" "use utf-8, utf-8-bom or cp932"
tsu_run --db "$A" --staff viewer1 -c "export csv persons -o $T/x.csv"
ok "a viewer may not export" [ "$rc" = 1 ]

tsu_run --db "$A" --staff clerk1 -c "export csv pregnancies -o $T/preg.csv --encoding utf-8 --since R7.6.1"
ok "--since takes a 和暦 date and keeps the pregnancy notified then" \
	py 'import sys; t=open(sys.argv[1],encoding="utf-8",newline="").read(); sys.exit(not ("2025-06-01" in t and t.count("\r\n")==2))' "$T/preg.csv"
tsu_run --db "$A" --staff clerk1 -c "export csv pregnancies -o $T/preg2.csv --since 2025-06-02"
ok "and leaves it out for a later date" \
	py 'import sys; sys.exit(open(sys.argv[1],"rb").read().count(b"\r\n")!=1)' "$T/preg2.csv"

tsu_run --db "$A" --staff clerk1 -c "export csv all -o $T/all --encoding utf-8"
ok "export csv all writes one file per table" \
	eval '[ "$rc" = 0 ] && [ -f "$T/all/persons.csv" ] && [ -f "$T/all/families.csv" ] && [ -f "$T/all/flags.csv" ]'

# ---- JSON round trip ----

tsu_run --db "$A" --staff clerk1 -c "export json all -o $T/out.json"
ok "export json all exits 0" [ "$rc" = 0 ]
ok "it is a transfer summary with both families" \
	py 'import sys,json; v=json.load(open(sys.argv[1])); sys.exit(not (v["format"]=="tsunagu-transfer" and len(v["families"])==2 and v["families"][0]["pregnancies"][0]["due_date"]=="2026-01-05" and v["families"][0]["flags"][0]["name"]=="isolation"))' "$T/out.json"
tsu_run --db "$A" --staff clerk1 -c "export json p2 -o $T/one.json"
ok "export json of a member gives the family" \
	py 'import sys,json; v=json.load(open(sys.argv[1])); sys.exit(not (len(v["families"])==1 and len(v["families"][0]["members"])==2))' "$T/one.json"

tsu_run --db "$B" --staff admin2 -c "import json $T/out.json"
ok "import json into a second database exits 0" [ "$rc" = 0 ]
tsu_run --db "$A" --staff clerk1 -c "export csv persons -o $T/pa.csv --encoding utf-8"
tsu_run --db "$B" --staff admin2 -c "export csv persons -o $T/pb.csv --encoding utf-8"
ok "the persons read back are the same" \
	py 'import sys,csv
def rows(p):
    r=list(csv.reader(open(p,encoding="utf-8",newline="")))
    return [x[:15] for x in r]
sys.exit(rows(sys.argv[1])!=rows(sys.argv[2]))' "$T/pa.csv" "$T/pb.csv"
for t in pregnancies flags families; do
	tsu_run --db "$A" --staff clerk1 -c "export csv $t -o $T/a-$t.csv --encoding utf-8"
	tsu_run --db "$B" --staff admin2 -c "export csv $t -o $T/b-$t.csv --encoding utf-8"
done
ok "so are the pregnancies, flags and families" \
	py 'import sys,csv
def rows(p, n):
    return [x[:n] for x in csv.reader(open(p,encoding="utf-8",newline=""))]
ok = all(rows(sys.argv[1]+"/a-"+t+".csv", n) == rows(sys.argv[1]+"/b-"+t+".csv", n) for t,n in (("pregnancies",10),("flags",4),("families",6)))
sys.exit(not ok)' "$T"
ok "the timeline came along" \
	[ "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from event where summary=?", ("妊娠届出 面接",)).fetchone()[0])' "$B")" = 1 ]
echo '{"format": "other"}' >"$T/other.json"
tsu_run --db "$B" --staff admin2 -c "import json $T/other.json"
ok "a JSON file of another kind is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "not a transfer summary"'

# ---- Excel ----

tsu_run --db "$A" --staff clerk1 -c "export xlsx all -o $T/a.xlsx"
ok "export xlsx all exits 0" [ "$rc" = 0 ]
ok "the workbook has a sheet per table" \
	py 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); w=z.read("xl/workbook.xml").decode(); sys.exit(not all(("name=\"%s\"" % n) in w for n in ("persons","families","pregnancies","flags")))' "$T/a.xlsx"
ok "the header row is frozen" \
	py 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); s=z.read("xl/worksheets/sheet1.xml").decode(); sys.exit(not ("state=\"frozen\"" in s and "ySplit=\"1\"" in s))' "$T/a.xlsx"
ok "dates are real dates shown as yyyy-mm-dd" \
	py 'import sys,zipfile,re; z=zipfile.ZipFile(sys.argv[1]); st=z.read("xl/styles.xml").decode(); s=z.read("xl/worksheets/sheet1.xml").decode()
# 1995-05-01 is day 34820 of Excel
sys.exit(not ("yyyy-mm-dd" in st and re.search(r"<v>34820</v>", s)))' "$T/a.xlsx"
ok "Japanese text is kept and columns are widened for it" \
	py 'import sys,zipfile,re; z=zipfile.ZipFile(sys.argv[1]); ss=z.read("xl/sharedStrings.xml").decode(); s=z.read("xl/worksheets/sheet1.xml").decode()
w=[float(x) for x in re.findall(r"<col [^>]*width=\"([0-9.]+)\"", s)]
sys.exit(not ("髙橋" in ss and "山﨑" in ss and len(w)>=9 and max(w)>=18))' "$T/a.xlsx"

# ---- audit ----

tsu_run --db "$A" --staff admin1 --format json -c "audit"
ok "each export is in the audit trail with its rows and where it went" \
	eval 'contains "$out" "csv persons: 3 rows to $T/p932.csv (cp932)" && contains "$out" "xlsx all: " && contains "$out" "rows to $T/a.xlsx: persons 3, families 2, " && contains "$out" "json all: 2 families, 3 persons to $T/out.json"'

# audits DB: the number of rows in DB's audit trail.
audits() {
	py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from audit").fetchone()[0])' "$1"
}
# One act, one audit row: however many tables a folder or workbook holds.
before=$(audits "$A")
tsu_run --db "$A" --staff clerk1 -c "export csv all -o $T/all2 --encoding utf-8 --since 2025-01-01"
ok "export csv all writes one audit row" [ "$(audits "$A")" = $((before + 1)) ]
ok "naming the folder, the encoding, the date and each table's rows" \
	[ "$(py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select detail from audit order by id desc limit 1").fetchone()[0])' "$A")" = "csv all: 7 rows to $T/all2 (utf-8, since 2025-01-01): persons 3, families 2, pregnancies 1, plans 0, referrals 0, flags 1" ]
before=$(audits "$A")
tsu_run --db "$A" --staff clerk1 -c "export xlsx all -o $T/b.xlsx"
ok "export xlsx all writes one audit row" [ "$(audits "$A")" = $((before + 1)) ]

tap_done
