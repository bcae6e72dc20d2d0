"""quotes: who said what in Indonesian news."""
from quotes.model import Quote, Span
from quotes.pipeline import extract

__all__ = ["Quote", "Span", "extract"]
__version__ = "0.1.0"
