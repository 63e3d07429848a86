"""Coders that run elsewhere: anything with `code_many` is an `ingest.ArticleCoder`.

- `dask.DaskCoder`: one `Coder` per Dask worker (a local cluster or an existing scheduler).
"""
