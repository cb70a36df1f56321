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


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command (an annotation on the file and line)."""
    level = "warning" if problem.warning else "error"
    where = []
    if not problem.path.startswith("("):
        where.append(f"file={_escape(problem.path, prop=True)}")
        if problem.line:
            where.append(f"line={problem.line}")
    props = " " + ",".join(where) if where else ""
    return f"::{level}{props}::{_escape(problem.message)}"


def report(problems, stream, annotate: bool = False) -> None:
    """One line per problem; in CI (annotate) also a GitHub annotation each."""
    for problem in problems:
        print(problem, file=stream)
        if annotate:
            print(annotation(problem), file=stream)
