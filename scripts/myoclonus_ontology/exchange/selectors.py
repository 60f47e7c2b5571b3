"""W3C Web Annotation selectors for a quoted span: both the position and the quote with its context.

A TextQuoteSelector's prefix and suffix are widened (up to `MAX_CONTEXT` characters each side) until
prefix + exact + suffix occurs exactly once on the page, so an annotation client re-anchors the span
without the offsets; the TextPositionSelector gives the offsets themselves (0-based, end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # the customary context length of annotation clients
MAX_CONTEXT = 256


@dataclass(frozen=True)
class Selectors:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def selectors(text: str, start: int, end: int) -> Selectors:
    """Both selectors for `text[start:end]`, the quote's context wide enough to be unique on the page."""
    width = CONTEXT
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        if text.count(prefix + text[start:end] + suffix) == 1 or width >= MAX_CONTEXT:
            return Selectors(text[start:end], prefix, suffix, start, end)
        width *= 2


def anchor(text: str, found: Selectors) -> tuple[int, int] | None:
    """Where a quote selector re-anchors on `text` (None unless prefix + exact + suffix occurs once)."""
    whole = found.prefix + found.exact + found.suffix
    if text.count(whole) != 1:
        return None
    start = text.index(whole) + len(found.prefix)
    return start, start + len(found.exact)
