"""Research export formats over streams of event rows (`Store.iter_events`, `store.event_rows`):

- `parquet`: events (flat columns, lists as Arrow lists), event actors, places and quotes (pyarrow);
- `acled`: ACLED-style CSV, PLOVER types mapped by `data/acled_mapping.json`;
- `phoenix`: Phoenix/CAMEO TSV, one row per actor-recipient dyad.

Every writer consumes its rows once, a chunk at a time: memory does not grow with the store.
The PLOVER JSONL, CSV and GeoJSON writers are in `eventwire.export`.
"""
