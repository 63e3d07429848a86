"""Times stage: time expressions found in the Doc (`extract`) and resolved against the publication date
by our rules around dateparser (`rules`, with the words in data/time_expressions.json).

Reads: the Doc and the publication date. Writes: `TimeExpr` records with inclusive date intervals."""

from eventwire.times.extract import extract_times, resolve_expression

__all__ = ["extract_times", "resolve_expression"]
