"""Watchlists and alerts (docs/incidents.md, "Watchlists and alerts")."""
