"""Quotes stage: quote-mark pairing (`marks`), speaker attribution (`speakers`) and the stage itself
(`extract`).

Reads: the Doc and the actors stage's entities. Writes: `Quote` records (direct, partial, indirect) with
speaker and medium."""

from eventwire.quotes.extract import extract_quotes, quote_at

__all__ = ["extract_quotes", "quote_at"]
