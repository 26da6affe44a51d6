"""Scale tooling: synthetic Korean archives of any size, written in bulk.

Kept apart from `articles` (which it only reads from) so the product app holds
no test-data code; see benchmarks/README.md for how it is used.
"""
