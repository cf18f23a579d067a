"""Sphinx extension for the report site: page furniture in the report's language, the
accessibility statement and contact on every page, and only the site's own scripts.

- Jupyter Book 1 always loads sphinx-thebe, whose page script names a CDN (unpkg.com) for its
  "run code" feature. The report has no such feature, so its scripts and style are dropped.
- The themes ship no nynorsk and little bokmål, and some of their texts are hard-coded English
  ("Skip to main content", "Toggle primary sidebar"): a reader with a screen reader would hear
  English. Every text the pages show is looked up in the message catalogue (`theme.*`), in the
  report's language; the hard-coded ones are replaced by the templates in site_templates/.
- Every page links to the municipality's tilgjengelighetserklæring (required by the WCAG
  regulations) when one is configured; a draft says plainly that it is missing, a final report
  says nothing.
"""

from __future__ import annotations

import gettext
import html
import json
import re
from datetime import date
from pathlib import Path

from sphinx import locale

from tilstand.formatting import format_date
from tilstand.language import Texts, messages

TEMPLATES_DIR = Path(__file__).resolve().parent / "site_templates"
# The English texts of Sphinx and the themes that reach a page, and their catalogue keys.
THEME_TEXTS = {
    "Skip to main content": "theme.skip",
    "Back to top": "theme.back_to_top",
    "Search": "theme.search",
    "Site navigation": "theme.site_navigation",
    "On this page": "theme.on_this_page",
    "Contents": "theme.contents",
    "Version warning": "theme.version_warning",
    "Announcement": "theme.announcement",
    "Breadcrumb": "theme.breadcrumb",
    "Section Navigation": "theme.section_navigation",
    "Home": "theme.home",
    "Color mode": "theme.color_mode",
    "Light": "theme.light",
    "Dark": "theme.dark",
    "System Settings": "theme.system_settings",
    "previous page": "theme.previous_page",
    "next page": "theme.next_page",
    "previous": "theme.previous",
    "next": "theme.next",
    "Link to this heading": "theme.link_heading",
    "Link to this table": "theme.link_table",
    "Link to this image": "theme.link_image",
    "Link to this code": "theme.link_code",
    "Link to this definition": "theme.link_definition",
    "Please activate JavaScript to enable the search functionality.": "theme.activate_javascript",
    "Click to show": "theme.click_to_show",
    "Click to hide": "theme.click_to_hide",
    "Fullscreen mode": "theme.fullscreen",
    "Download this page": "theme.download_page",
    "Toggle primary sidebar": "theme.toggle_primary",
    "Toggle secondary sidebar": "theme.toggle_secondary",
    "Search the docs ...": "theme.search_placeholder",
    "Search Results": "theme.search_results",
    "Last updated on %(last_updated)s.": "theme.last_updated",
    "By %(author)s": "theme.by_author",
    "Index": "theme.index",
    "Search within %(docstitle)s": "theme.search_within",
    "Error": "theme.error",
}
# Names the themes write as literal English in their templates (not through gettext).
LITERAL_NAMES = {'aria-label="Page"': "theme.page", 'aria-label="Announcement"': "theme.announcement"}
SEARCH_BUTTON_LABEL = re.compile(
    r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="[^"]*"'
)
SEARCH_TEXTS = {  # the search page's script (Sphinx' sphinx.js catalogue)
    "Search": "theme.search",
    "Search Results": "theme.search_results",
    "Searching": "theme.searching",
    "Preparing search...": "theme.preparing_search",
    "Search finished, found ${resultCount} page(s) matching the search query.": "theme.search_finished",
    "Your search did not match any documents. Please make sure that all words are spelled correctly and "
    "that you've selected enough categories.": "theme.search_none",
    "Hide Search Matches": "theme.hide_matches",
}


class _Catalogue(gettext.NullTranslations):
    """The report's texts for the English message ids, looked up before the theme's own."""

    def __init__(self, language: str):
        super().__init__()
        self.texts = Texts(language)

    def gettext(self, message):
        key = THEME_TEXTS.get(message)
        return self.texts(key) if key else super().gettext(message)


