"""Tooling that serving never imports: the benchmark and the synthetic catalog it measures.

Nothing under scholargate/, methods/ or compare/ imports this package (tests/tools checks it)."""
