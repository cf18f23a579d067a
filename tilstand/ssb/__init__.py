"""SSB (Statistics Norway) figures: PxWebApi client, JSON-stat decoding, harmonised cache."""

from tilstand.ssb.cache import fetch, fetch_command, load_cached, source_label
from tilstand.ssb.client import SsbClient
from tilstand.ssb.errors import SsbError, SsbOffline, SsbTableError
from tilstand.ssb.jsonstat import decode

__all__ = [
    "fetch",
    "fetch_command",
    "load_cached",
    "source_label",
    "SsbClient",
    "SsbError",
    "SsbOffline",
    "SsbTableError",
    "decode",
]
