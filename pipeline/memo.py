"""Per-process memory of results that depend only on their key (a word, a name window, a
form): a dictionary that forgets everything when it grows past its limit, so a long batch
keeps the answers it asks for again and again without growing without bound."""
from __future__ import annotations

from typing import Any, Callable, Hashable


class Memo(dict):
    """``memo.get_or(key, make)``: the remembered value, else ``make()`` remembered."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def get_or(self, key: Hashable, make: Callable[[], Any]) -> Any:
        got = self.get(key)
        if got is None:
            got = make()
            if len(self) > self.limit:
                self.clear()
            self[key] = got
        return got
