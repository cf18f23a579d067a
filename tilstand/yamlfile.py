"""YAML as the project reads it: the safe subset, parsed by libyaml's C parser when PyYAML has it.

The catalogue and the message file are read in every process of a build (the command and each
chapter kernel); the pure-Python parser spends over two seconds on them, the C one a tenth of that.
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=_LOADER)
