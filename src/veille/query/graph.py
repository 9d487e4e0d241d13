"""Who acts on whom: the store's actors as a graph (``veille export graph``).

Nodes are actors: the actors and targets of events and the speakers of quotes, one node
per person or organisation as the store identifies them across articles ("Poutine" and
"Vladimir Poutine" are one node, "FAE" and "Front armé de l'Est" too: ``docs/people.md``),
else per name (case aside), with its type (PER, ORG …; for a name the store does not know,
the type most entities of that name have, ``UNKNOWN`` when none) and the number of articles
it appears in.
Edges are typed and dated, one per fact, in a directed multigraph:

- an event gives an edge from each actor to each target, typed by the event (``ACCUSE``);
- a CONSULT, AGREE or COOPERATE event also links its co-actors (first to later in the
  text), since meeting or agreeing is done together;
- two speakers quoted in the same article are linked by a ``co-quoted`` edge.

Each edge has ``type``, ``date`` (the event's, else its article's; "" when unknown),
``article_id`` and ``trigger`` (the event's word; "" for co-quotation). In GEXF, which
reserves an edge's ``type`` for its direction, the type is the edge's ``label`` and its
``relation`` attribute.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from veille.query.events import iter_events
from veille.query.quotes import iter_quotes
from veille.store import Store
from veille.store.identity import alias_key

GraphFormat = Literal["graphml", "gexf"]
JOINT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
CO_QUOTED = "co-quoted"


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class _Builder:
    """Edges keyed by actors (or normalised names); spellings and articles counted per key."""

    def __init__(self, actors: dict[str, tuple[str, str]] | None = None) -> None:
        self.edges: list[tuple[str, str, dict[str, str]]] = []
        self.spellings: dict[str, Counter[str]] = defaultdict(Counter)
        self.articles: dict[str, set[str]] = defaultdict(set)
        self.actors = actors or {}
        """Folded spelling → (the actor's displayed name, its type)."""
        self.types: dict[str, str] = {}

    def seen(self, name: str, article_id: str) -> str:
        actor = self.actors.get(_key(name))
        if actor is None and name.strip().isupper():  # an acronym an article defined
            actor = self.actors.get("alias:" + alias_key(name))
        if actor is not None:
            name, self.types[_key(actor[0])] = actor
        key = _key(name)
        self.spellings[key][name] += 1
        self.articles[key].add(article_id)
        return key

    def link(self, source: str, target: str, **attrs: str) -> None:
        if source != target:
            self.edges.append((source, target, attrs))


def _actors(store: Store) -> dict[str, tuple[str, str]]:
    """Every spelling the store's aggregates know, and the acronyms articles define, with
    the actor they name (the actor named most often under a spelling that two share)."""
    found: dict[str, tuple[int, str, str]] = {}
    for spelling, name, kind, n in store.db.execute(
            "SELECT n.spelling, a.name, a.type, n.n FROM actor_names n "
            "JOIN actors a ON a.pk = n.actor_pk"):
        key = _key(spelling)
        if key not in found or n > found[key][0]:
            found[key] = (n, name, kind)
    for alias, name, kind, n in store.db.execute(
            "SELECT x.alias, a.name, a.type, x.articles FROM aliases x "
            "JOIN actor_forms f ON f.pk = x.form_pk JOIN actors a ON a.pk = f.actor_pk"):
        key = "alias:" + alias
        if key not in found or n > found[key][0]:
            found[key] = (n, name, kind)
    return {key: (name, kind) for key, (_n, name, kind) in found.items()}


def _add_events(store: Store, builder: _Builder) -> None:
    for e in iter_events(store):
        actors = [builder.seen(n, e.article_id) for n in e.actors if n.strip()]
        targets = [builder.seen(n, e.article_id) for n in e.targets if n.strip()]
        attrs = {"type": e.type, "date": e.date or "", "article_id": e.article_id,
                 "trigger": e.trigger}
        for actor, target in itertools.product(actors, targets):
            builder.link(actor, target, **attrs)
        if e.type in JOINT_TYPES:
            for first, later in itertools.combinations(dict.fromkeys(actors), 2):
                builder.link(first, later, **attrs)


def _add_co_quotations(store: Store, builder: _Builder) -> None:
    speakers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for q in iter_quotes(store):
        if q.speaker and q.speaker.strip():
            key = builder.seen(q.speaker, q.article_id)
            speakers[(q.article_id, q.published or "")].append(key)
    for (article_id, published), keys in speakers.items():
        for first, later in itertools.combinations(dict.fromkeys(keys), 2):
            builder.link(first, later, type=CO_QUOTED, date=published,
                         article_id=article_id, trigger="")


def _entity_types(store: Store) -> dict[str, str]:
    """The type most entities of each name (case aside) have."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for name, kind, n in store.db.execute(
            "SELECT name, type, count(*) FROM entities GROUP BY name, type"):
        counts[_key(name)][kind] += n
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}


def build_graph(store: Store) -> nx.MultiDiGraph:
    """The actor graph of the whole store (see the module's docstring)."""
    builder = _Builder(_actors(store))
    _add_events(store, builder)
    _add_co_quotations(store, builder)
    types = {**_entity_types(store), **builder.types}
    # A node is named by its most frequent spelling (on a tie, the first seen).
    labels = {key: c.most_common(1)[0][0] for key, c in builder.spellings.items()}
    graph = nx.MultiDiGraph()
    for key, label in labels.items():
        graph.add_node(label, name=label, type=types.get(key, "UNKNOWN"),
                       articles=len(builder.articles[key]))
    for source, target, attrs in builder.edges:
        graph.add_edge(labels[source], labels[target], **attrs)
    return graph


def write_graph(store: Store, path: str | Path, *, fmt: GraphFormat = "graphml") -> Any:
    """Write the actor graph to ``path`` as GraphML or GEXF; return the graph."""
    graph = build_graph(store)
    if fmt == "graphml":
        nx.write_graphml(graph, str(path))
    else:
        nx.write_gexf(_for_gexf(graph), str(path))
    return graph


def _for_gexf(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GEXF reserves an edge's ``type`` for its direction: the relation becomes the edge's
    ``label`` (what Gephi shows) and its ``relation`` attribute."""
    copy = graph.copy()
    for _, _, data in copy.edges(data=True):
        data["label"] = data["relation"] = data.pop("type")
    return copy
