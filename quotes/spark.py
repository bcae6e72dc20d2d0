"""Quote extraction on Spark: ``extract_quotes(df)`` over ``mapInArrow``.

    from quotes.spark import extract_quotes
    quotes = extract_quotes(spark.read.parquet("s3://archive/articles/"))
    quotes.write.parquet("s3://archive/quotes/")

Each executor runs the same engine-free function as the local and Dask engines
(quotes.batch.extract_batch) on Arrow batches of its partition; the rules load once per
Python worker. Rule files given in ``rules`` must be readable at the same path on every
executor (ship them with ``--files`` and pass ``SparkFiles.get(name)``, or use a shared
file system). Needs ``pip install 'quotes[spark]'`` on the driver and the executors.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

import pyarrow as pa

from quotes.batch import Options, extract_batch, output_schema
from quotes.model import KINDS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def extract_quotes(df: "DataFrame", rules: Sequence[str] = (), kinds: Iterable[str] = KINDS) -> "DataFrame":
    """The quote rows of the articles in ``df`` (columns ``text`` and ``id``, ``url``,
    ``title``, ``outlet``, ``published``; others pass through as ``article_<name>``), in
    the schema quotes.batch.output_schema gives: the rows `quotes extract --format parquet`
    writes for the same articles."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema
    if "text" not in df.columns:
        raise ValueError(f'the articles need a "text" column; this DataFrame has {", ".join(df.columns)}')
    schema = output_schema(to_arrow_schema(df.schema))
    options = Options(rule_files=tuple(rules), kinds=frozenset(kinds))

    def extract(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            yield extract_batch(batch, options)
    return df.mapInArrow(extract, from_arrow_schema(schema))
