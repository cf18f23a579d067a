"""Decode JSON-stat 2.0 and 1.x into one tidy row per cell, keeping SSB's status symbols."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tilstand.ssb.errors import SsbError

# SSB symbols that mean "there is no number here", whatever the value field says.
MISSING_SYMBOLS = frozenset({".", "..", ":"})


def _datasets(doc: dict) -> dict:
    """JSON-stat 2.0 is one dataset at top level; 1.x wraps named datasets (usually 'dataset')."""
    if doc.get("class") == "dataset" or "version" in doc:
        return {"dataset": doc}
    found = {k: v for k, v in doc.items() if isinstance(v, dict) and "dimension" in v}
    if not found:
        raise SsbError("Svaret fra SSB er ikke JSON-stat (fant ingen datasett).")
    return found


def _structure(ds: dict) -> tuple[list[str], list[int], dict]:
    """Dimension ids and sizes live at dataset level in 2.0 and inside 'dimension' in 1.x."""
    dims = ds["dimension"]
    ids = ds.get("id") or dims.get("id")
    sizes = ds.get("size") or dims.get("size")
    return list(ids), [int(s) for s in sizes], dims


def _category_codes(dim_id: str, dim: dict, size: int) -> list[str]:
    """Codes in storage order; 'index' may be a dict, a list, or absent for a single category."""
    cat = dim.get("category", {})
    index = cat.get("index")
    if index is None:
        codes = list(cat.get("label", {}))
    elif isinstance(index, dict):
        codes = [None] * len(index)
        for code, pos in index.items():
            if not isinstance(pos, int) or not 0 <= pos < len(index):
                raise SsbError(
                    f"JSON-stat: kategorien «{code}» i dimensjonen {dim_id} har posisjon {pos}, "
                    f"utenfor 0–{len(index) - 1}. Svaret fra SSB er ødelagt; prøv igjen senere."
                )
            codes[pos] = str(code)
    else:
        codes = [str(c) for c in index]
    if len(codes) != size:
        raise SsbError(f"JSON-stat: dimensjonen {dim_id} har {len(codes)} koder, men størrelse {size}.")
    return codes


def _dense(field, n: int, fill, what: str) -> list:
    """Values and statuses come as a list, a sparse {index: x} dict, or (status) one string for all."""
    if field is None:
        return [fill] * n
    if isinstance(field, str):
        return [field] * n
    if isinstance(field, dict):
        out = [fill] * n
        for key, item in field.items():
            out[int(key)] = item
        return out
    if len(field) != n:
        raise SsbError(f"JSON-stat: {what} har {len(field)} elementer, men tabellen har {n} celler.")
    return list(field)


def decode(doc: dict) -> pd.DataFrame:
    """One row per cell (see _decode); a document that is not valid JSON-stat is an SsbError."""
    try:
        return _decode(doc)
    except SsbError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise SsbError(f"Svaret fra SSB er ikke gyldig JSON-stat ({type(error).__name__}: {error}).") from error


def _decode(doc: dict) -> pd.DataFrame:
    """One row per cell: a column per dimension (codes as text), float `value`, text `status`.

    A cell with a symbol meaning "no number" (`.`, `..`, `:`) gets NaN whatever its value;
    `-` (exactly zero) keeps the value SSB gave, which is 0 or missing, never an invented 0.
    """
    ds = next(iter(_datasets(doc).values()))
    ids, sizes, dims = _structure(ds)
    codes = [_category_codes(d, dims[d], s) for d, s in zip(ids, sizes)]
    n = int(np.prod(sizes)) if sizes else 0
    frame = pd.MultiIndex.from_product(codes, names=ids).to_frame(index=False)
    raw = _dense(ds.get("value"), n, None, "value")
    values = pd.to_numeric(pd.Series(raw, dtype="object"), errors="coerce").astype(float)
    status = pd.Series(_dense(ds.get("status"), n, "", "status"), dtype="object").fillna("").astype(str)
    values[status.isin(MISSING_SYMBOLS)] = np.nan
    frame["value"] = values.to_numpy()
    frame["status"] = status.to_numpy()
    return frame


def dataset_info(doc: dict) -> dict:
    """Title and update time, for provenance."""
    ds = next(iter(_datasets(doc).values()))
    return {"title": ds.get("label", ""), "updated": ds.get("updated", "")}
