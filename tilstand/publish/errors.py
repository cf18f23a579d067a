"""Build failures, each with one Norwegian message an analyst can act on."""

from tilstand.ingest.problems import UserError


class BuildError(UserError, RuntimeError):
    """A build that stopped; the previous site is left as it was."""

    exit_code = 3


class FinalRefused(UserError):
    """A final report asked for while something it must hold is missing."""

    exit_code = 2


class ChapterFailed(BuildError):
    """A chapter notebook raised: names the chapter, the cell and the error."""

    def __init__(self, chapter: str, path: str, cell: int | None, source_line: str, error: str):
        self.chapter, self.path, self.cell, self.error = chapter, path, cell, error
        where = f"i kodecelle {cell}" if cell is not None else "før første kodecelle"
        code = f" («{source_line}»)" if source_line else ""
        super().__init__(
            f"Kapittelet «{chapter}» ({path}) feilet {where}{code}: {error}. Forrige publiserte nettsted er uendret."
        )
