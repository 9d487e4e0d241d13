"""Provenance: where a story comes from — near-duplicates, translations, first copies, flags.

::

    Article ──fingerprint()──► dict (MinHash, sentence-encoder vector, numbers and names)
    fingerprints ──link_new(store, …)──► links ──► stories (first copy) ──► flags

``fingerprint`` needs no store, so Dask workers compute it next to the analysis;
``link_new`` runs where the store is written (ingest, ``veille load``); ``relink``
rebuilds everything. Reads live in ``veille.query.provenance``. Names are imported on
first use (numpy, datasketch), so that importing the CLI stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veille.provenance.compare import ProvenanceOptions
    from veille.provenance.fingerprints import VERSION, fingerprint
    from veille.provenance.link import fingerprints_for, link_new, relink, stale_articles

__all__ = [
    "VERSION",
    "ProvenanceOptions",
    "fingerprint",
    "fingerprints_for",
    "link_new",
    "relink",
    "stale_articles",
]

_HOME = {"VERSION": "fingerprints", "fingerprint": "fingerprints",
         "ProvenanceOptions": "compare", "fingerprints_for": "link", "link_new": "link",
         "relink": "link", "stale_articles": "link"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'veille.provenance' has no attribute {name!r}")
    return getattr(importlib.import_module(f"veille.provenance.{_HOME[name]}"), name)
