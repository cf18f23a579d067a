"""A blank template for a municipality's own figures: the indicators it reports, ready to fill and
validate.

Rows: every general indicator of the catalogue, plus those of the optional parts the
municipality's settings turn on; never figures the project supplies itself (SSB, national rates)
nor categories only a published source uses. The analyst fills `value` (and `source`), runs
`python -m tilstand validate`, and drops the file in `data/own_figures/<kommunenummer>/`. Columns
after `note` only help the person filling it in: the loader ignores them. The Excel version
checks what it can while typing (known indicators and categories, whole numbers for counts,
percent for shares) and has the guide on a second sheet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tilstand.ingest.catalogue import Catalogue, Indicator, load_catalogue
from tilstand.ingest.problems import UserError, said
from tilstand.ingest.readers import DATA_SHEET, LISTS_SHEET
from tilstand.ingest.register import load_register
from tilstand.ingest.settings import load_settings
from tilstand.ingest.target import FIRST_YEAR, parse_year, resolve_municipality
from tilstand.ingest.validation import HELP_COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, SSB_SYMBOLS
from tilstand.language import Texts, check_language
from tilstand.paths import DEFAULT_WORKSPACE, Workspace
from tilstand.units import UNITS

COLUMNS = list(REQUIRED_COLUMNS + OPTIONAL_COLUMNS + HELP_COLUMNS)


class TemplateError(UserError):
    pass


def template_language(kommunenummer: str, workspace: Workspace = DEFAULT_WORKSPACE) -> str:
    """The municipality's målform: its settings, else its language decision, else bokmål."""
    chosen = load_settings(kommunenummer, workspace).language
    return check_language(chosen) if chosen else load_register(workspace.data).language(kommunenummer) or "nb"


