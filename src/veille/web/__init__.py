"""The web app (``veille serve``): Starlette pages and a JSON API over ``veille.query``.

``create_app(path)`` returns the ASGI app over the store at ``path`` (opened read-only);
``veille serve`` runs it with uvicorn. Templates are in ``templates/``, the CSS, the small
script and the vendored world map in ``static/``. Starlette and Jinja2 are imported on
first use, so that ``veille --help`` does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veille.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from veille.web.app import create_app

        return create_app
    raise AttributeError(name)
