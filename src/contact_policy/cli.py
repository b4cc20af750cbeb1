"""The ``contact-policy`` command-line tool (argparse only; the logic lives in the library).

``contact-policy due --at 2026-11-20T15:00-05:00 --voicemail`` answers "when must this call be
returned?" under the built-in default policy (or ``--policy FILE``); ``--json`` prints one JSON
object. ``contact-policy report LOG.csv [--html OUT] [--json] [--skip-bad]`` gives the
adherence record of a call log. ``contact-policy validate FILE...`` prints every problem of
policy files, one per line as ``FILE:LINE PATH: MESSAGE`` (``--json``: a list of objects),
and exits with status 2 when there is one; ``contact-policy schema [--history]`` prints the
JSON Schema of policy (or policy-history) files. Bad input prints a one-line error and exits
with status 2; with ``--json`` the error is ``{"error": {"code": ..., "field": ..., "message":
...}}`` on standard output (codes: docs/errors.md). An option the policy would ignore
(``--session`` without a sessions rule) gets a warning on standard error.

One file: the console tool is one argument parser whose subcommands share their option parsers,
policy loading and error printing; each subcommand's work lives in the module it names.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn

from ._model import get_zone
from ._time import MAX_YEAR, MIN_YEAR, aware_us, is_aware
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .errors import ContactPolicyError, OutOfRangeError, PolicyFileError, PolicyValidationError
from .history import PolicyHistory
from .loading import check_file, default_policy, load_policy
from .policy import Policy
from .wording import exact_words, letter_when, possessive, when

__all__ = ["build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    #: Set by :func:`main` when the command line asks for --json (errors are then JSON too).
    json_errors = False
    #: The error of ours behind an argument's refusal (its code goes into --json), if any.
    found: ContactPolicyError | None = None

    def error(self, message: str) -> NoReturn:
        found, _Parser.found = _Parser.found, None
        if found is not None:  # ours, reported as main() reports it: "argument --at: ..."
            option = message.partition(":")[0].removeprefix("argument ").split("/")[-1]
            field = option.lstrip("-").replace("-", "_") or None
            raise type(found)(message, path=field)
        if _Parser.json_errors:
            print(_json_error("usage", None, message))
            self.exit(2)
        self.exit(2, f"contact-policy: error: {message}\n")


def _json_error(code: str, field: str | None, message: str) -> str:
    return json.dumps({"error": {"code": code, "field": field, "message": message}})


def _aware(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not an ISO 8601 time; write e.g. 2026-11-20T15:00-05:00"
        raise argparse.ArgumentTypeError(msg) from None
    if not is_aware(value):
        msg = f"{text!r} has no UTC offset; write e.g. 2026-11-20T15:00-05:00"
        raise argparse.ArgumentTypeError(msg)
    try:  # every time argument is range-checked here, before anything converts it
        aware_us(value, "time", in_years=True)
    except OutOfRangeError:
        msg = f"{text} lies outside the supported years {MIN_YEAR} to {MAX_YEAR}"
        _Parser.found = OutOfRangeError(msg)
        raise argparse.ArgumentTypeError(msg) from None
    return value


def _policy(args: argparse.Namespace) -> Policy | PolicyHistory:
    if args.policy is None:
        return default_policy()
    if not args.policy.strip():
        msg = "--policy needs the path of a policy file (leave it out for the default policy)"
        raise PolicyFileError(msg, path="policy")
    return load_policy(args.policy)


def _policy_at(args: argparse.Namespace) -> tuple[Policy, str | None]:
    """The policy that answers for ``--at`` (a history's version in force then), and for a
    history which version that is, in words."""
    source = _policy(args)
    if not isinstance(source, PolicyHistory):
        return source, None
    index = source.index_at(args.at, name="--at")
    version = source.versions[index]
    since = letter_when(version.effective.astimezone(version.policy.tz))
    return version.policy, f"{index + 1} of {len(source.versions)}, in force from {since}"


def _warn(text: str) -> None:
    print(f"contact-policy: warning: {text}", file=sys.stderr)


def _warn_ignored(args: argparse.Namespace, policy: Policy) -> None:
    """Say on standard error which options this policy has no rule to read."""
    kinds = {getattr(rule, "kind", None) for rule in policy.rules}
    clients = any(getattr(rule, "zone", None) == "client" for rule in policy.rules)
    if args.client_zone is not None and not (args.command == "due" and clients):
        _warn("--client-zone is ignored: no rule of the policy reads the client's zone")
    if getattr(args, "session", None) and "no_calls_during_sessions" not in kinds:
        _warn("--session is ignored: the policy has no no_calls_during_sessions rule")
    if getattr(args, "recent", None) and "frequency" not in kinds:
        _warn("--recent is ignored: the policy has no frequency rule")


def _contact(args: argparse.Namespace) -> Contact:
    extra: dict[str, Any] = {}
    for name in ("voicemail", "direction", "line", "topic", "expected", "scheduled"):
        if getattr(args, name, None) is not None:
            extra[name] = getattr(args, name)
    return Contact(
        args.at,
        urgency=args.urgency,
        channel=args.channel,
        client_zone=args.client_zone,
        **extra,
    )


def _session(text: str) -> tuple[datetime, datetime]:
    start, sep, end = text.partition("/")
    if not sep:
        msg = (
            f"{text!r} is not START/END; write e.g. 2026-11-23T10:00-05:00/2026-11-23T10:50-05:00"
        )
        raise argparse.ArgumentTypeError(msg)
    return _aware(start), _aware(end)


def _in_bounds(args: argparse.Namespace) -> int:
    policy, version = _policy_at(args)
    contact = _contact(args)
    _warn_ignored(args, policy)
    verdict = policy.in_bounds(contact, sessions=args.session, history=args.recent)
    if args.json:
        print(json.dumps(verdict.to_json_dict(), indent=2))
        return 0
    print(f"policy:    {policy.name or '(unnamed)'} ({policy.zone})")
    if version is not None:
        print(f"version:   {version}")
    print(f"contact:   {when(args.at.astimezone(policy.tz))}")
    print(f"allowed:   {'yes' if verdict.allowed else 'no'}")
    print(f"route:     {verdict.route}")
    if verdict.route.instructions:
        print(f"say:       {verdict.route.instructions}")
    print("why:")
    for reason in verdict.reasons:
        print(f"  - {reason.rule}: {reason.text}")
    for flag in verdict.flags:
        print(f"  ! {flag.rule}: {flag.text}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.files:
        return _validate_files([*args.files, *([args.policy] if args.policy else [])], args)
    source = _policy(args)
    where = args.policy or "the default policy"
    if not isinstance(source, PolicyHistory):
        if args.json:
            facts = {"name": source.name, "zone": source.zone, "rules": len(source.rules)}
            print(json.dumps({"valid": True, "kind": "policy", **facts}, indent=2))
            return 0
        rules = f"{len(source.rules)} rule{'s' if len(source.rules) != 1 else ''}"
        print(f"valid:     {where}: {source.name or '(unnamed)'} ({source.zone}), {rules}")
        return 0
    changes, findings = source.changes(), source.check(policies=False)
    if args.json:
        data = source.model_dump(mode="json")
        versions = [
            {"number": i, "effective": v["effective"], "announced": v["announced"]}
            | {"name": v["policy"]["name"], "zone": v["policy"]["zone"]}
            for i, v in enumerate(data["versions"], 1)
        ]
        print(
            json.dumps(
                {
                    "valid": True,
                    "kind": "history",
                    "notice": data["notice"],
                    "versions": versions,
                    "changes": [c.text for c in changes],
                    "findings": [{"severity": f.severity.value, "text": f.text} for f in findings],
                },
                indent=2,
            )
        )
        return 0
    count = len(source.versions)
    print(
        f"valid:     {where}: a policy history of {count} version{'s' if count != 1 else ''}, "
        f"{possessive(exact_words(source.notice))} notice required"
    )
    for number, version in enumerate(source.versions, 1):
        tz = version.policy.tz
        print(
            f"  {number}. from {letter_when(version.effective.astimezone(tz))} (announced "
            f"{letter_when(version.announced.astimezone(tz))}): "
            f"{version.policy.name or '(unnamed)'} ({version.policy.zone})"
        )
    if changes:
        print("changes:")
        for change in changes:
            print(f"  - {change.text}")
    for finding in findings:
        print(f"{finding.severity.value}:{' ' * (10 - len(finding.severity.value))}{finding.text}")
    return 0


def _check(args: argparse.Namespace) -> int:
    """``contact-policy check FILE``: the findings of ``Policy.check()`` (for a history, its
    own and each version's); status 1 when one is an error."""
    zones = [get_zone(z, "--client-zone").key for z in args.client_zones or ()]
    if args.horizon is not None and args.horizon <= 0:
        msg = f"--horizon {args.horizon} is not a positive number of days; pass e.g. 365"
        raise PolicyValidationError(msg, path="--horizon")
    options: dict[str, Any] = {"client_zones": zones}
    if args.client_hours is not None:
        options["client_hours"] = _client_hours(args.client_hours)
    if args.horizon is not None:
        options["horizon"] = timedelta(days=args.horizon)
    source = load_policy(args.file)
    found = list(source.check(args.start, **options))
    if args.json:
        print(json.dumps([f.model_dump(mode="json") for f in found], indent=2))
    else:
        for f in found:
            print(f"{f}  [{', '.join(f.rules)}]" if f.rules else str(f))
        if not found:
            print(f"{args.file}: no findings")
    return 1 if any(f.severity.value == "error" for f in found) else 0


def _client_hours(text: str) -> tuple[time, time]:
    """``--client-hours 07:00-21:00``: the first and last reasonable local times."""
    first, sep, last = text.partition("-")
    try:
        if not sep:
            raise ValueError
        bounds = (time.fromisoformat(first.strip()), time.fromisoformat(last.strip()))
    except ValueError:
        bounds = None
    if bounds is None or bounds[0] >= bounds[1] or any(b.tzinfo for b in bounds):
        msg = f"--client-hours {text!r} is not two times, the earlier first; pass e.g. 07:00-21:00"
        raise PolicyValidationError(msg, path="--client-hours")
    return bounds


def _validate_files(files: list[str], args: argparse.Namespace) -> int:
    """Every problem of each file, one a line (or a JSON list); status 2 when there is one."""
    problems = [(name, check_file(name)) for name in files]
    if args.json:
        print(json.dumps([p.to_json_dict() for _, found in problems for p in found], indent=2))
    else:
        for name, found in problems:
            for problem in found:
                print(problem)
            if not found:
                print(f"{name}: valid")
    count = sum(len(found) for _, found in problems)
    if not count:
        return 0
    bad = sum(1 for _, found in problems if found)
    if not args.json:
        print(
            f"contact-policy: {count} problem{'s' if count != 1 else ''} in {bad} of "
            f"{len(files)} file{'s' if len(files) != 1 else ''}",
            file=sys.stderr,
        )
    return 2


def _schema(args: argparse.Namespace) -> int:
    from .formats.schema import schema_text

    print(schema_text(history=args.history), end="")
    return 0


def _describe(args: argparse.Namespace) -> int:
    source = _policy(args)
    at = args.at  # without --at, a history's latest version (the tool reads no clock)
    if isinstance(source, PolicyHistory):
        policy = source.versions[-1].policy if at is None else source.at(at)
    else:
        policy = source
        if at is not None:
            _warn("--at is ignored: the policy is no history, so it is the same at every time")
    greeting = args.greeting or args.name is not None
    if greeting and args.markdown:
        _warn("--markdown is ignored: the voicemail greeting is plain text, to be spoken")
    form = "markdown" if args.markdown and not greeting else "text"
    if greeting:
        text = policy.voicemail_greeting(name=args.name)
    elif isinstance(source, PolicyHistory):
        text = source.describe(at, format=form)
    else:
        text = policy.describe(format=form)
    if args.json:
        data: dict[str, Any] = {
            "policy": policy.name,
            "format": "greeting" if greeting else form,
            "text": text,
        }
        if isinstance(source, PolicyHistory) and not greeting:
            data["changes"] = [c.text for c in source.changes()]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(text)
    return 0


def _convert(args: argparse.Namespace) -> int:
    from .formats.convert import convert

    holidays = tuple(h.strip() for h in args.holidays.split(",") if h.strip())
    try:
        text = convert(
            args.file,
            args.to,
            source_format=args.source_format,
            zone=args.zone,
            holidays=holidays,
            start=args.start,
            end=args.end,
            events=args.events,
        )
    except PolicyValidationError as exc:
        if exc.path != "holidays" or args.end is not None:
            raise
        # The writers' words name their Python arguments; here they are --start and --end.
        msg = (
            f"holidays: the calendar closes on public holidays, which {args.to} cannot name as a "
            "calendar; pass --start DATE and --end DATE to write those of that range as "
            "dates, or convert a calendar without holidays"
        )
        raise PolicyValidationError(msg, path="holidays") from None
    if args.output:
        _write(args.output, [text], field="output")
    else:
        print(text, end="")
    return 0


def _week(args: argparse.Namespace) -> int:
    """``contact-policy week``: one week drawn as SVG (``--svg OUT``, or standard output) or
    an HTML page (``--html OUT``). The week holds --from, else --call, else the reference
    date of ``check`` (the tool reads no clock)."""
    from ._check import DEFAULT_START
    from .week import load_sessions, week_html, week_start, week_svg

    source = _policy(args)
    if isinstance(source, PolicyHistory):  # the version in force at the call, else on Monday
        monday = week_start(args.from_date or DEFAULT_START)
        at = args.call or datetime.combine(
            monday, datetime.min.time(), source.versions[-1].policy.tz
        )
        policy = source.at(at)
    else:
        policy = source
    day = args.from_date
    if day is None:
        day = DEFAULT_START if args.call is None else args.call.astimezone(policy.tz).date()
    call = None
    if args.call is not None:
        voicemail = True if args.voicemail is None else args.voicemail
        call = Contact(args.call, voicemail=voicemail, urgency=args.urgency or "routine")
    else:
        for given, option in ((args.voicemail, "--voicemail"), (args.urgency, "--urgency")):
            if given is not None:
                _warn(f"{option} is ignored: it describes the --call, and there is none")
    sessions: list[Any] = list(args.session)
    if args.sessions:
        schedule = load_sessions(args.sessions)
        sessions += [*schedule.sessions, *schedule.series]
    if args.html:
        _write(args.html, [week_html(policy, day, call=call, sessions=sessions or None)])
    elif args.svg:
        picture = week_svg(policy, day, call=call, sessions=sessions or None)
        _write(args.svg, [picture], field="svg")
    else:
        print(week_svg(policy, day, call=call, sessions=sessions or None), end="")
    return 0


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date; write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _due(args: argparse.Namespace) -> int:
    policy, version = _policy_at(args)
    contact = _contact(args)
    _warn_ignored(args, policy)
    obligation = policy.return_by(contact)
    if args.json:
        print(json.dumps(obligation.to_json_dict(), indent=2))
        return 0
    print(f"policy:    {policy.name or '(unnamed)'} ({policy.zone})")
    if version is not None:
        print(f"version:   {version}")
    print(f"received:  {when(obligation.received)}")
    if not obligation.required:
        print("return:    not required")
    else:
        print("return:    required" + ("  (CONFLICT: see below)" if obligation.conflict else ""))
        print(f"due:       {when(obligation.due) if obligation.due else 'no deadline'}")
        print(f"earliest:  {when(obligation.earliest) if obligation.earliest else '-'}")
    if obligation.route is not None:
        print(f"route:     {obligation.route}")
    print("why:")
    for reason in obligation.reasons:
        print(f"  - {reason.rule}: {reason.text}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .adherence import adherence
    from .calllog import CallLog
    from .report import FirstMissed, MissedSpool, html_lines, json_report, text_report

    policy = _policy(args)
    every = bool(args.html or args.json)  # pages and JSON list every missed obligation
    with MissedSpool() as spool:
        first = FirstMissed()
        record = adherence(
            policy,
            CallLog(args.log),
            now=args.now,
            keep="missed" if (every or not args.quiet) else "none",
            skip_bad=args.skip_bad,
            sink=spool.add if every else first.add,
        )
        title = f"Adherence record: {getattr(policy, 'name', '') or args.log}"
        if args.html:
            _write(args.html, html_lines(record, title=title, missed=spool))
        if args.json:
            json_report(record, sys.stdout, missed=spool)
        elif not args.quiet:
            print(text_report(record, title=title, missed=spool if every else first), end="")
    if record.skipped:
        _warn(f"{len(record.skipped):,} bad rows were skipped (--skip-bad); they are listed")
    return 0


def _write(path: str, lines: Iterable[str], field: str = "html") -> None:
    """Write ``lines`` to ``path`` whole or not at all (a temporary file, then renamed)."""
    import os
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.writelines(lines)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        msg = f"cannot write {path!r}: {exc.strerror or exc}"
        raise PolicyFileError(msg, path=field) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _add_contact_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--at",
        type=_aware,
        required=True,
        metavar="TIME",
        help="when the contact arrived: ISO 8601 with a UTC offset, e.g. 2026-11-20T15:00-05:00",
    )
    parser.add_argument(
        "--urgency",
        choices=[u.value for u in Urgency],
        default="routine",
        help="routine (default), urgent or crisis",
    )
    parser.add_argument(
        "--channel",
        choices=[c.value for c in Channel],
        default="call",
        help="how the contact came in (default: call)",
    )
    parser.add_argument("--client-zone", metavar="ZONE", help="the client's IANA time zone")
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="a policy or policy history file (.toml or .json); a history answers by the "
        "version in force at --at",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _version() -> str:
    """The installed package's version (``contact_policy.__version__``)."""
    import contact_policy

    return str(contact_policy.__version__)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = _Parser(
        prog="contact-policy",
        description="Answer questions about a practice's contact policy.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="print the version"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    due = sub.add_parser("due", help="when must this call be returned?")
    _add_contact_args(due)
    due.add_argument(
        "--voicemail",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="whether the caller left a voicemail (default: no)",
    )
    due.set_defaults(func=_due)

    check = sub.add_parser(
        "validate",
        help="are these policy (or policy history) files valid?",
        description=(
            "Check policy and policy history files (.toml, .json, .yaml/.yml) and print every "
            "problem, one a line: FILE:LINE PATH: MESSAGE. Exit status 0 when every file is "
            "valid, 2 when not. Without FILE, --policy FILE (or the default policy) is read and "
            "summarised, as before."
        ),
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="policy files to check")
    check.add_argument("--policy", metavar="FILE", help="a policy or policy history file")
    check.add_argument(
        "--json",
        action="store_true",
        help="print JSON: with FILE, a list of {file, line, path, message, code}",
    )
    check.set_defaults(func=_validate, client_zone=None)

    analysis = sub.add_parser(
        "check",
        help="what does this policy promise that it cannot keep?",
        description=(
            "Analyse a policy (or policy history) file and print its findings, most important "
            "first: error, warning, info. Exit status 0 when no finding is an error, 1 when one "
            "is, 2 when the file cannot be read."
        ),
    )
    analysis.add_argument("file", metavar="FILE", help="a policy or policy history file")
    analysis.add_argument(
        "--start",
        type=_date,
        default=None,
        metavar="DATE",
        help="the reference week is the first Monday to Sunday from DATE (default 2026-01-05)",
    )
    analysis.add_argument(
        "--client-zone",
        dest="client_zones",
        action="append",
        metavar="ZONE",
        help="a zone clients call from: report returns before 07:00 or after 21:00 their "
        "time (repeat for more zones)",
    )
    analysis.add_argument(
        "--client-hours",
        default=None,
        metavar="HH:MM-HH:MM",
        help="the local hours at which a client may be called back (default 07:00-21:00)",
    )
    analysis.add_argument(
        "--horizon",
        type=int,
        default=None,
        metavar="DAYS",
        help="the days from the reference Monday whose holidays and special days are "
        "scanned too (default 365)",
    )
    analysis.add_argument("--json", action="store_true", help="print the findings as JSON")
    analysis.set_defaults(func=_check, client_zone=None)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of policy files",
        description="Print the JSON Schema (draft 2020-12) of policy files, or with --history "
        "of policy history files (docs/formats.md, 'JSON Schema').",
    )
    schema.add_argument(
        "--history", action="store_true", help="the schema of policy history files"
    )
    schema.set_defaults(func=_schema, client_zone=None)

    describe = sub.add_parser(
        "describe",
        help="the policy in plain words for clients, or its voicemail greeting",
        description=(
            "Print the policy as short client-facing text (one sentence per rule, then the "
            "emergency path), or with --greeting its voicemail greeting. A history prints the "
            "version in force at --at (else its latest version: the tool reads no clock) and "
            "the notice of its changes (docs/rules.md, 'The policy in plain words')."
        ),
    )
    describe.add_argument("--policy", metavar="FILE", help="a policy or policy history file")
    describe.add_argument("--markdown", action="store_true", help="Markdown: a bullet per rule")
    describe.add_argument("--greeting", action="store_true", help="the voicemail greeting")
    describe.add_argument("--name", help="the greeting's name of whom the caller reached")
    describe.add_argument(
        "--at", type=_aware, metavar="TIME", help="for a history: the version in force then"
    )
    describe.add_argument("--json", action="store_true", help="print {policy, format, text}")
    describe.set_defaults(func=_describe, client_zone=None)

    greeting = sub.add_parser(
        "greeting",
        help="the policy's voicemail greeting (describe --greeting)",
        description=(
            "Print the voicemail greeting of the policy (of a history: the version in force at "
            "--at, else its latest version): the same text as describe --greeting."
        ),
    )
    greeting.add_argument("--policy", metavar="FILE", help="a policy or policy history file")
    greeting.add_argument("--name", help="the greeting's name of whom the caller reached")
    greeting.add_argument(
        "--at", type=_aware, metavar="TIME", help="for a history: the version in force then"
    )
    greeting.add_argument("--json", action="store_true", help="print {policy, format, text}")
    greeting.set_defaults(func=_describe, client_zone=None, greeting=True, markdown=False)

    from .formats.convert import FORMATS

    conv = sub.add_parser(
        "convert",
        help="convert a policy or calendar file to another format",
        description=(
            "Convert a policy file (toml, json, yaml: written whole to any of the three) or a "
            "calendar (opening-hours text, FHIR availability, iCalendar VAVAILABILITY, "
            "schema.org JSON-LD: written to any calendar format; a policy converts to them as "
            "its operating hours). The input's format comes from its suffix and content, or "
            "--from (docs/formats.md, 'Converting')."
        ),
    )
    conv.add_argument("file", metavar="FILE", help="the file to convert")
    conv.add_argument("--to", required=True, choices=FORMATS, help="the format to write")
    conv.add_argument("--from", dest="source_format", choices=FORMATS, help="the input's format")
    conv.add_argument("--zone", help="the zone of a calendar whose format names none")
    conv.add_argument(
        "--holidays", default="", help="holiday codes of the calendar, comma-separated (US,CA)"
    )
    conv.add_argument(
        "--start", type=_date, help="list holidays (and --events) from this date (YYYY-MM-DD)"
    )
    conv.add_argument(
        "--end", type=_date, help="list holidays (and --events) up to this date (YYYY-MM-DD)"
    )
    conv.add_argument(
        "--events",
        action="store_true",
        help="with --to ics: the closed days, holidays and special hours from --start to --end "
        "as events for staff calendars (not a VAVAILABILITY)",
    )
    conv.add_argument("--output", "-o", metavar="PATH", help="write here, not to the screen")
    conv.set_defaults(func=_convert, client_zone=None, json=False)

    week = sub.add_parser(
        "week",
        help="draw one week of the policy (SVG, or an HTML page)",
        description=(
            "Draw the week (Monday to Sunday) holding --from as one self-contained SVG: open "
            "hours, answering hours, callback windows, sessions, holidays and special days, "
            "and with --call that call's receipt, earliest and due times and permitted slots. "
            "Without --from, the week of --call, else of 2026-01-05 (the tool reads no "
            "clock). Writes the SVG to standard output unless --svg or --html (docs/week.md)."
        ),
    )
    week.add_argument("--policy", metavar="FILE", help="a policy or policy history file")
    week.add_argument(
        "--from", dest="from_date", type=_date, metavar="DATE", help="a day of the week drawn"
    )
    out = week.add_mutually_exclusive_group()
    out.add_argument("--html", metavar="OUT", help="write an HTML page holding the picture")
    out.add_argument("--svg", metavar="OUT", help="write the SVG to OUT")
    week.add_argument(
        "--call", type=_aware, metavar="TIME", help="a call to mark (ISO 8601 with an offset)"
    )
    week.add_argument(
        "--voicemail",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="whether the --call left a voicemail (default: yes)",
    )
    week.add_argument(
        "--urgency",
        choices=[u.value for u in Urgency],
        default=None,
        help="the --call's urgency (default: routine)",
    )
    week.add_argument(
        "--session",
        type=_session,
        action="append",
        default=[],
        metavar="START/END",
        help="a session to draw (repeatable)",
    )
    week.add_argument(
        "--sessions",
        metavar="FILE",
        help="sessions to draw from a TOML, JSON or YAML file: [[sessions]] start, end; "
        "[[series]] rrule, duration",
    )
    week.set_defaults(func=_week, client_zone=None, json=False)

    bounds = sub.add_parser("in-bounds", help="is this contact in-bounds?")
    _add_contact_args(bounds)
    bounds.add_argument(
        "--direction",
        choices=[d.value for d in Direction],
        default=None,
        help="inbound (default) or outbound (therapist-initiated)",
    )
    bounds.add_argument(
        "--line",
        choices=[x.value for x in Line],
        default=None,
        help="which line or address was used (default: office)",
    )
    bounds.add_argument(
        "--topic", choices=[t.value for t in Topic], default=None, help="what it is about"
    )
    bounds.add_argument(
        "--expected",
        action="store_true",
        default=None,
        help="the therapist said they were expecting this call",
    )
    bounds.add_argument(
        "--scheduled", action="store_true", default=None, help="a pre-scheduled call"
    )
    bounds.add_argument(
        "--session",
        type=_session,
        action="append",
        default=[],
        metavar="START/END",
        help="a session of the therapist's (repeatable)",
    )
    bounds.add_argument(
        "--recent",
        type=_aware,
        action="append",
        default=[],
        metavar="TIME",
        help="an earlier contact of the same client, for frequency rules (repeatable)",
    )
    bounds.set_defaults(func=_in_bounds)

    report = sub.add_parser(
        "report",
        help="the adherence record of a call log (CSV)",
        description=(
            "Follow a call log (CSV, one event per row: docs/tracking.md) under the policy and "
            "report how many returns were owed, met and missed. Bad rows stop it with status "
            "2 unless --skip-bad."
        ),
    )
    report.add_argument("log", metavar="LOG.csv", help="the call log, a CSV file")
    report.add_argument("--policy", metavar="FILE", help="a policy or policy history file")
    report.add_argument(
        "--now",
        type=_aware,
        metavar="TIME",
        help="when to close the books (default: the last row's time)",
    )
    report.add_argument("--json", action="store_true", help="print the record as JSON")
    report.add_argument(
        "--html", metavar="OUT", help="also write a self-contained HTML page to OUT"
    )
    report.add_argument(
        "--skip-bad",
        action="store_true",
        help="leave bad rows out (each is listed) instead of stopping at the first",
    )
    report.add_argument(
        "--quiet", action="store_true", help="print nothing (with --html: only write the page)"
    )
    report.set_defaults(func=_report, client_zone=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the tool; returns the exit status (2 for bad input, with a one-line message)."""
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    _Parser.json_errors = "--json" in words
    args = None
    try:
        try:
            args = parser.parse_args(words)
        finally:
            _Parser.json_errors = False
            _Parser.found = None
        status: Any = args.func(args)
    except ContactPolicyError as exc:
        one_line = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        if getattr(args, "json", False) if args is not None else "--json" in words:
            print(_json_error(exc.code, exc.path, one_line))
        else:
            print(f"contact-policy: error: {one_line}", file=sys.stderr)
        return 2
    return int(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
