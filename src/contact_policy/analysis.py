"""What a check reports: :class:`Severity` and :class:`Finding`.

A check never raises for what it finds: it returns findings, each with a ``severity``, the
``rules`` (or, for a :class:`~contact_policy.PolicyHistory`, the versions) it concerns, a
``text`` in plain words and, where one shows the problem, an ``example`` contact.
``PolicyHistory.check()`` and ``Policy.check()`` (:mod:`contact_policy._check`) return them.

>>> finding = Finding(severity="warning", rules=("versions[1]",),
...                   text="version 2 changes nothing for clients")
>>> finding
Finding(severity=<Severity.WARNING: 'warning'>, rules=('versions[1]',), text='version 2 changes nothing for clients')
>>> str(finding)
'warning: version 2 changes nothing for clients'

Imports the base layer (:mod:`contact_policy._model`, :mod:`contact_policy.limits`) and
:mod:`contact_policy.contact` only.
"""  # noqa: E501 - the doctest shows one whole repr

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from ._model import Model, Text, at_most
from .contact import Contact
from .limits import MAX_RULES

__all__ = ["Finding", "Severity"]


class Severity(StrEnum):
    """How much a finding matters."""

    ERROR = "error"  #: the policy does not do what it says (a promise it cannot keep)
    WARNING = "warning"  #: probably not what was meant
    INFO = "info"  #: worth knowing, nothing wrong


class Finding(Model):
    """One thing a check found.

    ``severity`` is a :class:`Severity` (or its value); ``rules`` names what it concerns (rule
    labels such as ``"turnaround"``, or field paths such as ``"versions[1]"``); ``text`` says
    it in plain words; ``example`` is a contact that shows it, when there is one.
    """

    severity: Severity
    rules: Annotated[tuple[Text, ...], at_most(MAX_RULES, "a finding's rules")] = ()
    text: Text = Field(min_length=1)
    example: Contact | None = None

    def __str__(self) -> str:
        return f"{self.severity.value}: {self.text}"
