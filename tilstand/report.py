"""What a chapter notebook calls: one object that selects the figures, makes each published figure
as a value (present/) and shows it (present/outputs.py).

    report = Report(municipality, year, language, context)
    report.figure("meldinger_nye")                  # chart, sentences, table and CSV
    report.glue_sentences("nye", "meldinger_nye")   # {glue:md}`nye` in the chapter's text

Every number a chapter shows comes through here, after small counts are hidden.
"""

from __future__ import annotations

from IPython.display import Markdown
from myst_nb import glue

from tilstand.compute.prognosis import DEFAULT_HORIZON
from tilstand.compute.view import open_view
from tilstand.context import BuildContext
from tilstand.ingest import narrative
from tilstand.present import about, blocks, duties, outputs, sections, sentences
from tilstand.present.outputs import as_text, show
from tilstand.present.sentences import Wording


class Report:
    def __init__(
        self, municipality: str | int, year: str | int, language: str | None = None, context: str | None = None
    ):
        build = BuildContext.read(context)
        self.view = view = open_view(
            municipality, year, language or build.language, build.folder, build.snapshot, build.chosen
        )
        self.w = Wording(view.language, frozenset(m.name for m in view.register.all()))
        self.t = self.w.t
        self._said: list[str] = []  # sentences the chapter's text already says (glue_sentences)
        self.shown: set[str] = set()  # the indicators this chapter has placed (other_figures shows the rest)
        for key, value in {
            "kommune": view.name,
            "year": view.year,
            "previous_year": view.year - 1,
            "small_count_max": view.settings.small_count_max,
            **sentences.legal_terms(view.year, view.language),
        }.items():
            glue(key, Markdown(as_text(str(value))), display=False)

    def _show(self, block, series) -> None:
        self.shown.add(series.indicator.id)
        optional = not self.view.module_enabled(series.indicator)
        aside = sections.aside(series, optional, block)
        show(
            outputs.figure(block, self.w.language)
            if block and not optional
            else outputs.empty(
                sentences.title(series, self.w.language), self.w.language, optional=optional, aside=aside
            )
        )

    def figure(
        self,
        indicator_id: str,
        kind: str = "auto",
        title: str | None = None,
        region: str | None = None,
        key: str | None = None,
    ) -> None:
        """Chart (or key figure), sentences, table and CSV for one indicator; left out of the site
        when it has no figures or belongs to a part of the report the settings leave out.
        region: a comparison region's series instead (national rates are stored under EAK)."""
        series = self.view.series(indicator_id, [region] if region else None)
        summary = sentences.without(sentences.describe(series, self.w), self._said) or None
        labels = sections.labels(self.view, self.w, series)
        self._show(
            blocks.indicator_block(series, labels, key=key or indicator_id, kind=kind, title=title, summary=summary),
            series,
        )

    def fixed_price_figure(self, indicator_id: str) -> None:
        """Amounts in the report year's kroner; years without a price index are said to be missing."""
        series, block = sections.fixed_price_block(self.view, self.w, indicator_id)
        self._show(block, series)

    def prognosis_figure(
        self,
        indicator_id: str,
        category: str = "",
        *,
        exclude: tuple[int, ...] | None = None,
        horizon: int = DEFAULT_HORIZON,
    ) -> None:
        """The figures and their projected trend for the next years, the projection marked «prognose»;
        the years the settings call not representative (`ikke_representative_år`) left out unless given."""
        series, block = sections.prognosis_block(self.view, self.w, indicator_id, category, exclude, horizon)
        self._show(block, series)

    def other_figures(self, chapter: str) -> None:
        """The chapter's standard block: every indicator the catalogue places in `chapter` that the
        chapter has not shown above; an appendix-only one with figures is named in the appendix."""
        for indicator in [i for i in self.view.catalogue.for_chapter(chapter) if i.id not in self.shown]:
            if not indicator.appendix_only:
                self.figure(indicator.id)
            elif (series := self.view.series(indicator.id)).has_data:
                show(outputs.empty(sentences.title(series, self.w.language), self.w.language, True, "appendix_only"))
        show(outputs.empty("", self.w.language, optional=True))  # a block with nothing in it goes

    def comparison(self, indicator_id: str, regions: list[str] | None = None) -> None:
        """The municipality beside comparison regions (its settings' choice unless named) in the
        latest year with its figure."""
        series, block = sections.comparison_figure(self.view, self.w, indicator_id, regions)
        self._show(block, series)

    def ssb_figures(self, chapter: str) -> None:
        """SSB's figures for this chapter (fetched with `fetch`), credited with table and date."""
        for indicator in self.view.catalogue.for_chapter(chapter):
            if indicator.ssb_table:
                self.figure(indicator.id)

    def ssb_comparisons(self) -> None:
        """The municipality against its comparison regions (KOSTRA group, county, country and those
        its settings add) wherever SSB gives them."""
        for indicator in self.view.catalogue:
            if indicator.ssb_table:
                self.comparison(indicator.id, self.view.regions_with_figures(indicator.id))

    def asss_profile(self) -> None:
        """The ASSS network's service profile, then each indicator beside the network's average,
        highest and lowest; left out for municipalities outside the network."""
        show(sections.asss_profile(self.view, self.w))
        for indicator in self.view.catalogue:
            if indicator.asss_profile:
                self.comparison(indicator.id, self.view.asss_regions())

    def key_figures(self) -> None:
        """The year's key figures (marked in the catalogue) beside last year's, with the change."""
        show(sections.key_figures(self.view, self.w))

    def duties(self) -> None:
        """Each measurable legal duty (data/duties.yml): this year's figure, the earlier years, a
        benchmark and the status from its declared rule, with the legal source."""
        show(duties.duties_overview(self.view, self.w))

    def notable_changes(self, kind: str, limit: int = 4) -> None:
        """The most notable changes against the own trend (kind "trend") or the goal direction ("goal")."""
        show(sections.notable_changes(self.view, self.w, kind, limit))

    def handwritten(self, name: str) -> None:
        """The service's own text for this chapter (the build reads the file anew when it assembles)."""
        text = narrative.read_section(self.view.kommunenummer, self.view.year, name, self.view.workspace)
        show(outputs.narrative(name, text.html if text else None, self.w.language))

    def comment(self, chapter: str) -> None:
        """The service's optional comment on this chapter's figures."""
        text = narrative.read_comment(self.view.kommunenummer, self.view.year, chapter, self.view.workspace)
        show(outputs.narrative(f"{narrative.COMMENTS}/{chapter}", text.html if text else None, self.w.language))

    def source_list(self) -> None:
        """The documents and statistics the municipality's figures come from, as a list."""
        show(sections.source_list(self.view, self.w))

    def glue_sentences(self, key: str, *refs: str | tuple[str, str]) -> None:
        """{glue:md}`key` in the chapter's text: the level sentence of each figure that has one in
        the year (a hidden one says so), from the catalogue's phrasing; nothing when none has."""
        texts = sections.level_sentences(self.view, self.w, refs)
        self._said += texts
        self._glue(key, " ".join(texts))

    def glue_about(self) -> None:
        """{glue:md}`kilder`, `perioden`, `rapporten_viser`, `ikke_representative`, `reform` …: what the standard
        texts may say of this municipality's figures (sources, years, years left out of trends), from them."""
        self._glue("kilder", about.sources_sentence(self.view, self.w))
        self._glue("perioden", about.period_sentence(self.view, self.w))
        self._glue("rapporten_viser", about.intro_sentence(self.view, self.w))
        self._glue("apne_sma_tall", about.open_counts_sentence(self.view, self.w))
        self._glue("small_count_reason", about.lowered_threshold_sentence(self.view, self.w))
        self._glue("ikke_representative", about.not_representative_sentence(self.view, self.w))
        self._glue("reform", about.rates_reform_sentence(self.view, self.w))

    def glue_regions(self, key: str, *indicator_ids: str, ssb: bool = False) -> None:
        """{glue:md}`key`: the names of the comparison regions, as a list in a sentence: those the
        comparisons of `indicator_ids` (or, with ssb, of every SSB figure) show, so the text names
        exactly the regions in the figures; without either, the settings' regions."""
        self._glue(key, self.t.join(sections.shown_region_names(self.view, indicator_ids, ssb)))

    def _glue(self, key: str, text: str) -> None:
        """For {glue:md}`key` on the site; in JupyterLab, which shows that role as it is, the text is shown."""
        glue(key, Markdown(as_text(text)), display=False)
        show(outputs.for_lab(f"`{key}`: {text}"))
