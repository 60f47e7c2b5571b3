"""Results of a pure function kept between builds: one cache entry maps each argument's digest to its result.

The readable JSON compacts each node of the release with pyld, and the disorder documents are each
compacted and checked; both are pure functions of a node's (a document's) JSON and of inputs fixed for the
whole run (the context, the code, pyld's version: the entry's key, cache.py). An edited claim changes a
few nodes, so only those are made again. The entry keeps the results this run used, so it never grows
with old ones, and is written only when something changed. With caching off every result is made.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from .cache import Cache


class Memo:
    """One function's results for one set of fixed inputs: `value(argument, make)`, then `save()`."""

    def __init__(self, cache: Cache, *fixed: bytes | str) -> None:
        self.cache = cache
        self.key = cache.key(*fixed)
        stored = cache.get(self.key) if self.key else None
        self.known: dict[str, Any] = json.loads(stored) if stored else {}
        self.used: dict[str, Any] = {}
        self.made = 0

    def value(self, argument: str, make: Callable[[], Any]) -> Any:
        """The result for `argument` (text the result depends on entirely): kept, or made now by `make()`.
        A result is JSON; the one returned is a fresh copy either way, free to change."""
        digest = hashlib.sha256(argument.encode("utf-8")).hexdigest()
        if digest not in self.known:
            self.known[digest] = json.loads(json.dumps(make()))
            self.made += 1
        self.used[digest] = self.known[digest]
        return json.loads(json.dumps(self.used[digest]))

    def save(self) -> None:
        """Keep the results this run used (none of the others), if they differ from what was kept."""
        if self.key and (self.made or len(self.used) != len(self.known)):
            # in digest order, each result's own key order kept: a kept result is the made one, byte for byte
            self.cache.put(self.key, json.dumps(dict(sorted(self.used.items()))).encode("utf-8"))

    @property
    def reused(self) -> int:
        return len(self.used) - self.made
