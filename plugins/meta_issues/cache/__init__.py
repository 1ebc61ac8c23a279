"""Reuse between builds: one keying policy (``keys``), one store (``store``), the memos of a
long-lived process (``memo``), and the wrappers that reuse the pure steps (``results``).

Reading, pages and charts never import this package; it wraps them from outside.
"""
