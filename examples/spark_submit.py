"""Extract the quotes of an article archive on a Spark cluster; Parquet in, Parquet out.

    spark-submit examples/spark_submit.py s3://archive/articles/ s3://archive/quotes/ [--rules my.toml]

ARTICLES is a Parquet dataset with a ``text`` column (and ``id``, ``url``, ``title``,
``outlet``, ``published``; other columns pass through). Every node needs
``pip install 'quotes[spark]'`` (Databricks: a cluster library; EMR: a bootstrap action;
YARN: the same virtual environment on each node, or ``--archives`` of a packed one). A rules
file must be readable at the same path on every node: ship it with ``--files my.toml`` and
name it by its base name. Load the result into the quote database with
``quotes db load QUOTES`` (it reads s3:// and other fsspec URLs too).
"""
from __future__ import annotations

import argparse
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    from quotes.spark import extract_quotes

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", help="Parquet dataset of articles (path or URL)")
    ap.add_argument("quotes", help="where to write the quote rows (a new folder or URL)")
    ap.add_argument("--rules", action="append", default=[], metavar="FILE",
                    help="extra rules file shipped with --files (its base name)")
    args = ap.parse_args(argv)
    spark = SparkSession.builder.appName("quotes").getOrCreate()
    rules = [SparkFiles.get(name) if "/" not in name else name for name in args.rules]
    # one output file per input partition: the files keep the input's order for `db load`
    extract_quotes(spark.read.parquet(args.articles), rules=rules).write.parquet(args.quotes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
