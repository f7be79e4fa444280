#!/usr/bin/env python3
"""Checks samples/korea-2018.ndjson against the import format and the stories it must tell.

Usage: python3 samples/check_sample.py [path]   (stdlib only; exit code 0 when every check passes)

What it checks:
  - each line is a JSON object with key, record, command, body, editor (and optional comment, correction);
  - keys are unique, the first line of each record is `create`, command names are known;
  - body members are exactly those the C# bodies accept (unknown members are refused by the server);
  - every "@name" resolves to an earlier record (recordId) or an earlier line's key of the right kind
    on the same record (sources, itemId);
  - EDTF strings look plausible; status changes follow the lifecycle in valid-time order
    (corrections replace the latest entry of the same kind), after every line;
  - size (>= 9 records, >= 4 editors, >= 2 editors per record) and the sample's specific stories.
"""
import calendar
import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

EDIT = {"comment", "correction"}
STATUS = {"announce", "schedule", "reschedule", "postpone", "cancel", "reinstate", "hold"}
STATUS_FIELDS = {"on", "by", "reason", "sources", "start", "end"}
ALLOWED = {
    "create": {"kind", "title", "aliases", "summary", "tags", "timeZone"},
    "revise": {"kind", "title", "aliases", "summary", "tags", "timeZone"},
    "place": {"name", "locality", "country", "coordinates", "on"},
    "addParticipant": {"name", "role", "side"},
    "removeParticipant": {"itemId"},
    "changeParticipantRole": {"itemId", "role"},
    "addOutcome": {"text"},
    "retractOutcome": {"itemId"},
    "citeSource": {"url", "title", "publisher", "publishedOn", "quote"},
    "withdrawSource": {"itemId"},
    "addLink": {"relation", "recordId"},
    "removeLink": {"itemId"},
    **{name: STATUS_FIELDS for name in STATUS},
}
# which command added the item a remove/change command refers to
ITEM_OF = {
    "removeParticipant": "addParticipant", "changeParticipantRole": "addParticipant",
    "retractOutcome": "addOutcome", "withdrawSource": "citeSource", "removeLink": "addLink",
}
KINDS = {"summit", "talks", "meeting", "agreement", "announcement", "other"}
RELATIONS = {"followUpOf", "partOf", "precededBy", "relatedTo"}
LINE_REQUIRED = {"key", "record", "command", "body", "editor"}
LINE_OPTIONAL = {"comment", "correction"}
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
WIKI = "https://zh.wikipedia.org/wiki/2018年5月南北韓首腦會談"

# lifecycle: change -> (allowed from, becomes)
LIFECYCLE = {
    "announce": ({"proposed"}, "announced"),
    "schedule": ({"proposed", "announced"}, "scheduled"),
    "reschedule": ({"scheduled", "rescheduled", "postponed"}, "rescheduled"),
    "postpone": ({"announced", "scheduled", "rescheduled"}, "postponed"),
    "cancel": ({"proposed", "announced", "scheduled", "rescheduled", "postponed"}, "cancelled"),
    "reinstate": ({"cancelled", "postponed"}, "scheduled"),
    "hold": ({"proposed", "announced", "scheduled", "rescheduled"}, "held"),
}

# ---------------------------------------------------------------- EDTF (the subset a sample needs, plausibly)
_DATE = r"-?[0-9X]{4}(?:-[0-9X]{2}(?:-[0-9X]{2})?)?"
_TIME = r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?"
_POINT = rf"{_DATE}(?:{_TIME})?[?~%]?"
EDTF = re.compile(rf"^(?:{_POINT}|(?:{_POINT}|\.\.)?/(?:{_POINT}|\.\.)?)$")
_MIN, _MAX = datetime(1, 1, 1, tzinfo=timezone.utc), datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


def edtf_ok(text):
    if not isinstance(text, str) or not EDTF.match(text) or text in ("/", "../..", "../", "/.."):
        return False
    try:
        edtf_bounds(text)
        return True
    except ValueError:
        return False


