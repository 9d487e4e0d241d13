"""veille: turn raw news pages into knowledge you can query.

The stages, each a function over frozen records (see DESIGN.md)::

    iter_sources / fetch  →  Page
    extract               →  Article
    analyze               →  Analysis
    Store                 ↔  SQLite (WAL, FTS5)

``iter_analyses`` composes them for many inputs, keeping one result per document.
"""

from veille._version import __version__
from veille.analyze import analyze, analyze_many
from veille.errors import (
    AnalyzeError,
    BinaryContent,
    DecodeError,
    EmptyDocument,
    ExtractError,
    FetchError,
    HTTPError,
    MalformedRecord,
    ModelNotInstalled,
    NotFound,
    SourceNotFound,
    StoreError,
    TooLarge,
    VeilleError,
)
from veille.extract import extract
from veille.fetch import fetch, iter_sources
from veille.pipeline import Result, iter_analyses
from veille.records import (
    SCHEMA,
    Analysis,
    Article,
    Entity,
    Event,
    Failure,
    Page,
    Place,
    Quote,
    Timex,
)
from veille.store import Store

__all__ = [
    "Analysis",
    "AnalyzeError",
    "Article",
    "BinaryContent",
    "DecodeError",
    "EmptyDocument",
    "Entity",
    "Event",
    "ExtractError",
    "Failure",
    "FetchError",
    "HTTPError",
    "MalformedRecord",
    "ModelNotInstalled",
    "NotFound",
    "Page",
    "Place",
    "Quote",
    "Result",
    "SCHEMA",
    "SourceNotFound",
    "Store",
    "StoreError",
    "Timex",
    "TooLarge",
    "VeilleError",
    "__version__",
    "analyze",
    "analyze_many",
    "extract",
    "fetch",
    "iter_analyses",
    "iter_sources",
]