def write_template(
    municipality: str | int,
    year: str | int,
    out_path: Path,
    *,
    force: bool = False,
    language: str | None = None,
    workspace: Workspace = DEFAULT_WORKSPACE,
) -> Path:
    """Write the template as CSV or Excel (by suffix) and return the path written. An existing
    file is never replaced unless force is given: it may hold a season's figures. Titles,
    definitions and guidance are in the municipality's målform unless language says otherwise."""
    out_path = Path(out_path)
    if out_path.is_dir():
        raise TemplateError(said("template.is_folder", path=out_path, example=out_path / "tall.xlsx"))
    if out_path.suffix.lower() not in (".csv", ".xlsx"):
        raise TemplateError(said("template.kind", kind=out_path.suffix or out_path.name))
    if out_path.exists() and not force:
        raise TemplateError(said("template.exists", path=out_path))
    chosen = parse_year(year)
    if chosen is None:
        raise TemplateError(said("template.no_year", first=FIRST_YEAR))
    municipality = resolve_municipality(municipality, chosen, workspace)
    code = load_register(workspace.data).resolve(municipality.kommunenummer, chosen).code
    settings = load_settings(municipality.kommunenummer, workspace)
    modules = settings.modules
    language = check_language(language) if language else template_language(municipality.kommunenummer, workspace)
    catalogue = load_catalogue(workspace.data)
    frame = template_frame(
        code,
        chosen,
        catalogue,
        modules,
        language,
        previous_figures(municipality.kommunenummer, chosen, workspace),
        settings.source or "",
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if out_path.suffix.lower() == ".csv":
        frame.to_csv(out_path, index=False, sep=";", encoding="utf-8-sig")
    else:
        _write_excel(frame, out_path, catalogue, language)
    return out_path


def in_template(indicator: Indicator, modules: tuple[str, ...]) -> bool:
    """Asked for: not supplied by the project, not derived by the tool from other rows (a share of
    counts, a balance of budget and accounts), and general or in a part the settings turn on."""
    derived = indicator.share_of is not None or indicator.balance_of is not None
    return indicator.in_template and not derived and (indicator.module is None or indicator.module in modules)


def template_frame(
    code: str,
    year: int,
    catalogue: Catalogue,
    modules: tuple[str, ...] = (),
    language: str = "nb",
    previous: dict | None = None,
    source: str = "",
) -> pd.DataFrame:
    """One row per indicator (its whole value or total) and per category, values empty; beside each,
    last year's value and source (`previous`: (indicator, category) → (value, source)), and the
    settings' default source filled in."""
    previous = previous or {}
    rows = []
    for indicator in catalogue:
        if not in_template(indicator, modules):
            continue
        base = dict.fromkeys(COLUMNS, "") | {
            "region": code,
            "year": str(year),
            "indicator": indicator.id,
            "source": source,
            "title": indicator.title(language).format(nemnda="nemnda"),
            "unit": indicator.unit,
            "definition": indicator.definition(language),
        }
        if _has_whole_row(indicator):
            rows.append(base | _previous(previous, indicator.id, ""))
        rows += [
            base
            | {"category": category.id, "category_label": category.label(language)}
            | _previous(previous, indicator.id, category.id)
            for category in indicator.categories
            if category.in_template
        ]
    return pd.DataFrame(rows, columns=COLUMNS)


def _previous(previous: dict, indicator: str, category: str) -> dict:
    value, source = previous.get((indicator, category), ("", ""))
    return {"previous_value": value, "previous_source": source}


def previous_figures(kommunenummer: str, year: int, workspace: Workspace) -> dict:
    """Last year's figures as the build reads them, as text with a decimal comma; none when the
    municipality's own files (or the shared ones) do not validate (the template is still written)."""
    from tilstand.ingest.dataset import load_dataset_for
    from tilstand.ingest.problems import DataValidationError

    try:
        frame = load_dataset_for(kommunenummer, workspace).frame
    except DataValidationError:
        return {}
    rows = frame[(frame["kommunenummer"] == kommunenummer) & (frame["year"] == year - 1)]
    return {(row.indicator, row.category): (_shown(row.value, row.status), row.source) for row in rows.itertuples()}


def _shown(value: float, status: str) -> str:
    return status if pd.isna(value) else f"{value:g}".replace(".", ",")


def _has_whole_row(indicator: Indicator) -> bool:
    """Uncategorised row unless the categories are shares, rates, or parts of another indicator."""
    if not indicator.categories:
        return True
    return indicator.kind.summable and not indicator.total


def _guide(language: str) -> pd.DataFrame:
    t = Texts(language)
    rows = [(t("template.how"), "", t("template.how_text"))]
    rows += [(t("template.topic_column"), column, t(f"template.col.{column}")) for column in COLUMNS]
    rows += [(t("template.topic_unit"), unit, t(f"unit_help.{unit}")) for unit in UNITS]
    rows += [(t("template.topic_symbol"), symbol, t(f"template.symbol.{symbol}")) for symbol in SSB_SYMBOLS if symbol]
    rows.append((t("template.topic_missing"), "", t("template.missing_text")))
    return pd.DataFrame(rows, columns=t("template.guide_columns").split("|"))


def _write_excel(frame: pd.DataFrame, path: Path, catalogue: Catalogue, language: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    t = Texts(language)
    guide_sheet = t("template.sheet_guide")
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=DATA_SHEET, index=False)
        _guide(language).to_excel(writer, sheet_name=guide_sheet, index=False)
        sheet = writer.sheets[DATA_SHEET]
        sheet.freeze_panes = "E2"
        letters = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
        for name in ("region", "year", "indicator", "category", "status", "source", "source_ref", "note"):
            for cell in sheet[letters[name]]:
                cell.number_format = "@"  # text: a kommunenummer like 0301 keeps its leading zero
        last = len(frame) + 1
        _lists(sheet, frame, letters, last, t)
        value = letters["value"]
        counts = DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            error=t("template.check_count"),
            errorTitle=t("template.check_count_title"),
        )
        shares = DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            error=t("template.check_share"),
            errorTitle=t("template.check_share_title"),
        )
        for check in (counts, shares):
            check.showErrorMessage = True
            sheet.add_data_validation(check)
        for offset, row in enumerate(frame.itertuples(), start=2):
            kind = catalogue.get(row.indicator).kind
            if kind.whole:
                counts.add(f"{value}{offset}")
            elif kind.is_share:
                shares.add(f"{value}{offset}")
        for column, width in zip(letters.values(), (8, 6, 34, 26, 12, 8, 24, 18, 30, 12, 24, 40, 12, 60, 30)):
            sheet.column_dimensions[column].width = width
        writer.sheets[guide_sheet].column_dimensions["C"].width = 100


def _lists(sheet, frame: pd.DataFrame, letters: dict[str, str], last: int, t: Texts) -> None:
    """Drop-down lists for the SSB symbols, and a check that indicator and category are known."""
    from openpyxl.worksheet.datavalidation import DataValidation

    symbols = DataValidation(
        type="list",
        formula1='"' + ",".join(s for s in SSB_SYMBOLS if s) + '"',
        allow_blank=True,
        error=t("template.check_symbol"),
        errorTitle="Status",
    )
    symbols.showErrorMessage = True
    sheet.add_data_validation(symbols)
    symbols.add(f"{letters['status']}2:{letters['status']}{last}")
    indicators = sorted(set(frame["indicator"]))
    hidden = sheet.parent.create_sheet(LISTS_SHEET)
    for index, indicator in enumerate(indicators, start=1):
        hidden.cell(row=index, column=1, value=indicator)
    hidden.sheet_state = "hidden"
    known = DataValidation(
        type="list",
        formula1=f"{LISTS_SHEET}!$A$1:$A${len(indicators)}",
        allow_blank=False,
        error=t("template.check_indicator"),
        errorTitle="Indikator",
    )
    known.showErrorMessage = True
    sheet.add_data_validation(known)
    known.add(f"{letters['indicator']}2:{letters['indicator']}{last}")
