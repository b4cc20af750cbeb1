"""The built-in policy (``default_policy.toml``), built from its values without validation.

The shipped file is the policy's documented form, and :func:`~contact_policy.parse_policy`
reads it as any other. Reading it at run time, though, costs a fresh process more than its first
answer: pydantic builds the validators of the whole policy layer, and the first validator
makes it search every installed distribution for plugins (tens of milliseconds where many
packages are installed). So the policy is written here once more, as the values validation
makes of that file, and built with :meth:`Model.trusted`. ``tests/test_default.py``
checks that the two are the same value down to every nested model (class, field values and
the fields given), so the file and this module cannot drift apart.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from .boundaries import AfterHours, NoCallsDuringSessions
from .contact import Channel
from .hours import Span, WeeklyHours
from .policy import EmergencyContact, EmergencyPath, Policy
from .rules import Turnaround, VoicemailGate

__all__ = ["default_policy"]


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    """The built-in policy: a 24-hour turnaround not counting weekends and US federal holidays,
    in America/New_York, voicemail required, with after-hours emergency instructions.

    It ships as ``default_policy.toml`` inside the package (documented line by line there).

    >>> default_policy().zone
    'America/New_York'
    """
    office = (Span.trusted(start="09:00", end="17:00"),)
    return Policy.trusted(
        name="Solo practice default",
        zone="America/New_York",
        holidays=("US",),
        emergency=EmergencyPath.trusted(
            contacts=(
                EmergencyContact.trusted(
                    label="After-hours on-call clinician", number="+1-555-010-0199"
                ),
            )
        ),
        rules=(
            Turnaround.trusted(
                kind="turnaround",
                clock="hours",
                within=timedelta(hours=24),
                skip=("sat", "sun", "holidays"),
            ),
            VoicemailGate.trusted(kind="voicemail_gate", channels=(Channel.CALL,)),
            NoCallsDuringSessions.trusted(kind="no_calls_during_sessions"),
            AfterHours.trusted(
                kind="after_hours",
                route="voicemail",
                hours=WeeklyHours.trusted(
                    mon=office, tue=office, wed=office, thu=office, fri=office
                ),
            ),
        ),
    )
