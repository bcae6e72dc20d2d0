"""quotes: who said what in Indonesian news."""
from quotes.model import Quote, Span

__all__ = ["Quote", "Span", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The engine (rules, patterns) loads on first use of quotes.extract, not with the package:
    # `quotes db search` and the web UI's pages never pay for it.
    if name == "extract":
        from quotes.pipeline import extract
        return extract
    raise AttributeError(f"module 'quotes' has no attribute {name!r}")
