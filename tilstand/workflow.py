"""The analyst's yearly round: set a municipality up (`init`) and see what each one has (`list`).

`init` never overwrites a file: it writes what is missing (settings with defaults, the own-figures
template for the year, a text file with headings and guidance for every section the service
writes, an optional comment file per chapter) and says what to do next. For a new year it starts
the texts from last year's, marked so the writer updates them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from tilstand.formatting import format_years
from tilstand.ingest import narrative
from tilstand.ingest.catalogue import load_catalogue
from tilstand.ingest.dataset import Dataset, left_out, load_dataset_apart
from tilstand.ingest.problems import Problem, said
from tilstand.ingest.register import NAME_MAX, Municipality, load_register
from tilstand.ingest.register import NAME_PATTERN as _NAME
from tilstand.ingest.settings import settings_path
from tilstand.ingest.target import InvalidChoice, parse_year, resolve_municipality
from tilstand.ingest.template import write_template
from tilstand.language import LANGUAGES, Texts, check_language, text
from tilstand.paths import DEFAULT_WORKSPACE, Workspace

TEST_CODES = range(9900, 10000)


@dataclass
class InitResult:
    municipality: Municipality
    year: int
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    language: str = "nb"


def name_shown(name: str) -> str:
    return repr(name) if any(not ch.isprintable() for ch in name) else f"«{name}»"


def _add_test_municipality(code: str, name: str, language: str | None, workspace: Workspace) -> None:
    """A fictitious municipality for tests and training, in the project's register of them."""
    if not name:
        raise InvalidChoice(said("choice.test_name_missing", code=code))
    clean = " ".join(name.split()) if _NAME.fullmatch(name.strip()) else ""
    if not clean or len(clean) > NAME_MAX:
        raise InvalidChoice(said("choice.test_name_bad", name=name_shown(name[:80]), most=NAME_MAX))
    name = clean if clean.endswith("(fiktiv)") else f"{clean} (fiktiv)"
    path = workspace.data / "municipalities" / "extra.csv"
    decision = {"nn": "nynorsk", "nb": "bokmal", None: "noytral"}[language]
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            [code, name, "true", decision, "Fiktiv testkommune lagt til med `init`"]
        )


def _settings_text(municipality: Municipality, language: str, kostra_group: str | None) -> str:
    """The settings file with its defaults, commented in the municipality's målform (the keys are fixed)."""
    t = Texts(language)
    group = t("settings.group_known", group=kostra_group) if kostra_group else t("settings.group_unknown")
    return f"""{t("settings.header", name=municipality.name, code=municipality.kommunenummer)}

målform: {LANGUAGES[language]}            # {t("settings.language")}

sammenligning:
  kostra_gruppe: ja             # {group}
  fylke: ja
  landet: ja
  # kommuner: ["0000"]          # {t("settings.municipalities")}
  # asss: ja                    # {t("settings.asss")}

# tilgjengelighetserklæring: https://uustatus.no/nb/erklaringer/publisert/…
# kontakt: "{t("settings.contact")}"
# kilde: "{t("settings.source_example")}"   # {t("settings.source")}
# offisielt_navn: "{t("pdf.official_name", name=municipality.name)}"   # {t("settings.official_name")}
# saksnummer: {{2024: "24/1234"}}      # {t("settings.case")}
# rapportdato: {{2024: 2025-05-20}}    # {t("settings.report_date")}
# valgfrie_deler: [mstcan]             # {t("settings.modules")}
"""


def _write_once(path: Path, text: str, result: InitResult) -> None:
    if path.exists():
        result.kept.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result.written.append(path)


def _text_for(last_year: Path, guide: str, year: int, language: str, workspace: Workspace) -> str:
    """Last year's text as the starting point when there is one, marked as such (a final report
    refuses a text that still carries the mark or is unchanged), else the headings and guidance."""
    if (last := narrative.written_text(last_year, workspace)) is not None and last.html:
        note = text("narrative.copied_note", language, last=year - 1, year=year)
        return f"<!-- {note} -->\n\n" + last_year.read_text(encoding="utf-8")
    return guide


