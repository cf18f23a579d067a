"""Errors raised by the SSB client, with messages a report writer can act on (bokmål)."""


class SsbError(RuntimeError):
    """Any failure fetching or interpreting SSB figures; the message is shown to the user as is."""


class SsbOffline(SsbError):
    """SSB could not be reached at all, so the user should use or build a cache."""


class SsbTableError(SsbError):
    """The table or a code we rely on is not (or no longer) what the query spec expects."""
