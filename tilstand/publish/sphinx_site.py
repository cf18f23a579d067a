"""Sphinx extension for the report site: Norwegian page furniture, the accessibility statement
on every page, and only the site's own scripts.

- Jupyter Book 1 always loads sphinx-thebe, whose page script names a CDN (unpkg.com) for its
  "run code" feature. The report has no such feature, so its scripts and style are dropped.
- The themes ship no Norwegian, and some of their texts are hard-coded English ("Skip to main
  content", "Toggle primary sidebar"): a reader with a screen reader would hear English. The
  translatable ones get Norwegian here; the hard-coded ones are replaced by the templates in
  site_templates/.
- Every page links to the municipality's tilgjengelighetserklæring (required by the WCAG
  regulations), or says plainly that none is configured. The build puts the link in the
  Sphinx config (tilstand_accessibility_statement_url).
"""
from __future__ import annotations

import gettext
import html
import shutil
from datetime import date
from pathlib import Path

from sphinx import locale, package_dir

from tilstand.formatting import format_date

TEMPLATES_DIR = Path(__file__).resolve().parent / "site_templates"

# Theme texts in bokmål (catalogues "sphinx" and "booktheme"); Sphinx' own nb catalogue covers the rest.
NORWEGIAN = {
    "Skip to main content": "Hopp til hovedinnhold",
    "Back to top": "Til toppen",
    "Search": "Søk",
    "Site navigation": "Kapitler",
    "On this page": "På denne siden",
    "Contents": "Innhold",
    "Version warning": "Versjonsvarsel",
    "Announcement": "Kunngjøring",
    "Breadcrumb": "Brødsmulesti",
    "Section Navigation": "Navigasjon i delen",
    "Home": "Forside",
    "Color mode": "Fargemodus",
    "Light": "Lys",
    "Dark": "Mørk",
    "System Settings": "Systeminnstilling",
    "previous page": "forrige side",
    "next page": "neste side",
    "Link to this heading": "Lenke til denne overskriften",
    "Link to this table": "Lenke til denne tabellen",
    "Link to this image": "Lenke til dette bildet",
    "Link to this code": "Lenke til denne koden",
    "Link to this definition": "Lenke til denne definisjonen",
    "Please activate JavaScript to enable the search functionality.":
        "Slå på JavaScript for å kunne søke i rapporten.",
    "Click to show": "Vis",
    "Click to hide": "Skjul",
    "Fullscreen mode": "Fullskjerm",
    "Download this page": "Last ned denne siden",
}


class _Norwegian(gettext.NullTranslations):
    """Looked up after Sphinx' own nb catalogue, for the texts it lacks."""

    def gettext(self, message):
        return NORWEGIAN.get(message) or super().gettext(message)


def _add_norwegian(app) -> None:
    """Chain the Norwegian texts behind every catalogue the theme templates read.

    Runs after the theme's own builder-inited, which sets the heading anchors' text to a bare
    "#": hidden from screen readers, the anchor is named by its title instead.
    """
    app.config.html_permalinks_icon = '<span aria-hidden="true">#</span>'
    if not str(app.config.language or "").startswith(("nb", "no")):
        return
    for catalog in ("sphinx", "booktheme"):
        translator = locale.translators.get(("general", catalog))
        if translator is not None:
            translator.add_fallback(_Norwegian())


def _configure(app, config) -> None:
    config.templates_path = [str(TEMPLATES_DIR)] + list(config.templates_path or [])
    config.html_context = {**(config.html_context or {}), "default_mode": "light"}
    if "togglebutton_hint" in config:
        config.togglebutton_hint = NORWEGIAN["Click to show"]
        config.togglebutton_hint_hide = NORWEGIAN["Click to hide"]
    _add_search_translations(app, config)


def _add_search_translations(app, config) -> None:
    """The search page's script texts: Sphinx has them for nb_NO but looks under the language code 'nb'."""
    source = Path(package_dir) / "locale" / "nb_NO" / "LC_MESSAGES" / "sphinx.js"
    if config.language != "nb" or not source.exists():
        return
    folder = Path(app.doctreedir).parent / "tilstand-locale"
    (folder / "nb" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, folder / "nb" / "LC_MESSAGES" / "sphinx.js")
    config.locale_dirs = list(config.locale_dirs or []) + [str(folder)]


def accessibility_footer(url: str) -> str:
    """The footer line: a link to the statement, or a plain note that none is configured yet."""
    if url:
        return (f'<p class="tilstand-a11y-statement"><a href="{html.escape(url, quote=True)}">'
                f'Tilgjengelighetserklæring for dette nettstedet</a></p>')
    return ('<p class="tilstand-a11y-statement">Tilgjengelighetserklæring: ikke lagt inn ennå. '
            'Kommunen har ikke publisert en tilgjengelighetserklæring for dette nettstedet. '
            'Har du problemer med å lese rapporten, kan du kontakte kommunen.</p>')


def _drop_thebe(context) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def _is_thebe(asset) -> bool:
    filename = getattr(asset, "filename", None) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return "thebe" in str(filename).lower() or "THEBE" in str(body)


def _drop_thebe_config(app, doctree, docname) -> None:
    """sphinx-thebe appends its binder configuration to every page's body; remove it."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def _delete_thebe_files(app, exception) -> None:
    """The unused sphinx-thebe files would still be published in _static; they name a CDN."""
    if exception is None and app.builder.format == "html":
        from pathlib import Path

        for name in ("sphinx-thebe.js", "sphinx-thebe.css"):
            (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)


def _page_context(app, pagename, templatename, context, doctree) -> None:
    _drop_thebe(context)
    context["theme_extra_footer"] = accessibility_footer(app.config.tilstand_accessibility_statement_url)
    if context.get("last_updated"):
        context["last_updated"] = format_date(date.today())


def setup(app):
    app.add_config_value("tilstand_accessibility_statement_url", "", "html", types=[str])
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _add_norwegian, priority=900)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("build-finished", _delete_thebe_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
