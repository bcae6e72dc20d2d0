"""`quotes db …`: build a quote database from an archive and query it.

Only argparse and the standard library are imported at module level: `quotes extract` must
not pay for SQLAlchemy. Handlers import what they need.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import IO, Callable

from quotes.cli import Parser, add_extraction_options, check_nlp, hint_if_terminal, parse_kinds, positive
from quotes.db.render import LISTING_FORMATS


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    common = Parser(add_help=False)
    # SUPPRESS: `speakers --db X merge …` must not be reset by merge's own (absent) --db
    common.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS,
                        help="SQLite file or postgresql://… URL (default: $QUOTES_DB, else quotes.db)")
    listing = Parser(add_help=False)
    listing.add_argument("--format", "-f", choices=LISTING_FORMATS, default="table")

    db = subparsers.add_parser("db", help="build and query a quote database",
                               description="Store the quotes of a news archive in a database and "
                                           "search who said what.")
    sub = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="extract and store the quotes of articles",
                       description="Store articles and their quotes. PATHs are text files, folders "
                                   "(their *.txt and *.jsonl files), JSONL files of articles "
                                   '({"id", "url", "title", "outlet", "published", "text"}) or - '
                                   "for stdin. Unchanged articles are skipped; changed ones replaced.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--batch", type=positive, default=500, metavar="N",
                   help="articles per transaction (default 500)")
    about = p.add_argument_group("text files", "what the files themselves cannot say (a saved HTML page's "
                                               "own metadata, where it has them, come first)")
    about.add_argument("--outlet", metavar="NAME", help="the outlet that published them")
    about.add_argument("--published", type=iso_date, metavar="DATE", help="their publication date (YYYY-MM-DD)")
    about.add_argument("--url", metavar="URL", help="where the article was published (one file only)")
    add_extraction_options(p)
    p.set_defaults(handler=run_ingest)

    p = sub.add_parser("load", parents=[common], help="store what `extract --format parquet` wrote",
                       description="Store the quote rows of a folder of Parquet files (or a URL of "
                                   "one) written by `quotes extract --format parquet`, Dask or "
                                   "quotes.spark, without extracting again: as `ingest` stores "
                                   "their articles (unchanged ones skipped, speakers merged).")
    p.add_argument("folder", metavar="PARQUET_DIR")
    p.add_argument("--batch", type=positive, default=500, metavar="N",
                   help="articles per transaction (default 500)")
    p.set_defaults(handler=run_load)

    p = sub.add_parser("search", parents=[common, listing], help="find quotes by words and filters",
                       description='Quotes that contain every word and "quoted phrase" of TEXT '
                                   "(any case), newest first. Without TEXT the filters alone select.")
    p.add_argument("text", nargs="?", metavar="TEXT")
    p.add_argument("--speaker", metavar="NAME", help="speakers whose name, alias or title has these words")
    p.add_argument("--kind", type=parse_kinds, metavar="K[,K]", help="direct, mixed, indirect")
    p.add_argument("--outlet", metavar="NAME")
    p.add_argument("--since", type=iso_date, metavar="DATE", help="published on or after (YYYY-MM-DD)")
    p.add_argument("--until", type=iso_date, metavar="DATE", help="published on or before (YYYY-MM-DD)")
    p.add_argument("--limit", type=positive, default=50, metavar="N", help="at most N quotes (default 50)")
    p.set_defaults(handler=run_search)

    p = sub.add_parser("speakers", parents=[common, listing], help="list speakers; merge or rename them",
                       description="Speakers with their aliases, titles and quote counts, most "
                                   "quoted first; `merge` and `rename` correct them.")
    p.add_argument("--top", type=positive, metavar="N", help="only the N most quoted")
    p.set_defaults(handler=run_speakers)
    fix = p.add_subparsers(dest="speakers_command", metavar="{merge,rename}")
    m = fix.add_parser("merge", parents=[common], help="make two speakers one",
                       description="KEEP takes OTHER's quotes, aliases and titles; OTHER's name becomes "
                                   "an alias of KEEP. Speakers are named by id, name or alias.")
    m.add_argument("keep", metavar="KEEP")
    m.add_argument("other", metavar="OTHER")
    m.set_defaults(handler=run_merge)
    r = fix.add_parser("rename", parents=[common], help="give a speaker another name",
                       description="The old name stays as an alias.")
    r.add_argument("speaker", metavar="SPEAKER")
    r.add_argument("name", metavar="NEW_NAME")
    r.set_defaults(handler=run_rename)

    p = sub.add_parser("show", parents=[common, listing], help="an article's quotes in order",
                       description="ARTICLE is its JSONL id or the path it was ingested from.")
    p.add_argument("article", metavar="ARTICLE")
    p.set_defaults(handler=run_show)

    p = sub.add_parser("trail", parents=[common, listing], help="every appearance of one statement",
                       description="Every copy of a statement across articles and outlets, in time "
                                   "order: date, outlet, article, the speaker each outlet named and "
                                   "the wording it used. QUOTE is a quote id or words of the statement.")
    p.add_argument("quote", metavar="QUOTE")
    p.set_defaults(handler=run_trail)

    p = sub.add_parser("trails", parents=[common, listing], help="the most widely reported statements",
                       description="Statements carried by the most outlets, each with its first "
                                   "appearance. Quotes are grouped as they are ingested; --rebuild "
                                   "groups every stored quote again (after a change to the grouping).")
    p.add_argument("--top", type=positive, default=20, metavar="N", help="the N most reported (default 20)")
    p.add_argument("--rebuild", action="store_true", help="group every stored quote again")
    p.set_defaults(handler=run_trails)

    p = sub.add_parser("stats", parents=[common, listing], help="counts of articles, quotes and speakers")
    p.set_defaults(handler=run_stats)

    p = sub.add_parser("export", parents=[common], help="every quote with its article and speaker")
    p.add_argument("--format", "-f", choices=LISTING_FORMATS + ("parquet",), default="jsonl",
                   help="parquet: one Parquet file (-o FILE; needs quotes[parquet])")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(handler=run_export)


def db_arg(args: argparse.Namespace) -> str | None:
    return getattr(args, "db", None)


def fail(message: str, code: int = 1) -> int:
    print(f"quotes: {message}", file=sys.stderr)
    return code


def with_db(action: Callable[..., int]) -> Callable[[argparse.Namespace], int]:
    """Run ``action(args, …)`` and turn database and query errors into clear messages."""
    def handler(args: argparse.Namespace) -> int:
        from quotes.db.query import QueryError
        from quotes.db.reader import DbError
        try:
            return action(args)
        except (DbError, QueryError) as exc:
            return fail(str(exc))
        except Exception as exc:
            # the writers' errors and SQLAlchemy's: imported here, where one is raised, so that
            # a read that needs neither does not pay for them
            import sqlalchemy as sa

            from quotes.db.edit import EditError
            from quotes.db.reader import first_line
            if isinstance(exc, EditError):
                return fail(str(exc))
            if isinstance(exc, sa.exc.DBAPIError):
                return fail(f"database error: {first_line(exc)}")
            raise
    return handler


QUOTE_TABLE = ("published", "outlet", "speaker", "kind", "text")
QUOTE_WIDTHS = {"outlet": 16, "speaker": 24, "mention": 24, "text": 80}


@with_db
def run_ingest(args: argparse.Namespace) -> int:
    from quotes import parallel
    from quotes.db.ingest import ingest
    from quotes.db.sources import Given, count_articles, read_articles
    from quotes.db.store import db_location, open_db, shown
    from quotes.progress import Progress
    from quotes.rules import RulesError, load_rules
    if args.url and (len(args.paths) != 1 or os.path.isdir(args.paths[0])):
        return fail("--url names one article: give it with one file", 2)
    try:
        load_rules(args.rules)  # fail early, once, with a clear message
    except RulesError as exc:
        return fail(str(exc), 2)
    if (why := check_nlp(args)) is not None:
        return fail(why, 2)
    engine = open_db(db_arg(args), create=True, write=True)
    hint_if_terminal(args.paths)
    progress = Progress(count_articles(args.paths) if sys.stderr.isatty() else None, "articles")
    try:
        counts = ingest(engine, read_articles(args.paths, Given(args.outlet, args.published, args.url)),
                        lambda texts: parallel.map_extract(texts, args.rules, args.jobs, args.nlp, args.stanza_dir),
                        on_problem=lambda problem: progress.note(f"quotes: skipped {problem}"),
                        on_article=progress.advance,
                        on_progress=lambda c: progress.advance(0, f"{c.quotes:,} quotes, {c.problems:,} skipped"),
                        batch_size=args.batch)
    finally:
        progress.close()
        engine.dispose()
    return summary(args, counts, progress.elapsed() if progress.live else None)


def summary(args: argparse.Namespace, counts: IngestCounts, elapsed: str | None = None) -> int:
    """Print what an ingest or a load stored (and in how long, on a terminal); its exit status."""
    from quotes.db.store import db_location, shown
    print(f"quotes: {shown(db_location(db_arg(args)))}: {counts.added:,} articles added, {counts.replaced:,} replaced, "
          f"{counts.unchanged:,} unchanged, {counts.quotes:,} quotes stored"
          + (f"; {counts.problems:,} records skipped" if counts.problems else "")
          + (f" in {elapsed}" if elapsed else ""), file=sys.stderr)
    return 1 if counts.articles == 0 else 0


@with_db
def run_load(args: argparse.Namespace) -> int:
    try:
        from quotes.db.parquet import load, stored_articles
        from quotes.parquet import OutputError, quote_files
    except ImportError:
        return fail("`db load` reads Parquet: pip install 'quotes[parquet]'", 2)
    from quotes.db.store import open_db
    from quotes.progress import Progress
    try:
        quote_files(args.folder)  # before the database is made: a typo leaves nothing behind
    except (OutputError, OSError) as exc:
        return fail(str(exc))
    engine = open_db(db_arg(args), create=True, write=True)
    progress = Progress(None, "articles")
    shown_articles = 0

    def advance(counts: IngestCounts) -> None:  # load reports running totals, once a batch
        nonlocal shown_articles
        progress.advance(counts.articles - shown_articles, f"{counts.quotes:,} quotes")
        shown_articles = counts.articles
    try:
        counts = load(engine, stored_articles(args.folder),
                      on_problem=lambda problem: progress.note(f"quotes: skipped {problem}"),
                      on_progress=advance, batch_size=args.batch)
    finally:
        progress.close()
        engine.dispose()
    return summary(args, counts, progress.elapsed() if progress.live else None)


def _listing(args: argparse.Namespace, query: Callable, columns, widths=None, out: IO[str] | None = None,
             bulk: bool = False) -> int:
    """Write the rows of ``query(reader)`` (a function of quotes.db.query), read on the driver
    alone where the database allows (quotes.db.reader.reading; bulk: every row)."""
    from quotes.db.reader import reading
    from quotes.db.render import write_rows
    with reading(db_arg(args), bulk) as db:
        write_rows(out or sys.stdout, query(db), args.format, columns, widths)
    return 0


def _sa_listing(args: argparse.Namespace, query: Callable, columns, widths=None) -> int:
    """Write the rows of ``query(conn)`` on a SQLAlchemy connection (quote trails)."""
    from quotes.db.render import write_rows
    from quotes.db.store import open_db
    engine = open_db(db_arg(args))
    try:
        with engine.connect() as conn:
            write_rows(sys.stdout, query(conn), args.format, columns, widths)
    finally:
        engine.dispose()
    return 0


@with_db
def run_search(args: argparse.Namespace) -> int:
    from quotes.db import query
    return _listing(args, lambda conn: query.search(
        conn, args.text, speaker=args.speaker, kinds=sorted(args.kind) if args.kind else None,
        outlet=args.outlet, since=args.since, until=args.until, limit=args.limit), QUOTE_TABLE, QUOTE_WIDTHS)


@with_db
def run_speakers(args: argparse.Namespace) -> int:
    from quotes.db import query
    return _listing(args, lambda conn: query.list_speakers(conn, args.top),
                    ("speaker_id", "name", "quotes", "articles", "titles", "aliases"),
                    {"name": 32, "titles": 30, "aliases": 40})


def _edit(args: argparse.Namespace, change: Callable) -> int:
    from quotes.db.store import open_db
    engine = open_db(db_arg(args), write=True)
    try:
        with engine.begin() as conn:
            message = change(conn)
    finally:
        engine.dispose()
    print(f"quotes: {message}", file=sys.stderr)
    return 0


@with_db
def run_merge(args: argparse.Namespace) -> int:
    from quotes.db.edit import find_speaker, merge_speakers, speaker_name

    def change(conn) -> str:
        keep, other = find_speaker(conn, args.keep), find_speaker(conn, args.other)
        names = speaker_name(conn, keep), speaker_name(conn, other)
        merge_speakers(conn, keep, other)
        return f"merged {names[1]!r} into {names[0]!r}"
    return _edit(args, change)


@with_db
def run_rename(args: argparse.Namespace) -> int:
    from quotes.db.edit import find_speaker, rename_speaker, speaker_name

    def change(conn) -> str:
        speaker = find_speaker(conn, args.speaker)
        old = speaker_name(conn, speaker)
        rename_speaker(conn, speaker, args.name)
        return f"renamed {old!r} to {args.name.strip()!r}"
    return _edit(args, change)


@with_db
def run_show(args: argparse.Namespace) -> int:
    from quotes.db import query
    from quotes.db.query import QueryError
    from quotes.db.sources import article_key

    def quotes_of(conn):
        article = query.find_article(conn, args.article) or query.find_article(conn, article_key(args.article))
        if article is None:
            raise QueryError(f"no article {args.article!r} in the database")
        return query.article_quotes(conn, article.article_id)
    return _listing(args, quotes_of, ("position", "speaker", "mention", "kind", "text"), QUOTE_WIDTHS)


TRAIL_TABLE = ("published", "time", "outlet", "article", "named", "text")


@with_db
def run_trail(args: argparse.Namespace) -> int:
    from quotes.db import trails
    return _sa_listing(args, lambda conn: trails.trail(conn, trails.find_quote(conn, args.quote)),
                       TRAIL_TABLE, {"outlet": 20, "article": 32, "named": 24, "text": 80})


@with_db
def run_trails(args: argparse.Namespace) -> int:
    from quotes.db import trails
    from quotes.db.store import open_db
    if not args.rebuild:
        return _sa_listing(args, lambda conn: trails.most_reported(conn, args.top),
                           ("quote_id", "copies", "outlets", "published", "outlet", "speaker", "text"),
                           {"outlet": 20, "speaker": 24, "text": 70})
    engine = open_db(db_arg(args), write=True)
    try:
        with engine.begin() as conn:
            count = trails.rebuild(conn)
    finally:
        engine.dispose()
    print(f"quotes: grouped the stored quotes into {count:,} statements", file=sys.stderr)
    return 0


@with_db
def run_stats(args: argparse.Namespace) -> int:
    from quotes.db import query
    from quotes.db.reader import reading
    from quotes.db.render import write_record
    with reading(db_arg(args)) as db:
        write_record(sys.stdout, query.stats(db).as_dict(), args.format)
    return 0


@with_db
def run_export(args: argparse.Namespace) -> int:
    from quotes.db import query
    if args.format == "parquet":
        return export_parquet(args)
    if not args.output:
        return _listing(args, query.export, QUOTE_TABLE, QUOTE_WIDTHS, bulk=True)
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            return _listing(args, query.export, QUOTE_TABLE, QUOTE_WIDTHS, out, bulk=True)
    except OSError as exc:  # disk full, quota, no such folder
        return fail(f"cannot write {args.output}: {exc.strerror or exc}")


def export_parquet(args: argparse.Namespace) -> int:
    if not args.output:
        return fail("--format parquet writes a file: give it with -o FILE", 2)
    try:
        from quotes.db.parquet import export_parquet as write
    except ImportError:
        return fail("--format parquet needs pyarrow: pip install 'quotes[parquet]'", 2)
    from quotes.db import query
    from quotes.db.reader import reading
    try:
        with reading(db_arg(args), bulk=True) as db, open(args.output, "wb") as out:
            write(out, query.export(db))
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}")
    return 0
