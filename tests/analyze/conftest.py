"""Fixtures for the analyzer tests: the spaCy model loads once, each text is analysed once.

The French sentences of these tests are written for them, in newswire style; every person
named in them is fictional.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from veille.records import Analysis


@pytest.fixture(scope="session")
def analyse() -> Callable[[str], Analysis]:
    """``veille.analyze`` on a plain string, memoised: tables reuse the same sentences."""
    import veille

    done: dict[str, Analysis] = {}

    def run(text: str) -> Analysis:
        if text not in done:
            done[text] = veille.analyze(text)
        return done[text]

    return run
