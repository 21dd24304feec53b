"""Errors a user can cause: each names the file (and line) and says how to fix it."""

from __future__ import annotations


class SitegenError(Exception):
    """A problem with the user's input or configuration, reported without a traceback."""

    def __init__(self, message: str, location: str = "", hint: str = ""):
        self.message = message
        self.location = location  # "content/site.toml:3"
        self.hint = hint  # how to fix it
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text
