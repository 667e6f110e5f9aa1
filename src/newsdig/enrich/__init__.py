"""Enrich: what an article says beyond its words — copies, stories, entities, who said what.

Each part is a plain function over an article (or a parsed spaCy Doc) returning the records of
`newsdig.enrich.records`; `newsdig.enrich.pipeline` is the loop that feeds them and stores the
results in the catalog.
"""
