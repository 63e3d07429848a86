"""Placeholder until watchlists land."""

from __future__ import annotations


def evaluate(conn, update, options) -> None:
    return None