def _point_bounds(text):
    text = text.rstrip("?~%")
    if "T" in text:
        if "X" in text:
            raise ValueError(text)
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value, value
    parts = text.split("-")
    year = parts[0]
    lo_y, hi_y = int(year.replace("X", "0")), int(year.replace("X", "9"))
    if len(parts) == 1:
        return datetime(lo_y, 1, 1, tzinfo=timezone.utc), datetime(hi_y, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    month = parts[1]
    lo_m = 1 if month == "XX" else int(month)
    hi_m = 12 if month == "XX" else int(month)
    if not (1 <= lo_m <= 12 and 1 <= hi_m <= 12):
        raise ValueError(text)
    last = calendar.monthrange(hi_y, hi_m)[1]
    if len(parts) == 2:
        return datetime(lo_y, lo_m, 1, tzinfo=timezone.utc), datetime(hi_y, hi_m, last, 23, 59, 59, tzinfo=timezone.utc)
    day = parts[2]
    lo_d = 1 if day == "XX" else int(day)
    hi_d = last if day == "XX" else int(day)
    start = datetime(lo_y, lo_m, lo_d, tzinfo=timezone.utc)  # raises on 2018-02-30
    end = datetime(hi_y, hi_m, hi_d, tzinfo=timezone.utc) + timedelta(days=1) - timedelta(seconds=1)
    return start, end


def edtf_bounds(text):
    if "/" in text:
        first, second = text.split("/", 1)
        lo = _point_bounds(first)[0] if first not in ("", "..") else _MIN
        hi = _point_bounds(second)[1] if second not in ("", "..") else _MAX
        return lo, hi
    return _point_bounds(text)


# ---------------------------------------------------------------- the checker
class Checker:
    def __init__(self, path):
        self.path = path
        self.errors = []
        self.records = {}          # local name -> {"lines": [...], "editors": set()}
        self.keys = {}             # key -> (line number, record, command, body)
        self.removed = set()       # item keys removed/retracted/withdrawn
        self.status = {}           # record -> list of entries
        self.lines = []

    def error(self, number, message):
        self.errors.append(f"line {number}: {message}")

    # -- per line
    def run(self):
        raw = Path(self.path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.errors.append(f"file is not UTF-8: {e}")
            return
        if text.startswith("\ufeff"):
            self.errors.append("file starts with a byte-order mark")
        if not text.endswith("\n"):
            self.errors.append("file does not end with a newline")
        for number, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), 1):
            if not line.strip():
                self.error(number, "blank line")
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as e:
                self.error(number, f"not JSON: {e}")
                continue
            self.lines.append((number, entry))
            self.check_line(number, entry)

    def check_line(self, n, entry):
        if not isinstance(entry, dict):
            return self.error(n, "not a JSON object")
        missing = LINE_REQUIRED - entry.keys()
        extra = entry.keys() - LINE_REQUIRED - LINE_OPTIONAL
        if missing:
            return self.error(n, f"missing fields {sorted(missing)}")
        if extra:
            self.error(n, f"unknown line fields {sorted(extra)}")
        key, record, command, body, editor = (entry[f] for f in ("key", "record", "command", "body", "editor"))
        for field in ("key", "record", "command", "editor"):
            if not isinstance(entry[field], str) or not entry[field].strip():
                return self.error(n, f"'{field}' must be a non-empty string")
        if "comment" in entry and not isinstance(entry["comment"], str):
            self.error(n, "'comment' must be a string")
        if "correction" in entry and not isinstance(entry["correction"], bool):
            self.error(n, "'correction' must be true or false")
        if key in self.keys or key in self.records:
            self.error(n, f"key '{key}' is not unique (or clashes with a record name)")
        if command not in ALLOWED:
            return self.error(n, f"unknown command '{command}'")
        if not isinstance(body, dict):
            return self.error(n, "body must be a JSON object")

        if record not in self.records:
            if command != "create":
                self.error(n, f"first line of record '{record}' is '{command}', not 'create'")
            if record in self.keys:
                self.error(n, f"record name '{record}' clashes with a line key")
            self.records[record] = {"lines": [], "editors": set()}
            self.status[record] = []
        elif command == "create":
            self.error(n, f"record '{record}' is created twice")
        self.records[record]["lines"].append((n, entry))
        self.records[record]["editors"].add(editor)

        unknown = body.keys() - ALLOWED[command] - EDIT
        if unknown:
            self.error(n, f"'{command}' body has members the server refuses: {sorted(unknown)}")
        if "comment" in body and not isinstance(body["comment"], str):
            self.error(n, "body 'comment' must be a string")
        if "correction" in body and not isinstance(body["correction"], bool):
            self.error(n, "body 'correction' must be true or false")
        if body.get("correction") and not entry.get("correction"):
            self.error(n, "body says correction but the line does not")

        self.check_references(n, record, command, body)
        getattr(self, f"body_{command}", self.body_status if command in STATUS else lambda *a: None)(n, record, command, body)
        self.keys[key] = (n, record, command, body)

    def check_references(self, n, record, command, body):
        def refs(value, path):
            if isinstance(value, str) and value.startswith("@"):
                yield path, value[1:]
            elif isinstance(value, dict):
                for k, v in value.items():
                    yield from refs(v, f"{path}.{k}")
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    yield from refs(v, f"{path}[{i}]")

        for path, name in refs(body, "body"):
            if path == "body.recordId":
                if name not in self.records:
                    self.error(n, f"{path} '@{name}' is not a record created earlier")
                elif name == record:
                    self.error(n, "a record cannot be linked to itself")
                continue
            if name not in self.keys:
                self.error(n, f"{path} '@{name}' does not name an earlier line")
                continue
            _, item_record, item_command, _ = self.keys[name]
            if item_record != record:
                self.error(n, f"{path} '@{name}' is an item of record '{item_record}', not '{record}'")
            wanted = "citeSource" if path.startswith("body.sources") else ITEM_OF.get(command)
            if wanted is None:
                self.error(n, f"{path} '@{name}': '{command}' takes no item reference there")
            elif item_command != wanted:
                self.error(n, f"{path} '@{name}' is a '{item_command}' line, expected '{wanted}'")
            elif name in self.removed:
                self.error(n, f"{path} '@{name}' was already removed")
        if command in ITEM_OF and command != "changeParticipantRole" and isinstance(body.get("itemId"), str):
            self.removed.add(body["itemId"][1:])
        if command in ITEM_OF and not (isinstance(body.get("itemId"), str) and body["itemId"].startswith("@")):
            self.error(n, f"'{command}' needs an \"itemId\": \"@key\"")

    # -- bodies
    def lang_text(self, n, field, value, required=False, names=False):
        if value is None:
            if required:
                self.error(n, f"'{field}' is required")
            return
        if not isinstance(value, dict) or (required and not value):
            return self.error(n, f"'{field}' must be an object from language tag to text")
        for tag, text in value.items():
            if not LANG_TAG.match(tag):
                self.error(n, f"'{field}': '{tag}' is not a BCP 47 tag")
            ok = (isinstance(text, list) and all(isinstance(t, str) and t.strip() for t in text)) if names \
                else (isinstance(text, str) and text.strip())
            if not ok:
                self.error(n, f"'{field}.{tag}' is not valid text")

    def details(self, n, body, creating):
        if creating or "kind" in body:
            if body.get("kind") not in KINDS:
                self.error(n, f"kind must be one of {sorted(KINDS)}")
        self.lang_text(n, "title", body.get("title"), required=creating)
        self.lang_text(n, "aliases", body.get("aliases"), names=True)
        self.lang_text(n, "summary", body.get("summary"))
        if "tags" in body and not (isinstance(body["tags"], list) and all(isinstance(t, str) and t for t in body["tags"])):
            self.error(n, "tags must be a list of strings")
        if "timeZone" in body and not (isinstance(body["timeZone"], str)
                                       and re.match(r"^[A-Z][A-Za-z_+-]+(/[A-Za-z0-9_+-]+)+$|^UTC$", body["timeZone"])):
            self.error(n, f"timeZone '{body.get('timeZone')}' does not look like an IANA zone")

    def body_create(self, n, record, command, body):
        self.details(n, body, creating=True)

    def body_revise(self, n, record, command, body):
        if not (body.keys() - EDIT):
            self.error(n, "the merge patch changes no field")
        self.details(n, body, creating=False)

    def body_place(self, n, record, command, body):
        self.lang_text(n, "name", body.get("name"), required=True)
        if "country" in body and not (isinstance(body["country"], str) and COUNTRY.match(body["country"])):
            self.error(n, "country must be an ISO 3166-1 alpha-2 code")
        coords = body.get("coordinates")
        if coords is not None:
            if not isinstance(coords, dict) or coords.keys() - {"lat", "lon"}:
                self.error(n, "coordinates take only lat and lon")
            elif not (-90 <= coords.get("lat", 0) <= 90 and -180 <= coords.get("lon", 0) <= 180):
                self.error(n, "coordinates out of range")
        if "on" in body and not edtf_ok(body["on"]):
            self.error(n, f"place 'on' '{body['on']}' is not EDTF")
        if body.get("correction") and "on" in body:
            self.error(n, "a place correction holds for all valid time; it must not carry 'on'")

    def body_addParticipant(self, n, record, command, body):
        self.lang_text(n, "name", body.get("name"), required=True)

    def body_addOutcome(self, n, record, command, body):
        self.lang_text(n, "text", body.get("text"), required=True)

    def body_citeSource(self, n, record, command, body):
        url = body.get("url")
        if not (isinstance(url, str) and re.match(r"^https?://[^\s/]+\.[^\s/]+/", url)):
            self.error(n, "url must be an absolute http(s) URL")
        elif url != WIKI:
            self.error(n, f"url '{url}' is not the sample's source article")
        if "publishedOn" in body and not edtf_ok(body["publishedOn"]):
            self.error(n, "publishedOn is not EDTF")

    def body_addLink(self, n, record, command, body):
        if body.get("relation") not in RELATIONS:
            self.error(n, f"relation must be one of {sorted(RELATIONS)}")
        if not (isinstance(body.get("recordId"), str) and body["recordId"].startswith("@")):
            self.error(n, "recordId must be \"@<record name>\"")

    def body_status(self, n, record, command, body):
        for field in ("on", "start", "end"):
            if field in body and not edtf_ok(body[field]):
                self.error(n, f"'{field}' '{body[field]}' is not EDTF")
        if "on" not in body:
            return self.error(n, "status changes need 'on'")
        if command in ("schedule", "reschedule") and "start" not in body:
            self.error(n, f"'{command}' needs 'start'")
        if command in ("announce", "postpone", "cancel") and ("start" in body or "end" in body):
            self.error(n, f"'{command}' takes no start or end")
        if "start" in body and "end" in body and edtf_ok(body["start"]) and edtf_ok(body["end"]):
            if edtf_bounds(body["end"])[1] < edtf_bounds(body["start"])[0]:
                self.error(n, "end is before start")
        if not isinstance(body.get("sources", []), list):
            self.error(n, "sources must be a list")
        if not edtf_ok(body["on"]):
            return
        entries = self.status[record]
        entry = {"change": command, "on": body["on"], "start": body.get("start"), "end": body.get("end"),
                 "number": n, "sources": body.get("sources", [])}
        if body.get("correction"):
            same = [e for e in entries if e["change"] == command]
            if not same:
                return self.error(n, f"correction: record '{record}' has no '{command}' entry to correct")
            wrong = same[-1]
            entry["number"] = wrong["number"]
            entry["corrects"] = dict(wrong)
            entries[entries.index(wrong)] = entry
        else:
            entries.append(entry)
        refusal = lifecycle_refusal(entries)
        if refusal:
            self.error(n, f"record '{record}': {refusal}")

    # -- whole file
    def final_status(self, record):
        status = "proposed"
        for entry in in_valid_time(self.status[record]):
            status = LIFECYCLE[entry["change"]][1]
        return status

    def links(self, record):
        added, removed = {}, set()
        for _, entry in self.records[record]["lines"]:
            if entry["command"] == "addLink":
                added[entry["key"]] = (entry["body"]["relation"], entry["body"]["recordId"][1:])
            elif entry["command"] == "removeLink":
                removed.add(entry["body"]["itemId"][1:])
        return {v for k, v in added.items() if k not in removed}

    def summary_checks(self):
        editors = {entry["editor"] for _, entry in self.lines}
        if len(self.records) < 9:
            self.errors.append(f"only {len(self.records)} records (need at least 9)")
        if len(editors) < 4:
            self.errors.append(f"only {len(editors)} editors (need at least 4)")
        for name, data in self.records.items():
            if len(data["editors"]) < 2:
                self.errors.append(f"record '{name}' has lines by only one editor")
            if not any(e["command"] == "citeSource" for _, e in data["lines"]):
                self.errors.append(f"record '{name}' cites no source")
        self.story_checks()

    def need(self, condition, message):
        if not condition:
            self.errors.append(f"story: {message}")

    def lines_of(self, record, command=None):
        return [e for _, e in self.records.get(record, {"lines": []})["lines"] if command in (None, e["command"])]

    def story_checks(self):
        expected = {
            "apr27": "held", "jun12": "held", "may26": "held", "jun01": "held", "jun14": "held",
            "jun18": "held", "jun22": "held", "may16": "cancelled", "sep18": "held",
        }
        for name, status in expected.items():
            self.need(name in self.records, f"record '{name}' is missing")
            if name in self.records:
                self.need(self.final_status(name) == status,
                          f"'{name}' ends {self.final_status(name)}, expected {status}")
        if set(expected) - self.records.keys():
            return

        # May 26: venue first wrong (和平之家, KR), later corrected to 統一閣 (KP) by another editor
        places = [(n, e) for n, e in self.records["may26"]["lines"] if e["command"] == "place"]
        wrong = [(n, e) for n, e in places
                 if e["body"]["name"].get("zh-Hant") == "和平之家" and not e["body"].get("correction")]
        fixed = [(n, e) for n, e in places if e["body"]["name"].get("zh-Hant") == "統一閣" and e["body"].get("correction")
                 and e.get("correction") and e["body"].get("country") == "KP"]
        self.need(wrong and fixed and wrong[0][0] < fixed[-1][0],
                  "may26: place entered as 和平之家 and later corrected to 統一閣 (line and body correction)")
        self.need(wrong and fixed and wrong[0][1]["editor"] != fixed[-1][1]["editor"],
                  "may26: the place correction is by a different editor")
        places = [e for _, e in places]
        self.need(places and places[-1]["body"]["name"].get("zh-Hant") == "統一閣", "may26: final place is 統一閣")
        sched = [e for e in self.status["may26"] if e["change"] in ("schedule", "hold")]
        self.need(any(e["start"] == "2018-05-26T15:00:00+09:00" and e["end"] == "2018-05-26T17:00:00+09:00"
                      for e in sched), "may26: 15:00–17:00 KST")
        self.need(len(self.lines_of("may26", "addParticipant")) >= 6, "may26: six participants")
        self.need(len(self.lines_of("may26", "addOutcome")) >= 3, "may26: three outcomes")
        self.need(any(e["body"].get("quote") for e in self.lines_of("may26", "citeSource")),
                  "may26: a reaction as a sourced quote")
        aliases = [a for e in self.lines_of("may26") if e["command"] in ("create", "revise")
                   for names in (e["body"].get("aliases") or {}).values() for a in names]
        self.need({"5.26南北韓首腦會談", "2018年第2次朝韩首脑会谈"} <= set(aliases), "may26: both aliases")

        # September: scheduled to the month, corrected to the days citing a source, then held in Pyongyang
        sep = self.status["sep18"]
        fixed = [e for e in sep if e["change"] == "schedule" and "corrects" in e]
        self.need(fixed and fixed[0]["corrects"]["start"] == "2018-09" and fixed[0]["start"] == "2018-09-18"
                  and fixed[0]["end"] == "2018-09-20" and fixed[0]["sources"],
                  "sep18: schedule '2018-09' corrected to 2018-09-18/2018-09-20 citing a source")
        self.need(any(e["body"].get("country") == "KP" for e in self.lines_of("sep18", "place")),
                  "sep18: place in Pyongyang (KP)")

        # US–DPRK summit: cancel then reinstate, held in Singapore
        changes = [e["change"] for e in in_valid_time(self.status["jun12"])]
        self.need(changes == ["announce", "schedule", "cancel", "reinstate", "hold"],
                  f"jun12: announce, schedule, cancel, reinstate, hold (got {changes})")
        self.need(self.lines_of("jun12", "place") and self.lines_of("jun12", "place")[-1]["body"].get("country") == "SG",
                  "jun12: place in Singapore (SG)")
        self.need(any(e["body"].get("timeZone") == "Asia/Singapore" for e in self.lines_of("jun12", "create")),
                  "jun12: time zone Asia/Singapore")

        # May 16: cancelled by the North, stays cancelled
        changes = [e["change"] for e in in_valid_time(self.status["may16"])]
        self.need(changes[-1:] == ["cancel"], "may16: ends with a cancellation")

        # links exactly as the facts say
        want = {
            "may26": {("followUpOf", "apr27"), ("relatedTo", "jun12")},
            "jun01": {("followUpOf", "may26"), ("followUpOf", "may16")},
            "jun14": {("followUpOf", "jun01")}, "jun18": {("followUpOf", "jun01")}, "jun22": {("followUpOf", "jun01")},
            "sep18": {("followUpOf", "may26"), ("followUpOf", "apr27")},
            "apr27": set(), "jun12": set(), "may16": set(),
        }
        for name, links in want.items():
            self.need(self.links(name) == links, f"{name}: links {sorted(self.links(name))}, expected {sorted(links)}")


def in_valid_time(entries):
    return sorted(entries, key=lambda e: (*edtf_bounds(e["on"]), e["number"]))


def lifecycle_refusal(entries):
    status = "proposed"
    for entry in in_valid_time(entries):
        allowed, becomes = LIFECYCLE[entry["change"]]
        if status not in allowed:
            return f"a {status} meeting cannot '{entry['change']}' on {entry['on']}"
        status = becomes
    return None


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).with_name("korea-2018.ndjson"))
    checker = Checker(path)
    checker.run()
    if checker.lines:
        checker.summary_checks()
    editors = sorted({e["editor"] for _, e in checker.lines})
    print(f"{path}: {len(checker.lines)} lines, {len(checker.records)} records ({', '.join(checker.records)}), "
          f"{len(editors)} editors ({', '.join(editors)})")
    for name in checker.records:
        history = " → ".join(e["change"] for e in in_valid_time(checker.status[name])) or "(none)"
        print(f"  {name:6} {checker.final_status(name):10} {history}")
    if checker.errors:
        for message in checker.errors:
            print(f"FAIL {message}")
        print(f"{len(checker.errors)} problem(s)")
        return 1
    print("OK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
