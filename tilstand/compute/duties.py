"""A legal duty's status in a year, from its declared rule (data/duties.yml): met, not met, no
figure, or hidden where the hidden range cannot decide it. The rule measures a figure against the
law's requirement; it never judges whether the service is forsvarlig."""

from __future__ import annotations

from tilstand.formatting import is_missing
from tilstand.ingest.duties import Rule

MET, NOT_MET, MISSING, HIDDEN = "met", "not_met", "missing", "hidden"


def status(rule: Rule, value, hidden: bool, hidden_at_least: float | None = None) -> str:
    """hidden_at_least: the lowest value a hidden figure can have (a hidden count is at least 1,
    since 0 is never hidden); with it, a hidden figure still decides an «at most» rule below it."""
    if hidden:
        if hidden_at_least is not None and rule.at_most is not None and hidden_at_least > rule.at_most:
            return NOT_MET
        return HIDDEN
    if is_missing(value):
        return MISSING
    if rule.at_most is not None:
        return MET if value <= rule.at_most else NOT_MET
    return MET if value >= rule.at_least else NOT_MET