def init(
    municipality: str | int,
    year: str | int,
    *,
    name: str = "",
    language: str | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
) -> InitResult:
    chosen = parse_year(year)
    if chosen is None:
        raise InvalidChoice(said("choice.year_missing"))
    chosen_language = check_language(language) if language else None
    code = str(municipality).strip()
    register = load_register(workspace.data)
    if code.isdigit() and int(code) in TEST_CODES and not register.is_known(code) and not register.is_broken(code):
        _add_test_municipality(code, name, chosen_language, workspace)
    target = resolve_municipality(municipality, chosen, workspace)
    register = load_register(workspace.data)
    language = chosen_language or register.language(target.kommunenummer) or "nb"
    result = InitResult(target, chosen, language=language)
    kostra = register.kostra_group(target.kommunenummer, chosen)
    _write_once(settings_path(target.kommunenummer, workspace), _settings_text(target, language, kostra), result)
    own = workspace.own_figures / target.kommunenummer / f"{target.kommunenummer}_{chosen}.xlsx"
    if own.exists():
        result.kept.append(own)
    else:
        result.written.append(write_template(target.kommunenummer, chosen, own, language=language, workspace=workspace))
    for section in narrative.SECTIONS:
        path = narrative.section_path(target.kommunenummer, chosen, section, workspace)
        last = narrative.section_path(target.kommunenummer, chosen - 1, section, workspace)
        _write_once(
            path, _text_for(last, narrative.guide_template(section, language), chosen, language, workspace), result
        )
    for chapter in load_catalogue(workspace.data).chapters:  # every chapter of figures takes a comment
        path = narrative.comment_path(target.kommunenummer, chosen, chapter, workspace)
        last = narrative.comment_path(target.kommunenummer, chosen - 1, chapter, workspace)
        _write_once(
            path, _text_for(last, narrative.guide_template("kommentar", language), chosen, language, workspace), result
        )
    return result


@dataclass(frozen=True)
class Holdings:
    municipality: Municipality
    own_years: list[int]
    report_years: list[int]
    ssb_years: list[int]
    narrative_years: list[int]
    has_settings: bool
    own_errors: dict[str, int] = field(default_factory=dict)  # folder of own figures left unread → its errors

    @property
    def has_anything(self) -> bool:
        return bool(
            self.own_years
            or self.report_years
            or self.ssb_years
            or self.narrative_years
            or self.has_settings
            or self.own_errors
        )


def holdings(
    workspace: Workspace = DEFAULT_WORKSPACE, dataset: Dataset | None = None
) -> tuple[list[Holdings], list[Problem]]:
    """What every registered municipality has: figures by origin, texts and settings. A municipality
    whose own figures have errors is listed with them, never stopping the list; a folder of own figures
    that belongs to no municipality, and a line of the register that cannot be read, are warnings."""
    dataset, broken = (dataset, {}) if dataset is not None else load_dataset_apart(workspace)
    register = load_register(workspace.data)
    errors: dict[str, dict[str, int]] = {}
    warnings = register.warnings
    for folder, error in broken.items():
        if register.is_known(folder):
            errors.setdefault(register.current_code(folder), {})[folder] = len(error.problems)
        else:
            warnings.append(left_out(folder, error))
    frame = dataset.frame[dataset.frame["value"].notna()]
    years = {
        origin: frame[frame["origin"] == origin].groupby("kommunenummer")["year"].unique()
        for origin in ("own", "report", "ssb")
    }

    def of(origin: str, code: str) -> list[int]:
        found = years[origin].get(code)
        return sorted(int(y) for y in found) if found is not None else []

    result = []
    for municipality in register.all():
        code = municipality.kommunenummer
        texts = workspace.narrative / code
        written = sorted(int(p.name) for p in texts.iterdir() if p.name.isdigit()) if texts.is_dir() else []
        result.append(
            Holdings(
                municipality,
                of("own", code),
                of("report", code),
                of("ssb", code),
                written,
                settings_path(code, workspace).exists(),
                errors.get(code, {}),
            )
        )
    return result, warnings


def describe_holdings(item: Holdings, language: str = "nb") -> str:
    t = Texts(language)
    parts = [
        f"{t(f'tool.holdings_{origin}')}: {format_years(years, language)}"
        for origin, years in (
            ("own", item.own_years),
            ("report", item.report_years),
            ("ssb", item.ssb_years),
            ("texts", item.narrative_years),
        )
        if years
    ]
    if item.has_settings:
        parts.append(t("tool.holdings_settings"))
    parts += [t("tool.holdings_broken", count=count, folder=folder) for folder, count in item.own_errors.items()]
    return "; ".join(parts) or t("tool.holdings_nothing")