def _use_catalogue(app) -> None:
    """Put the report's texts in front of every catalogue the templates read.

    Runs after the theme's own builder-inited, which sets the heading anchors' text to a bare
    "#": hidden from screen readers, the anchor is named by its title instead.
    """
    app.config.html_permalinks_icon = '<span aria-hidden="true">#</span>'
    for catalog in ("sphinx", "booktheme", "pydata_sphinx_theme"):
        key = ("general", catalog)
        ours = _Catalogue(app.config.language)
        ours.add_fallback(locale.translators.get(key) or gettext.NullTranslations())
        locale.translators[key] = ours  # read by Sphinx's Python code at every call
    if hasattr(app.builder, "templates"):  # the templates took the translator when the builder started
        templates = _Catalogue(app.config.language)
        templates.add_fallback(app.translator)
        app.builder.templates.environment.install_gettext_translations(templates, newstyle=False)


def _configure(app, config) -> None:
    config.templates_path = [str(TEMPLATES_DIR)] + list(config.templates_path or [])
    config.html_context = {**(config.html_context or {}), "default_mode": "light"}
    t = Texts(config.language)
    if "togglebutton_hint" in config:
        config.togglebutton_hint = t("theme.click_to_show")
        config.togglebutton_hint_hide = t("theme.click_to_hide")
    _search_translations(app, config)


def _search_translations(app, config) -> None:
    """The search page's script texts in the report's language (Sphinx reads <lang>/LC_MESSAGES/sphinx.js)."""
    t = Texts(config.language)
    folder = Path(app.doctreedir).parent / "tilstand-locale"
    target = folder / config.language / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    catalogue = {
        "messages": {msgid: t(key) for msgid, key in SEARCH_TEXTS.items()},
        "plural_expr": "(n != 1)",
        "locale": config.language,
    }
    (target / "sphinx.js").write_text(
        "Documentation.addTranslations(" + json.dumps(catalogue, ensure_ascii=False) + ");\n", encoding="utf-8"
    )
    config.locale_dirs = list(config.locale_dirs or []) + [str(folder)]


def footer_html(config) -> str:
    """The footer lines every page carries: the accessibility statement, the contact, the PDF."""
    t = Texts(config.language)
    lines = []
    if config.tilstand_accessibility_statement_url:
        lines.append(
            f'<p class="tilstand-a11y-statement"><a href="{html.escape(config.tilstand_accessibility_statement_url, quote=True)}">'
            f"{html.escape(t('footer.statement'))}</a></p>"
        )
    elif not config.tilstand_final:
        lines.append(
            f'<p class="tilstand-a11y-statement tilstand-draft-note">{html.escape(t("footer.statement_missing"))}</p>'
        )
    if config.tilstand_contact:
        lines.append(
            f'<p class="tilstand-contact">{html.escape(t("footer.contact", contact=config.tilstand_contact))}</p>'
        )
    if config.tilstand_pdf:
        lines.append(
            f'<p class="tilstand-pdf-link"><a href="{{root}}{html.escape(config.tilstand_pdf)}" download>'
            f"{html.escape(t('footer.pdf'))}</a></p>"
        )
    return "".join(lines)


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


def _finish_pages(app, exception) -> None:
    """The unused sphinx-thebe files would still be published in _static (they name a CDN), and
    the names the themes hard-code in English are put in the report's language."""
    if exception is not None or app.builder.format != "html":
        return
    for name in ("sphinx-thebe.js", "sphinx-thebe.css"):
        (Path(app.outdir) / "_static" / name).unlink(missing_ok=True)
    t = Texts(app.config.language)
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        named = text
        for literal, key in LITERAL_NAMES.items():
            named = named.replace(literal, f'aria-label="{html.escape(t(key), quote=True)}"')
        # The search button shows «Søk Ctrl+K» but the theme names it «Søk»: a speech user saying
        # what they see would miss it (WCAG 2.5.3). Without the label its name is what it shows.
        named = SEARCH_BUTTON_LABEL.sub(r"\1", named)
        if named != text:
            page.write_text(named, encoding="utf-8")


def _page_context(app, pagename, templatename, context, doctree) -> None:
    _drop_thebe(context)
    root = "../" * pagename.count("/")
    context["theme_extra_footer"] = footer_html(app.config).replace("{root}", root)
    if context.get("last_updated"):
        context["last_updated"] = format_date(date.today(), app.config.language)


def setup(app):
    messages()  # a broken catalogue stops the build here, before any page is written
    app.add_config_value("tilstand_accessibility_statement_url", "", "html", types=[str])
    app.add_config_value("tilstand_final", False, "html", types=[bool])
    app.add_config_value("tilstand_pdf", "", "html", types=[str])
    app.add_config_value("tilstand_contact", "", "html", types=[str])
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _use_catalogue, priority=900)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)
    app.connect("build-finished", _finish_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
