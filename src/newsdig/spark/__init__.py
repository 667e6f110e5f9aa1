"""newsdig on Apache Spark: the import pipeline over WARC files, scaled out (the `[spark]` extra).

`newsdig spark ingest` (or `python -m newsdig.spark ingest`, or spark-submit of this package's
__main__.py) drives the very functions `newsdig add` and `newsdig enrich` use — the WARC reader,
`extract`, the template rules, spaCy analysis, MinHash — and writes a dataset directory: Parquet
articles and rejections, partitioned by month x language, plus tantivy shards of adjacent months
of a language (see `job` for what runs where, `indexing` for how shards are planned). Nothing
here imports pyspark at module level except the stage glue, so the CLI stays fast and says what
to install when Spark or Java is missing.
"""
