"""The JSON Schema of policy and policy-history files (contact_policy.formats.schema).

The committed copies in docs/ equal what the models generate; every field has a description
and examples, and each example fits its field; the schema accepts every form the loader reads
(the examples in docs/, the default policy, the forms of docs/rules.md and the older forms) and
refuses broken files, which the loader refuses too. jsonschema is a test dependency only (the
tests that need it skip without it).
"""

from __future__ import annotations

import json
import pathlib
import tomllib
from datetime import date, datetime, time
from typing import Any

import pytest
from hypothesis import given

from contact_policy import PolicyHistory, parse_policy
from contact_policy.cli import main
from contact_policy.formats.schema import (
    DAY_KEY,
    DRAFT,
    history_schema,
    policy_schema,
    schema_text,
)
from contact_policy.testing import histories, policies

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = sorted((DOCS / "examples").glob("*.toml"))
DEFAULT = ROOT / "src" / "contact_policy" / "default_policy.toml"


def jsonable(value: Any) -> Any:
    """TOML's data as JSON holds it: dates and times as their ISO 8601 text."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def toml_data(text: str) -> Any:
    return jsonable(tomllib.loads(text))


def jsonschema() -> Any:
    """The jsonschema package (a test dependency; the tests that need it skip without it)."""
    return pytest.importorskip("jsonschema")


def validator(*, history: bool = False) -> Any:
    return jsonschema().Draft202012Validator(history_schema() if history else policy_schema())


def errors(data: Any, *, history: bool = False) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator(history=history).iter_errors(data)
    ]


def properties(schema: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every property schema (and each ``additionalProperties`` schema that describes
    fields) anywhere in ``schema``, with where it is."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            found.append((f"{where}.{name}", prop))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and schema.get("propertyNames"):
            found.append((f"{where}.*", extra))
        for key, value in schema.items():
            found += properties(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            found += properties(value, f"{where}[{i}]")
    return found


class TestCommitted:
    @pytest.mark.parametrize(
        ("name", "history"), [("policy.schema.json", False), ("history.schema.json", True)]
    )
    def test_docs_copy_is_current(self, name: str, history: bool) -> None:
        # The text is canonical (keyword order, numbers), the same from pydantic 2.6 on.
        committed = (DOCS / name).read_text(encoding="utf-8")
        assert committed == schema_text(history=history), (
            f"docs/{name} is out of date: regenerate it with "
            f"contact-policy schema{' --history' if history else ''} > docs/{name}"
        )

    @pytest.mark.parametrize("history", [False, True])
    def test_is_a_draft_2020_12_schema(self, history: bool) -> None:
        schema = history_schema() if history else policy_schema()
        assert schema["$schema"] == DRAFT
        jsonschema().Draft202012Validator.check_schema(schema)

    def test_each_call_gives_a_fresh_copy(self) -> None:
        first = policy_schema()
        first["properties"].clear()
        assert policy_schema()["properties"]

    def test_the_history_schema_holds_the_policy(self) -> None:
        schema = history_schema()
        assert schema["required"] == ["versions"]
        assert "Policy" in schema["$defs"]
        assert (
            schema["$defs"]["Policy"]["properties"].keys() == policy_schema()["properties"].keys()
        )


class TestDescribed:
    @pytest.mark.parametrize("history", [False, True])
    def test_every_property_has_a_description_and_examples(self, history: bool) -> None:
        schema = history_schema() if history else policy_schema()
        found = properties(schema)
        assert len(found) > 80
        missing = [
            f"{where}: {key}"
            for where, prop in found
            for key in ("description", "examples")
            if not prop.get(key)
        ]
        assert not missing

    @pytest.mark.parametrize("history", [False, True])
    def test_every_example_fits_its_property(self, history: bool) -> None:
        schema = history_schema() if history else policy_schema()
        wrong = []
        for where, prop in properties(schema):
            sub = {"$schema": DRAFT, "$defs": schema["$defs"], **prop}
            check = jsonschema().Draft202012Validator(sub)
            for example in prop.get("examples", []):
                if where.endswith(".policy") and isinstance(example, dict):
                    continue  # an inline policy, checked whole below
                wrong += [f"{where}: {example!r}: {e.message}" for e in check.iter_errors(example)]
        assert not wrong

    def test_definitions_are_described_in_plain_words(self) -> None:
        defs = history_schema()["$defs"]
        for name, definition in defs.items():
            text = definition.get("description", "")
            assert text, name
            for markup in ("``", ":class:", ">>>"):
                assert markup not in text, name

    def test_the_model_fields_carry_the_words(self) -> None:
        from contact_policy import Policy, Turnaround

        assert "IANA" in (Policy.model_fields["zone"].description or "")
        assert Turnaround.model_fields["within"].examples == ["PT24H", "PT4H"]


class TestAccepts:
    @pytest.mark.parametrize("path", [*EXAMPLES, DEFAULT], ids=lambda p: p.name)
    def test_shipped_files(self, path: pathlib.Path) -> None:
        data = toml_data(path.read_text(encoding="utf-8"))
        assert errors(data, history="versions" in data) == []

    @pytest.mark.parametrize(
        "rule",
        [
            # spans as text, as pairs and as tables; days, ranges, lists, full names
            {"kind": "operating_hours", "hours": {"mon-fri": ["09:00-17:00"]}},
            {"kind": "operating_hours", "hours": {"Monday": [["09:00", "17:00"]]}},
            {
                "kind": "operating_hours",
                "hours": {"mon,wed": [{"start": "09:00", "end": "12:00"}]},
            },
            {"kind": "operating_hours", "hours": {"Mon-Wed, fri": ["09:00 – 17:00"]}},
            {"kind": "operating_hours", "hours": {"fri-mon": [["22:00", "06:00"]]}},
            {"kind": "operating_hours", "hours": {"sun": [["00:00", "24:00"]]}},
            # exceptions: closed dates, special hours as a list or a table of dates, closures
            {
                "kind": "operating_hours",
                "hours": {"mon-fri": [["09:00", "17:00"]]},
                "closed": ["2026-12-31"],
                "special_hours": {"2026-12-24": [["09:00", "12:00"]], "2026-12-26": []},
                "closures": [["2026-05-01T12:00:00-04:00", "2026-05-01T13:00:00-04:00"]],
            },
            # durations as ISO 8601 text or seconds; skip as one entry or ranges; old clocks
            {"kind": "turnaround", "within": "PT24H", "skip": "sat-sun"},
            {"kind": "turnaround", "within": 86400, "skip": ["Sat-Sun", "Holidays"]},
            {"kind": "turnaround", "clock": "calendar", "within": "P1D"},
            {"kind": "turnaround", "clock": "business_days", "days": 2},
            {"kind": "callback_window", "hours": {"mon-fri": ["08:00-09:00"]}, "zone": "client"},
            {"kind": "voicemail_gate", "channels": ["call", "text"], "urgency": ["routine"]},
            {"kind": "frequency", "limit": 4, "period": "P7D"},
            {
                "kind": "no_calls_during_sessions",
                "schedule": {
                    "sessions": [["2026-11-23T10:00:00-05:00", "2026-11-23T10:50:00-05:00"]],
                    "series": [
                        {
                            "rrule": "FREQ=WEEKLY;BYDAY=MO",
                            "duration": "PT50M",
                            "start": "2026-01-05T10:00:00-05:00",
                        }
                    ],
                },
            },
            # the older calendar forms
            {
                "kind": "operating_hours",
                "calendar": {"zone": "America/New_York", "hours": {"mon-fri": ["09:00-17:00"]}},
            },
            {
                "kind": "after_hours",
                "hours": {"zone": "America/New_York", "hours": {"mon-fri": ["09:00-17:00"]}},
            },
        ],
    )
    def test_the_forms_the_loader_reads(self, rule: dict[str, Any]) -> None:
        data: dict[str, Any] = {"zone": "America/New_York", "holidays": "US", "rules": [rule]}
        if rule["kind"] in ("turnaround",) and rule.get("clock") == "business_days":
            data["rules"].append({"kind": "voicemail_gate"})
        assert errors(data) == []
        parse_policy(json.dumps(data), format="json")  # and the loader reads it

    def test_a_history_with_dates_instants_and_file_names(self) -> None:
        data = {
            "notice": "P30D",
            "versions": [
                {
                    "effective": "2026-01-01",
                    "announced": "2025-12-01",
                    "policy": {"zone": "America/New_York"},
                },
                {
                    "effective": "2027-06-01T09:00:00-04:00",
                    "announced": "2027-04-15",
                    "policy": "summer.toml",
                },
            ],
        }
        assert errors(data, history=True) == []

    @given(policies())
    def test_every_drawn_policy(self, policy: Any) -> None:
        assert errors(policy.model_dump(mode="json")) == []

    @given(histories(max_versions=3))
    def test_every_drawn_history(self, history: PolicyHistory) -> None:
        assert errors(history.model_dump(mode="json"), history=True) == []


class TestRefuses:
    @pytest.mark.parametrize(
        ("doc", "where"),
        [
            ('zone = "UTC"\nholiday = ["US"]\n', ""),  # an unknown field
            ('holidays = ["US"]\n', ""),  # no zone
            ('zone = "UTC"\n[[rules]]\nwithin = "PT24H"\n', "rules/0"),  # a rule without kind
            ('zone = "UTC"\n[[rules]]\nkind = "turnround"\nwithin = "PT24H"\n', "rules/0"),
            ('zone = "UTC"\n[[rules]]\nkind = "turnaround"\nwithin = true\n', "rules/0"),
            (
                'zone = "UTC"\n[[rules]]\nkind = "operating_hours"\n[rules.hours]\n'
                'mon-fri = ["9am-5pm"]\n',
                "rules/0",
            ),
            (
                'zone = "UTC"\n[[rules]]\nkind = "operating_hours"\n[rules.hours]\n'
                'funday = [["09:00", "17:00"]]\n',
                "rules/0",
            ),
            (
                'zone = "UTC"\n[[rules]]\nkind = "operating_hours"\n[rules.hours]\n'
                'mon = [["09:00", "17:00", "18:00"]]\n',
                "rules/0",
            ),
            ('zone = "UTC"\ndue_soon_at = 1.5\n', "due_soon_at"),
            (
                'zone = "UTC"\n[[rules]]\nkind = "turnaround"\nclock = "weeks"\nwithin = 1\n',
                "rules/0",
            ),
            (
                'zone = "UTC"\n[[rules]]\nkind = "frequency"\nlimit = 0\nperiod = "P1D"\n',
                "rules/0",
            ),
            ('zone = "UTC"\n[[emergency.contacts]]\nlabel = "On call"\n', "emergency"),
        ],
    )
    def test_broken_files(self, doc: str, where: str) -> None:
        found = list(validator().iter_errors(toml_data(doc)))
        assert found
        assert any("/".join(map(str, e.absolute_path)).startswith(where) for e in found)
        with pytest.raises(ValueError, match=r"<policy>: "):  # the loader refuses it too
            parse_policy(doc, format="toml")

    def test_a_history_without_versions(self) -> None:
        assert errors({"notice": "P30D"}, history=True)
        assert errors({"versions": [{"effective": "2026-01-01"}]}, history=True)


class TestDayKeys:
    @pytest.mark.parametrize(
        "key", ["mon", "Monday", "MON", "mon-fri", "fri-mon", "mon,wed", "Mon-Wed, fri", "mon–fri"]
    )
    def test_accepted(self, key: str) -> None:
        import re

        assert re.search(DAY_KEY, key)

    @pytest.mark.parametrize("key", ["", "funday", "mon-", "mon,,wed", "holidays", "mo"])
    def test_refused(self, key: str) -> None:
        import re

        assert not re.search(DAY_KEY, key)


class TestCommand:
    @pytest.mark.parametrize(
        ("args", "name"), [([], "policy.schema.json"), (["--history"], "history.schema.json")]
    )
    def test_prints_the_schema(
        self, capsys: pytest.CaptureFixture[str], args: list[str], name: str
    ) -> None:
        assert main(["schema", *args]) == 0
        out = capsys.readouterr().out
        assert json.loads(out) == json.loads(schema_text(history=bool(args)))
        assert out == schema_text(history=bool(args))
