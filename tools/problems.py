"""One problem an editor must fix: `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root
    line: int  # 1-based; 0 when the problem is about the whole file
    message: str
    # a warning is reported but does not fail `invoke check`
    warning: bool = False

    def __str__(self) -> str:
        message = f"warning: {self.message}" if self.warning else self.message
        return f"{self.path}:{self.line}: {message}" if self.line else f"{self.path}: {message}"
