"""newsdig on Apache Spark: the import pipeline over WARC files, scaled out (the `[spark]` extra).

`newsdig spark ingest` (or `python -m newsdig.spark ingest`, or spark-submit of this package's
__main__.py) drives the very functions `newsdig add` and `newsdig enrich` use — the WARC reader,
`extract`, the template rules, spaCy analysis, MinHash — and writes a dataset directory: Parquet
articles and rejections plus one tantivy shard per month x language (see `job` for what runs
where). Nothing here imports pyspark at module level except the stage glue, so the CLI stays fast
and says what to install when Spark or Java is missing.
"""
