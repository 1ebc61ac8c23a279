"""The ``meta-issues`` command: lint, export, generate, and scaffold new files."""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
