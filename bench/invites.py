"""Benchmark: interviews read out of mail (``watcher.invites.sighting``) on the invitations corpus.

    .venv/bin/python bench/invites.py [--part train] [--json-out FILE] [--errors]

Reads tests/data/invites/PART (``train`` by default; see tests/data/invites/README.md), and
reads every message as the engine does: ``mail.split_message``, ``mail.parse``, then
``invites.sighting`` with the mailbox's user as the own address, its time zone as ``tz`` and,
as ``earlier``, the mailbox's earlier mail tied to it (by sender, company domain or thread,
chosen as the engine chooses), each filed under the company its labels, or an earlier labeled
mail of its sender, say. Messages of a mailbox are read in order, so a message can be compared
with the interviews the labels say the mailbox already holds. It prints:

- interviews found: messages labeled ``interview`` or ``reschedule`` that gave an invitation;
- times right to the minute (the start; the end where the label has one), and the offset
  shown right (the zone the interview is in);
- companies, roles, formats and people (the interviewers, as a set) right, among those found;
- cancellations found: messages labeled ``cancel`` that gave a cancellation;
- traps: messages labeled ``nothing`` that gave a sighting the deciding code would act on:
  not a repeat (an invitation at the time of an interview already held, inside its span and
  of its company, or with the UID of one: a reminder or a block of it, which the deciding
  code drops; or a cancellation of the calendar event of one that has moved since to
  another time; repeats are counted apart), nor a sighting
  that can only change an interview already known (a cancellation, or a move that never
  says it is an interview: ``known_only``) when the mailbox holds none of its company;
- the median and the 95th percentile of the time per message.

Targets: interviews found >= 95 %, times right >= 95 % of those found, 0 traps. Exit 0 when
all hold, 1 when one is missed, 2 on an error. `--errors` lists each message read wrong: use
it on the training part only (the held-out part is for measuring, never for tuning).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.invites import ROOT as CORPUS  # noqa: E402
from tests.invites import CorpusError, Expected, Item, load  # noqa: E402
from watcher.engine import _EarlierMail  # noqa: E402
from watcher.invites import sighting  # noqa: E402
from watcher.lexicon import load_rules  # noqa: E402
from watcher.mail import parse, split_message  # noqa: E402
from watcher.models import EarlierMail, Sighting, SightingKind  # noqa: E402
from watcher.words import fold, split_words  # noqa: E402

FOUND = 0.95
TIMES_RIGHT = 0.95

_SUFFIXES = {"inc", "corp", "co", "llc", "ltd", "gmbh", "ag", "sa", "sas", "bv", "nv", "srl"}


def _company_key(name: str) -> str:
    words = split_words(fold(name))
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return "".join(words)


def _role_key(name: str) -> str:
    return " ".join(split_words(fold(name)))


def read(items: list[Item]) -> list[dict[str, object]]:
    """Return, per message, what was expected, what ``sighting`` said and how it compares."""
    lexicon = load_rules()
    results: list[dict[str, object]] = []
    held: dict[str, dict[str, Expected]] = {}  # per file: key -> the interview as labeled
    uids: dict[str, dict[str, str]] = {}  # per file: UID seen -> key
    earlier: dict[str, _EarlierMail] = {}  # per file: the mail read before
    companies: dict[str, dict[str, str]] = {}  # per file: sender -> company of its last label
    for item in items:
        mailbox = held.setdefault(item.source_file, {})
        seen_uids = uids.setdefault(item.source_file, {})
        before = earlier.setdefault(item.source_file, _EarlierMail(()))
        filed = companies.setdefault(item.source_file, {})
        message = parse(split_message(item.raw, item.folder, 1, None), "corpus")
        own = [item.user.rpartition("<")[2].rstrip(">").strip().lower()]
        started = time.perf_counter()
        said = sighting(
            message,
            own_addresses=own,
            lexicon=lexicon,
            tz=ZoneInfo(item.timezone),
            earlier=before.of(message, own, lexicon),
        )
        elapsed = time.perf_counter() - started
        address = message.sender.address.lower() if message.sender is not None else ""
        if item.interview is not None and item.interview.company:
            filed[address] = item.interview.company
        before.add(
            EarlierMail(
                message.date, address, message.subject, message.thread_root, filed.get(address, "")
            )
        )
        row = _compare(item, said, mailbox, seen_uids)
        row["ms"] = elapsed * 1000
        results.append(row)
        if item.interview is not None:
            if item.expect == "cancel":
                mailbox.pop(item.interview.key, None)
            else:
                mailbox[item.interview.key] = item.interview
                if said is not None and said.uid:
                    seen_uids[said.uid] = item.interview.key
    return results


def _compare(
    item: Item, said: Sighting | None, mailbox: dict[str, Expected], uids: dict[str, str]
) -> dict[str, object]:
    row: dict[str, object] = {
        "id": item.id,
        "file": item.source_file,
        "lang": item.lang,
        "source": item.source,
        "expect": item.expect,
        "said": "none" if said is None else str(said.kind),
        "evidence": "" if said is None else said.evidence,
        "note": item.note,
    }
    if said is not None:
        row["got"] = {
            "company": said.company,
            "role": said.role,
            "start": said.start.isoformat() if said.start else "",
            "end": said.end.isoformat() if said.end else "",
            "format": str(said.format),
            "interviewers": sorted(p.address for p in said.interviewers),
            "uid": said.uid,
        }
    want = item.interview
    if item.expect in ("interview", "reschedule") and want is not None:
        row["want"] = {
            "company": want.company,
            "role": want.role,
            "start": want.start.isoformat() if want.start else "",
            "end": want.end.isoformat() if want.end else "",
            "format": want.format,
            "interviewers": sorted(want.interviewers),
        }
        found = said is not None and said.kind is SightingKind.INVITE
        row["found"] = found
        if found and said is not None:
            row["time"] = said.start == want.start and (want.end is None or said.end == want.end)
            row["offset"] = (
                said.start is not None
                and want.start is not None
                and said.start.utcoffset() == want.start.utcoffset()
            )
            row["company"] = _company_key(said.company) == _company_key(want.company)
            row["role"] = _role_key(said.role) == _role_key(want.role)
            row["format"] = str(said.format) == want.format
            row["people"] = sorted(p.address for p in said.interviewers) == sorted(
                want.interviewers
            )
    elif item.expect == "cancel":
        row["found"] = said is not None and said.kind is SightingKind.CANCEL
    elif said is not None:
        repeat = said.kind is SightingKind.INVITE and (
            (said.uid and said.uid in uids)
            or any(said.start is not None and said.start == w.start for w in mailbox.values())
            or (not said.moved and any(_inside(said, w) for w in mailbox.values()))
        )
        # A cancellation of a calendar event the interview has left (moved since to another
        # time under a new event): the deciding code finds no round at its time.
        held = mailbox.get(uids.get(said.uid, "")) if said.uid else None
        stale = (
            said.kind is SightingKind.CANCEL
            and held is not None
            and held.start is not None
            and said.start is not None
            and held.start != said.start
        )
        # A cancellation of a calendar event whose interview is cancelled already (in words,
        # before its calendar caught up): the deciding code finds it cancelled.
        again = (
            said.kind is SightingKind.CANCEL
            and bool(said.uid)
            and said.uid in uids
            and uids[said.uid] not in mailbox
        )
        repeat = repeat or stale or again
        changes_only = said.kind is SightingKind.CANCEL or said.known_only
        holds_company = any(
            _company_key(said.company) == _company_key(w.company) for w in mailbox.values()
        )
        row["repeat"] = bool(repeat)
        row["trap"] = not repeat and (holds_company or not changes_only)
    return row


def _inside(said: Sighting, held: Expected) -> bool:
    """Whether a calendar event falls wholly inside the span of an interview the mailbox
    holds, of its company: a block of it (a session of an onsite with its own calendar
    event), which the deciding code drops."""
    return (
        bool(said.uid)
        and said.start is not None
        and held.start is not None
        and held.end is not None
        and held.start < said.start < held.end
        and (said.end or said.start) <= held.end
        and _company_key(said.company) == _company_key(held.company)
    )


def _share(rows: list[dict[str, object]], name: str) -> tuple[int, int]:
    return sum(bool(r.get(name)) for r in rows), len(rows)


def figures(results: list[dict[str, object]]) -> dict[str, object]:
    interviews = [r for r in results if r["expect"] in ("interview", "reschedule")]
    found = [r for r in interviews if r.get("found")]
    cancels = [r for r in results if r["expect"] == "cancel"]
    nothing = [r for r in results if r["expect"] == "nothing"]
    times = sorted(float(str(r["ms"])) for r in results)
    out: dict[str, object] = {
        "messages": len(results),
        "interviews_found": _share(interviews, "found"),
        "cancels_found": _share(cancels, "found"),
        "traps": [r["id"] for r in nothing if r.get("trap")],
        "repeats": [r["id"] for r in nothing if r.get("repeat")],
        "nothing": len(nothing),
        "median_ms": statistics.median(times) if times else 0.0,
        "p95_ms": times[int(len(times) * 0.95)] if times else 0.0,
    }
    for name in ("time", "offset", "company", "role", "format", "people"):
        out[name] = _share(found, name)
    return out


def _ratio(pair: object) -> str:
    hits, total = pair  # type: ignore[misc]
    return f"{hits}/{total} ({hits / total:.1%})" if total else "0/0"


def report(part: str, found: dict[str, object]) -> tuple[list[str], bool]:
    lines = [f"# invitations on tests/data/invites/{part}: {found['messages']} messages", ""]
    lines.append(f"interviews found: {_ratio(found['interviews_found'])}")
    for name, label in (
        ("time", "times right to the minute"),
        ("offset", "offset shown right"),
        ("company", "companies right"),
        ("role", "roles right"),
        ("format", "formats right"),
        ("people", "people right"),
    ):
        lines.append(f"  {label}: {_ratio(found[name])}")
    lines.append(f"cancellations found: {_ratio(found['cancels_found'])}")
    traps: list[str] = found["traps"]  # type: ignore[assignment]
    repeats: list[str] = found["repeats"]  # type: ignore[assignment]
    lines.append(
        f"traps that gave a sighting: {len(traps)} of {found['nothing']}"
        + (f" ({', '.join(traps)})" if traps else "")
    )
    lines.append(f"repeats of an interview already held: {len(repeats)}")
    lines.append(
        f"time per message: median {float(str(found['median_ms'])):.2f} ms, "
        f"95th percentile {float(str(found['p95_ms'])):.2f} ms"
    )
    hits, total = found["interviews_found"]  # type: ignore[misc]
    right, of = found["time"]  # type: ignore[misc]
    checks = [
        (f"interviews found >= {FOUND:.0%}", bool(total) and hits / total >= FOUND),
        (f"times right >= {TIMES_RIGHT:.0%}", bool(of) and right / of >= TIMES_RIGHT),
        ("0 traps", not traps),
    ]
    lines.append("")
    lines += [f"{'PASS' if ok else 'MISS'}  {name}" for name, ok in checks]
    return lines, all(ok for _, ok in checks)


def _errors(results: list[dict[str, object]]) -> list[str]:
    lines = []
    for r in results:
        wrong = [
            n
            for n in ("found", "time", "offset", "company", "role", "format", "people")
            if n in r and not r[n]
        ]
        if r.get("trap"):
            wrong.append("trap")
        if wrong:
            lines.append(f"{r['id']} ({r['file']}, {r['source']}, {r['lang']}): {', '.join(wrong)}")
            if r.get("note"):
                lines.append(f"    note: {r['note']}")
            lines.append(f"    want: {r.get('want', r['expect'])}")
            lines.append(f"    got:  {r['said']} {r.get('got', '')}")
            if r["evidence"]:
                lines.append(f"    why:  {r['evidence']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="train", help="the corpus part (default: train)")
    parser.add_argument("--json-out", type=Path, help="write the figures and rows as JSON")
    parser.add_argument("--errors", action="store_true", help="list each message read wrong")
    args = parser.parse_args(argv)
    try:
        items = load(CORPUS / args.part)
    except CorpusError as error:
        print(f"corpus error: {error}", file=sys.stderr)
        return 2
    if not items:
        print(f"no messages in {CORPUS / args.part}", file=sys.stderr)
        return 2
    results = read(items)
    found = figures(results)
    lines, ok = report(args.part, found)
    print("\n".join(lines))
    if args.errors:
        print("\n" + "\n".join(_errors(results)))
    if args.json_out:
        args.json_out.write_text(json.dumps({"figures": found, "rows": results}, indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
