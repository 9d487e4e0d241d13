"""numpy's BLAS on one thread, for the parts of veille that make many small products.

veille's parallelism is processes (``--workers``), one per core. numpy's OpenBLAS starts a
thread per core in every process; on products of a few thousand rows by a few hundred
columns the extra threads cost more CPU than they save and, with one process per core,
fight the other processes for it. ``one_blas_thread()`` is a ``with`` block in which numpy's
BLAS uses one thread; the caller's own setting comes back after it.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["one_blas_thread"]


@functools.cache
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> Any:
    """numpy's BLAS on one thread for a ``with`` block (measured costs in the callers)."""
    return _controller().limit(limits=1, user_api="blas")
