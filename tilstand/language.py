"""The report's written languages (bokmål and nynorsk) and the message catalogue every generated
word comes from.

`tilstand/messages.yml` holds each text once per language, side by side, so a translator sees
both. A text asked for in a language the catalogue lacks raises MissingTranslation: a nynorsk
report never falls back to bokmål in silence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tilstand.yamlfile import load_yaml

LANGUAGES = {"nb": "bokmål", "nn": "nynorsk"}
DEFAULT_LANGUAGE = "nb"  # a neutral municipality writes bokmål
MESSAGES_FILE = Path(__file__).resolve().parent / "messages.yml"
_ALIASES = {"nb": "nb", "bokmål": "nb", "bokmal": "nb", "nn": "nn", "nynorsk": "nn"}


class MissingTranslation(LookupError):
    """A text the catalogue lacks in the language asked for."""


class UnknownLanguage(ValueError):
    pass


def check_language(value: str) -> str:
    """'nb', 'nn', 'bokmål' or 'nynorsk' → 'nb' or 'nn'."""
    code = _ALIASES.get(str(value).strip().lower())
    if code is None:
        raise UnknownLanguage(f"Ukjent målform «{value}»: bruk nb (bokmål) eller nn (nynorsk).")
    return code


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    return load_yaml(MESSAGES_FILE.read_text(encoding="utf-8"))


def text(key: str, language: str, /, **values) -> str:
    """The text for `key` in `language`, with {placeholders} filled in."""
    entry = messages().get(key)
    if entry is None:
        raise MissingTranslation(f"Teksten «{key}» finnes ikke i {MESSAGES_FILE.name}.")
    template = entry.get(language)
    if template is None:
        raise MissingTranslation(
            f"Teksten «{key}» mangler på {LANGUAGES.get(language, language)} i {MESSAGES_FILE.name}."
        )
    return template.format(**values) if values else template


class Texts:
    """The catalogue bound to one language: `t = Texts("nn"); t("status.missing")`."""

    def __init__(self, language: str):
        self.language = check_language(language)

    def __call__(self, key: str, /, **values) -> str:
        return text(key, self.language, **values)

    def choose(self, key: str, count: float, /, **values) -> str:
        """`key.one` for exactly one, else `key.other`: «1 dag», «3 dager»."""
        return self(f"{key}.{'one' if count == 1 else 'other'}", **values)

    def number(self, count: int) -> str:
        """Small whole numbers in words, as in written Norwegian («seks av de ti årene»)."""
        return self(f"number.{count}") if 1 <= count <= 12 else str(count)

    def join(self, items: list[str]) -> str:
        """«a», «a og b», «a, b og c»."""
        items = [item for item in items if item]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self('word.and')} " + items[-1]
