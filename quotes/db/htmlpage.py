"""A saved news page (HTML): its article text and the page's own metadata.

News sites describe their articles for search engines and social networks; those descriptions
are the most reliable metadata a saved page has. Read in this order, the first found wins:

- title: ``og:title``, JSON-LD ``headline``, ``<title>``
- outlet: ``og:site_name``, JSON-LD ``publisher.name``, ``application-name``
- published: ``article:published_time``, JSON-LD ``datePublished``, ``pubdate``/``date``
  metas, the article's first ``<time datetime>``
- URL: ``og:url``, ``<link rel="canonical">``, JSON-LD ``url`` / ``mainEntityOfPage``
- text: JSON-LD ``articleBody``, else the paragraphs of ``<article>`` (or of the element
  marked ``itemprop="articleBody"``, else of the whole body), one paragraph a line, without
  scripts, navigation, asides, figures and forms.

Parsing is selectolax's (the lexbor HTML5 parser): it reads broken markup as browsers do.
"""
from __future__ import annotations

import json
from typing import Any, Iterator

import attrs
from selectolax.lexbor import LexborHTMLParser, LexborNode

NEWS_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle",
                        "OpinionNewsArticle", "BlogPosting", "WebPage"})
# page furniture around an article: never its text
NOT_TEXT = ["script", "style", "noscript", "template", "nav", "aside", "footer", "header", "form",
            "figure", "figcaption", "button", "iframe", "svg"]


@attrs.frozen
class Page:
    text: str
    title: str | None = None
    outlet: str | None = None
    # every publication date the page gives, best first, as written (quotes.db.sources
    # takes the first it can read)
    published: tuple[str, ...] = ()
    url: str | None = None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _json_ld(tree: LexborHTMLParser) -> Iterator[dict]:
    """Every JSON-LD object of the page, those inside lists and @graph included."""
    def walk(item: Any) -> Iterator[dict]:
        if isinstance(item, list):
            for x in item:
                yield from walk(x)
        elif isinstance(item, dict):
            yield item
            yield from walk(item.get("@graph", []))
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            yield from walk(json.loads(script.text(deep=True)))
        except ValueError:  # a broken JSON-LD block is common; the page's other metadata remain
            continue


def _types(item: dict) -> set[str]:
    kind = item.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _news_item(tree: LexborHTMLParser) -> dict:
    items = [i for i in _json_ld(tree) if _types(i) & NEWS_TYPES]
    # a NewsArticle beats a plain WebPage that some sites add beside it
    items.sort(key=lambda i: "WebPage" in _types(i))
    return items[0] if items else {}


def _meta(tree: LexborHTMLParser, *names: str) -> Iterator[str]:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            node = tree.css_first(f'meta[{attr}="{name}"]')
            if node is not None and (value := _clean(node.attributes.get("content"))):
                yield value


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _clean(value.get("name"))
    if isinstance(value, list) and value:
        return _name(value[0])
    return _clean(value)


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        return _clean(value.get("@id") or value.get("url"))
    return _clean(value)


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _body_text(tree: LexborHTMLParser) -> str:
    root = (tree.css_first('[itemprop="articleBody"]') or tree.css_first("article")
            or tree.body or tree.root)
    if root is None:
        return ""
    paragraphs = [_clean(p.text(deep=True, separator="")) for p in root.css("p")]
    lines = [p for p in paragraphs if p]
    if not lines:
        lines = [line for line in (_clean(x) for x in root.text(deep=True, separator="\n").split("\n")) if line]
    return "\n\n".join(lines)


def _time_datetime(tree: LexborHTMLParser) -> str | None:
    scope = tree.css_first("article") or tree.root
    node = scope.css_first("time[datetime]") if scope is not None else None
    return _clean(node.attributes.get("datetime")) if node is not None else None


def read_page(html: str) -> Page:
    """The article text and metadata of a saved page."""
    tree = LexborHTMLParser(html)
    item = _news_item(tree)
    title_node = tree.css_first("title")
    canonical: LexborNode | None = tree.css_first('link[rel="canonical"]')
    published = [v for v in (*_meta(tree, "article:published_time"), _clean(item.get("datePublished")),
                             *_meta(tree, "datePublished", "pubdate", "publishdate", "date", "dc.date"),
                             _time_datetime(tree)) if v]
    title = _first(next(_meta(tree, "og:title"), None), _clean(item.get("headline")),
                   _clean(title_node.text(deep=True)) if title_node is not None else None)
    outlet = _first(next(_meta(tree, "og:site_name"), None), _name(item.get("publisher")),
                    next(_meta(tree, "application-name"), None))
    url = _first(next(_meta(tree, "og:url"), None),
                 _clean(canonical.attributes.get("href")) if canonical is not None else None,
                 _url(item.get("url")), _url(item.get("mainEntityOfPage")))
    body = item.get("articleBody")
    if isinstance(body, str) and body.strip():
        text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    else:
        tree.strip_tags(NOT_TEXT)
        text = _body_text(tree)
    return Page(text=text, title=title, outlet=outlet, published=tuple(published), url=url)
