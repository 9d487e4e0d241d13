"""The public API: ``__all__`` is sorted, complete and importable; py.typed ships."""

from __future__ import annotations

import importlib.resources
import types

import veille


def test_all_is_sorted_and_importable() -> None:
    assert veille.__all__ == sorted(veille.__all__)
    for name in veille.__all__:
        assert hasattr(veille, name), name


def test_every_public_name_is_exported() -> None:
    public = {name for name, value in vars(veille).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert public == set(veille.__all__) - {"__version__"}


def test_py_typed_is_shipped() -> None:
    assert (importlib.resources.files("veille") / "py.typed").is_file()


def test_analyze_accepts_text_and_html() -> None:
    text = ("Le ministre Jean Dupont a rencontré mardi à Paris son homologue allemande "
            "Anna Braun.")
    analysis = veille.analyze(text, published="2025-03-04")
    assert analysis.article.text == text  # plain text is kept verbatim
    assert analysis.article.published == "2025-03-04"
    names = {e.name for e in analysis.entities if e.type == "PER"}
    assert {"Jean Dupont", "Anna Braun"} <= names
    html = f"<html><body><article><h1>Rencontre</h1><p>{text}</p></article></body></html>"
    from_html = veille.analyze(html)
    assert from_html.article.title == "Rencontre"
    assert text in from_html.article.text
