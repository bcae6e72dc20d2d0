"""The `quotes` command line. I/O lives here; extraction itself is pure (quotes.pipeline)."""
from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import itertools
import os
import sys
from typing import Callable, Iterator, Sequence

from quotes.model import KINDS
from quotes.outputs import FORMATS

# Modules that add their own subcommands with register(subparsers). Each keeps its heavy
# imports (SQL, web, stanza) inside its handlers so that `quotes extract` stays light.
SUBCOMMAND_MODULES: list[str] = ["quotes.db.cli", "quotes.nlp.commands", "quotes.web.cli"]
NLP_MODES = ("rules", "stanza", "both")
ENGINES = ("local", "dask")  # quotes.engines (not imported here: it needs pyarrow)


def parse_kinds(value: str) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    bad = kinds - set(KINDS)
    if bad or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind(s) {', '.join(sorted(bad)) or '(none)'}; choose from {', '.join(KINDS)}")
    return kinds


def _whole(value: str) -> bool:
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int()
    return value.strip().isascii() and value.strip().isdigit()


def positive(value: str) -> int:
    if not _whole(value) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def non_negative(value: str) -> int:
    if not _whole(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number (0 or more)")
    return int(value)


def hint_if_terminal(paths: Sequence[str]) -> None:
    """Say so when reading stdin from a terminal: otherwise the command seems to hang."""
    if "-" in paths and sys.stdin is not None and sys.stdin.isatty():
        print("quotes: reading an article from the terminal; paste it, then press Ctrl-D "
              "(or give files: quotes --help)", file=sys.stderr)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, sized without importing shutil (and with it bz2 and lzma): each
    add_argument makes one, so a plain `quotes extract` paid those imports at every start."""

    def __init__(self, prog: str, **kwargs) -> None:
        kwargs.setdefault("width", _terminal_columns() - 2)  # argparse's margin
        super().__init__(prog, **kwargs)


class Parser(argparse.ArgumentParser):
    """An argument parser whose subcommands' parsers (this class too) share _HelpFormatter:
    every parser of the command is one."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def add_extraction_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that extracts (extract, db ingest)."""
    p.add_argument("--rules", action="append", default=[], metavar="FILE",
                   help="extra rules file (TOML, same sections as rules/); may be repeated")
    p.add_argument("--jobs", "-j", type=positive, default=default_jobs(), metavar="N",
                   help="extract on N processes (default: all cores)")
    p.add_argument("--nlp", choices=NLP_MODES, default="rules",
                   help="rules: the rules alone; stanza: stanza's names and syntax, and its "
                        "sentences inside run-ons (needs the stanza extra); both: the rules, "
                        "stanza fills gaps")
    p.add_argument("--stanza-dir", metavar="DIR",
                   help="stanza model folder (default: $QUOTES_STANZA_DIR, else the shipped models)")


def build_parser(extract_only: bool = False) -> argparse.ArgumentParser:
    """The parser of every command; ``extract_only`` leaves the others (and their imports)
    out, for a fast start of `quotes extract`."""
    from quotes import __version__
    parser = Parser(prog="quotes", description="Who said what in Indonesian news.")
    parser.add_argument("--version", action="version", version=f"quotes {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ex = sub.add_parser("extract", help="print the quotes of articles",
                        description="Extract every quotation with its speaker from text files, "
                                    "JSONL files of articles, Parquet files, folders of them "
                                    "(recursively), URLs (s3://… with its fsspec driver) or stdin (-).")
    ex.add_argument("paths", nargs="*", default=["-"], metavar="PATH",
                    help="files, folders, URLs or - for stdin (default: stdin)")
    ex.add_argument("--format", "-f", choices=FORMATS + ("parquet",), default="text",
                    help="parquet: a folder of Parquet files (-o DIR; needs quotes[parquet])")
    ex.add_argument("--kinds", type=parse_kinds, default=frozenset(KINDS), metavar="K[,K]",
                    help="only these kinds: direct, mixed, indirect")
    ex.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout (parquet: a folder)")
    ex.add_argument("--engine", choices=ENGINES, default="local",
                    help="with --format parquet: local processes (--jobs) or Dask (needs quotes[dask])")
    ex.add_argument("--scheduler", metavar="URL",
                    help="--engine dask: an existing cluster's scheduler (tcp://HOST:PORT); "
                         "default: a local cluster of --jobs workers")
    add_extraction_options(ex)
    ex.set_defaults(handler=run_extract)
    for name in [] if extract_only else SUBCOMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def check_nlp(args: argparse.Namespace) -> str | None:
    """Why --nlp cannot work here (stanza missing, bad model folder), or None. Loads nothing."""
    if args.nlp == "rules":
        return None
    from quotes.nlp.loader import NlpUnavailable, check_installed, check_model_dir, model_dir
    try:
        check_installed()
        check_model_dir(model_dir(args.stanza_dir))
    except NlpUnavailable as exc:
        return str(exc)
    return None


def check_parquet(args: argparse.Namespace) -> str | None:
    """Why these options cannot write Parquet, or None."""
    if args.format != "parquet":
        return "--engine and --scheduler write Parquet: add --format parquet -o DIR"
    if not args.output:
        return "--format parquet writes a folder of files: give it with -o DIR"
    if args.scheduler and args.engine != "dask":
        return "--scheduler is for --engine dask"
    if importlib.util.find_spec("pyarrow") is None:
        return "--format parquet needs pyarrow: pip install 'quotes[parquet]'"
    return None


def run_extract(args: argparse.Namespace) -> int:
    from quotes.rules import RulesError, load_rules
    try:
        load_rules(args.rules)  # fail early, once, with a clear message
    except RulesError as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    if (why := check_nlp(args)) is not None:
        print(f"quotes: {why}", file=sys.stderr)
        return 2
    if args.format == "parquet" or args.engine != "local" or args.scheduler:
        if (why := check_parquet(args)) is not None:
            print(f"quotes: {why}", file=sys.stderr)
            return 2
        from quotes.engines.command import run_parquet
        return run_parquet(args)
    from quotes.model import Failed
    from quotes.nlp import NlpUnavailable
    from quotes.outputs import Writer
    from quotes.progress import Progress
    hint_if_terminal(args.paths)
    progress = Progress(_count_files(args.paths) if sys.stderr.isatty() else None, "files")
    docs = readable(args.paths, progress.note)
    first = next(docs, None)
    if first is None:
        progress.close()
        print("quotes: nothing could be read", file=sys.stderr)
        return 1
    destination = args.output or "standard output"
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    except OSError as exc:
        progress.close()
        print(f"quotes: cannot write {destination}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    written = failed = found = 0
    try:
        from quotes.stream import Options, extract_records
        writer = Writer(out, args.format)
        options = Options(tuple(args.rules), args.format, args.kinds, args.nlp, args.stanza_dir)
        for name, records in extract_records(itertools.chain([first], docs), options, args.jobs):
            if isinstance(records, Failed):
                failed += 1
                progress.note(f"quotes: skipped {name}: {records.why}")
            else:
                writer.write_lines(records)  # one record a quote
                written, found = written + 1, found + len(records)
                if written == 1 and _started_paused:
                    _collect_again()
            progress.advance(status=f"{found:,} quotes")
        writer.close()
    except NlpUnavailable as exc:
        print(f"quotes: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # the reader left: handled quietly in main()
    except OSError as exc:  # disk full, quota, I/O error
        print(f"quotes: cannot write {destination}: {exc.strerror or exc}", file=sys.stderr)
        if not args.output:
            discard_stdout()
        return 1
    finally:
        progress.close()
        if args.output:
            out.close()
    if progress.live:
        print(f"quotes: {written:,} files, {found:,} quotes in {progress.elapsed()}"
              + (f"; {failed:,} failed" if failed else ""), file=sys.stderr)
    return 0 if written else 1


def _count_files(paths: Sequence[str]) -> int | None:
    """How many documents ``paths`` hold, for the progress bar's total (text files and JSONL
    lines); None where that is unknown (stdin)."""
    from quotes.db.sources import count_articles
    return count_articles(paths)


def readable(paths: Sequence[str], report: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    """(name, text) of each document as it is read; problems go to ``report``."""
    from quotes.inputs import Problem
    from quotes.markup import looks_like_html
    from quotes.shards import read_documents_of
    for item in read_documents_of(paths):
        if isinstance(item, Problem):
            report(f"quotes: skipped {item}")
            continue
        if looks_like_html(item.text):
            report(f"quotes: {item.name}: looks like HTML; its tags are ignored "
                   "(offsets still count from the file's start)")
        yield item.name, item.text


def discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush of what could not be
    written fails no more (it would print a second error, or a traceback, at exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(extract_only=argv[:1] == ["extract"]).parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `quotes extract … | head` is normal use
        discard_stdout()
        return 0


_started_paused = False  # whether command() paused the cycle collector for `quotes extract`'s start


def _collect_again() -> None:
    """After the first article: what is alive now is the run's for good (modules, classes,
    rules, patterns), so it is frozen out of the collector's walks, which start again."""
    global _started_paused
    _started_paused = False
    gc.freeze()
    gc.enable()


def command(argv: Sequence[str] | None = None) -> int:
    """The installed `quotes` command: main(), then the process ends.

    Start-up builds only what lives to the end: importing the modules, reading the rules back
    and the first article's patterns. `quotes extract` runs it with the cycle collector
    paused, whose passes over the growing heap cost a twentieth of a one-file run, and starts
    it again after the first article (_collect_again).

    At exit the interpreter runs its cycle collector over every object still alive (the
    rules' word sets, compiled patterns, the modules' classes): a fifth of a one-file
    `quotes extract`. Freezing them first leaves those passes nothing to walk; objects outside
    reference cycles are still freed as the modules are cleared, those in cycles go with the
    process. Neither is in main(): tests call it in their process."""
    global _started_paused
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["extract"] and gc.isenabled():
        _started_paused = True
        gc.disable()
    try:
        code = main(args)
    finally:
        if _started_paused:  # no article came out
            _collect_again()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(command())
