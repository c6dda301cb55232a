"""Errors a trainee or trainer reads: a message key from content, shown in vi and en."""

from __future__ import annotations


class KitError(ValueError):
    """Bad input or a state the user can fix, explained in both languages.

    >>> str(KitError("cli.stop"))
    'Nhấn Ctrl+C để dừng. / Press Ctrl+C to stop.'
    """

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(f"{self.text('vi')} / {self.text('en')}")

    def text(self, lang: str | None = None) -> str:
        from .content import load

        return load().message(self.key, lang, **self.values)
