"""The error bb-common would stop the render with, and where in the values it comes from."""

from __future__ import annotations

ValuesPath = tuple


class NetpolError(Exception):
    """Input bb-common rejects. `message` is bb-common's own text (a template `fail` or a schema
    violation); `path` is the tuple of keys into the values that locates the offending key."""

    def __init__(self, message: str, path: ValuesPath = (), *, layer: str = "template-fail"):
        super().__init__(message)
        self.message = message
        self.path = tuple(path)
        self.layer = layer

    def __str__(self) -> str:
        return self.message
