"""Builds the report site: plan, execute chapters, assemble, print, publish (publish/pipeline.py).

The pipeline is imported when first asked for, so `build` can find a no-change rebuild
(publish/unchanged.py) before the heavy stack (pandas, Altair, Sphinx) is loaded."""


def __getattr__(name: str):
    if name in ("BuildError", "build_report"):
        from tilstand.publish import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)


__all__ = ["BuildError", "build_report"]
