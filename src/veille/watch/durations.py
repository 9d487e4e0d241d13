"""Durations as people type them: ``90s``, ``30m``, ``2h``, ``1d``, ``0.5s``."""

from __future__ import annotations

import re

__all__ = ["format_duration", "parse_duration"]

_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", re.IGNORECASE)


def parse_duration(text: str, *, allow_zero: bool = False) -> float:
    """Seconds in ``text``, a number followed by s, m, h or d; ``ValueError`` otherwise."""
    match = _DURATION.fullmatch(text or "")
    if not match:
        raise ValueError(f"{text!r} is not a duration: write a number and a unit, s, m, h "
                         "or d (90s, 30m, 2h, 1d)")
    seconds = float(match[1]) * _UNITS[match[2].lower()]
    if seconds <= 0 and not (allow_zero and seconds == 0):
        raise ValueError(f"{text!r}: a duration must be positive")
    return seconds


def format_duration(seconds: float) -> str:
    """The shortest exact way to write ``seconds`` with one unit (``900`` → ``15m``)."""
    for unit in ("d", "h", "m"):
        count = seconds / _UNITS[unit]
        if count >= 1 and count == int(count):
            return f"{int(count)}{unit}"
    return f"{seconds:g}s"
