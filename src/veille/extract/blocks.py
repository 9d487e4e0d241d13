"""The main text of an HTML page as paragraphs, each with its kind.

trafilatura gives the main text as an XML tree of block elements (``<p>``, ``<head>``,
``<quote>``, ``<list>``, ``<table>``). Each of them becomes one or more paragraphs, one per
line of trafilatura's own text rendering (so the text is the one ``doc.text`` gives), and
some get a kind, which ``Article.blocks`` records:

* ``heading``: an intertitle (``<h2>``…``<h6>`` in the article body) of one sentence; a
  heading element that holds several sentences is a standfirst, that is, prose;
* ``quote``: a block quotation or a pull quote set apart from the prose (``<blockquote>``,
  or a paragraph whose class names a pull quote: "exergue", "pullquote", "citation");
* ``post``: an embedded social-media post with its attribution line (the embed markup of
  the networks, ``<blockquote class="twitter-tweet">`` …, or a last line
  "— Name (@account) date").

``post_author`` reads who posted from the attribution line (the quote side attributes the
post to the account holder). Page furniture that trafilatura keeps inside the article is
dropped: links to other
articles ("Lire aussi : …"), paywall notices, photo credits (``lang/fr/page_furniture.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from lxml.etree import _Element
from lxml.html import HtmlElement
from trafilatura.xml import xmltotxt

Block = tuple[int, int, str]

_SPACES = re.compile(r"[ \t\u00a0]+")
# The embed markup that the networks publish for a post (the <blockquote> their script
# replaces): X/Twitter, Instagram, TikTok, Facebook, Bluesky, Mastodon, Threads, Reddit.
_EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "fb-xfbml-parse-ignore",
                  "fb-post", "bluesky-embed", "mastodon-embed", "text-post-media",
                  "reddit-embed-bq")

# Twitter's attribution line, kept when a site strips the embed's class: "— Name (@account) …"
_ATTRIBUTION = re.compile(r"^[—–]\s*[^()\n]{1,80}\(@\w{1,30}\)")
# Attribution lines of embedded posts: "— Name (@account) March 16, 2020" (X/Twitter),
# "Publiée par Name sur Jeudi 26 mars 2020" / "Posted by Name on …" (Facebook), "Une
# publication partagée par Name (@account)" / "A post shared by Name (@account)" (Instagram).
_AUTHOR_LINES = (
    re.compile(r"^[—–]\s*(?P<name>[^()\n]{1,80}?)\s*\(@(?P<account>\w{1,30})\)", re.MULTILINE),
    re.compile(r"^(?:Publiée?|Posted) (?:par|by) (?P<name>[^\n]{1,80}?) (?:sur|on) ",
               re.MULTILINE),
    re.compile(r"(?:publication partagée par|post shared by) (?P<name>[^()\n]{1,80}?)"
               r"\s*(?:\(@(?P<account>[\w.]{1,30})\)|$)", re.MULTILINE | re.IGNORECASE),
)
_PULL_QUOTE_CLASS = re.compile(r"exergue|pull-?quote|citation", re.IGNORECASE)
# A sentence end followed by the start of another sentence.
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[«\"“]?\s*[A-ZÀ-Ý]")
# An intertitle is a phrase: twice the longest one on the eval pages (12 words).
_HEADING_MAX_WORDS = 25
# A teaser or a notice is a line; longer paragraphs are text whatever their first words.
_FURNITURE_MAX_WORDS = 40
# Enough of a quote's first words to find it in a post's text (spaces left out): trafilatura
# may drop a line of the embed ("Voir cette publication sur Instagram").
_KEY_CHARS = 40


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    kind: str | None = None
    """None for prose; else "heading", "quote" or "post"."""
    element: int = 0
    """Index of the block element it comes from: a quote's paragraphs make one block."""


def lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, with runs of spaces made one space."""
    stripped = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return [line for line in stripped if line]


def _squeeze(text: str) -> str:
    return "".join(text.split())


def embedded_posts(tree: HtmlElement) -> tuple[str, ...]:
    """The text (without spaces) of every social-media post embedded in the page, read
    before trafilatura, which drops the class that says what they are."""
    return tuple(_squeeze(el.text_content()) for el in tree.iter("blockquote")
                 if any(name in (el.get("class") or "") for name in _EMBED_CLASSES))


def body_paragraphs(body: _Element, *, posts: tuple[str, ...] = ()) -> list[Paragraph]:
    """The paragraphs of trafilatura's body tree in order, with their kinds."""
    out: list[Paragraph] = []
    for index, element in enumerate(body):
        texts = lines(xmltotxt(element, False))
        if texts:
            kind = _kind(element, texts, posts)
            out += [Paragraph(text, kind, index) for text in texts]
    return out


def _kind(element: _Element, texts: list[str], posts: tuple[str, ...]) -> str | None:
    if element.tag == "head":
        return "heading" if len(texts) == 1 and is_intertitle(texts[0]) else None
    if element.tag == "quote":
        key = _squeeze(" ".join(texts))[:_KEY_CHARS]
        is_post = any(key in post for post in posts) or bool(_ATTRIBUTION.match(texts[-1]))
        return "post" if is_post else "quote"
    if element.tag == "p" and _PULL_QUOTE_CLASS.search(element.get("class") or ""):
        return "quote"
    return None


def is_intertitle(text: str) -> bool:
    """A heading that reads as one phrase, not as a standfirst of several sentences."""
    return len(text.split()) <= _HEADING_MAX_WORDS and not _SENTENCE_BREAK.search(text)


def post_author(post: str) -> tuple[str, str | None] | None:
    """(name, account) of who posted an embedded post, from its attribution line.

    "— Ada Martin (@adamartin) 3 mai 2024" → ("Ada Martin", "adamartin").
    """
    for pattern in _AUTHOR_LINES:
        found = list(pattern.finditer(post))
        if found:
            m = found[-1]
            account = m.groupdict().get("account")
            return m["name"].strip(), account
    return None


@cache
def _furniture() -> re.Pattern[str]:
    path = files("veille.lang.fr") / "page_furniture.txt"
    rules = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return re.compile("|".join(f"(?:{rule})" for rule in rules), re.IGNORECASE)


def is_furniture(text: str) -> bool:
    """A link to another article, a paywall notice or a photo credit, not article text."""
    return len(text.split()) <= _FURNITURE_MAX_WORDS and bool(_furniture().match(text))


def drop_furniture(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs without page furniture; never all of them."""
    kept = [p for p in paragraphs if not is_furniture(p.text)]
    return kept or paragraphs


def assemble(paragraphs: list[Paragraph]) -> tuple[str, tuple[Block, ...]]:
    """The text (paragraphs separated by blank lines) and the spans of its kinds of block.

    Consecutive paragraphs of one element with a kind (a post and its attribution line)
    make one block.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    previous: Paragraph | None = None
    for para in paragraphs:
        if parts:
            pos += 2
        start, end = pos, pos + len(para.text)
        if para.kind:
            same = (previous is not None and previous.kind == para.kind
                    and previous.element == para.element)
            if same and blocks:
                blocks[-1] = (blocks[-1][0], end, para.kind)
            else:
                blocks.append((start, end, para.kind))
        parts.append(para.text)
        pos = end
        previous = para
    return "\n\n".join(parts), tuple(blocks)
