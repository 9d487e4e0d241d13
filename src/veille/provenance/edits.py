"""Near-duplicate test cases: realistic edits of real articles, deterministic with a seed.

What sites do when they copy a story: add their own boilerplate (newsletter calls, share
prompts, copyright lines, "read also" links), change the headline, cut the body short
("… read the rest on our site"), or extend it with a paragraph of their own. ``make_copies``
applies one or several such edits to each chosen article and returns the copies with
their gold pairs. The boilerplate strings are written for veille; no third-party text is
stored here — the articles come from the caller (``../shared/eval/corpus`` in the
evaluation and the tests).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["EDITS", "EditedCopy", "SourceText", "make_copies"]

_BOILERPLATE_TOP = (
    "Publié par la rédaction — mis à jour il y a quelques instants",
    "Partager sur Facebook · Partager sur X · Envoyer par e-mail",
    "Écouter cet article (4 min)",
    "Cet article vous est offert par notre équipe.",
)
_BOILERPLATE_BOTTOM = (
    "Abonnez-vous à notre lettre d'information pour recevoir l'essentiel de l'actualité "
    "chaque matin.",
    "Lire aussi : les dernières nouvelles de la région, en direct.",
    "© Tous droits réservés. Toute reproduction interdite sans autorisation.",
    "Vous avez aimé cet article ? Suivez-nous sur les réseaux sociaux et laissez un "
    "commentaire ci-dessous.",
    "Signaler une erreur · Politique de confidentialité · Mentions légales",
)
_HEADLINE_PREFIXES = ("URGENT", "EXCLUSIF", "Info", "Vidéo", "À la une", "Direct")
_TRUNCATED = ("(…) Lire la suite sur notre site.", "La suite de cet article est réservée "
              "aux abonnés.", "[…]")
_EXTENSION = ("Notre rédaction reviendra sur ce sujet dans les prochains jours. Contactés, "
              "plusieurs responsables n'avaient pas encore répondu à nos questions au moment "
              "de la publication. Nos lecteurs peuvent nous écrire pour partager leur "
              "témoignage.")
_SENTENCE = re.compile(r"(?<=[.!?»])\s+")

EDITS = ("boilerplate", "headline", "truncate", "extend")


@dataclass(frozen=True, slots=True)
class SourceText:
    id: str
    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class EditedCopy:
    id: str
    source_id: str
    edits: tuple[str, ...]
    title: str | None
    text: str


def _boilerplate(rng: random.Random, title: str | None, text: str) -> tuple[str | None, str]:
    top = rng.sample(_BOILERPLATE_TOP, rng.randint(1, 2))
    bottom = rng.sample(_BOILERPLATE_BOTTOM, rng.randint(1, 3))
    return title, "\n".join([*top, text, *bottom])


def _headline(rng: random.Random, title: str | None, text: str) -> tuple[str | None, str]:
    words = (title or text[:80]).split()
    rng.shuffle(words)
    new = f"{rng.choice(_HEADLINE_PREFIXES)} : {' '.join(words[: max(3, len(words) // 2)])}"
    # Some sites also repeat their headline as the first line of the body.
    return new, f"{new}\n{text}" if rng.random() < 0.5 else text


def _truncate(rng: random.Random, title: str | None, text: str) -> tuple[str | None, str]:
    parts = _SENTENCE.split(text)
    keep = max(2, round(len(parts) * rng.uniform(0.4, 0.8)))
    return title, " ".join(parts[:keep]) + "\n" + rng.choice(_TRUNCATED)


def _extend(rng: random.Random, title: str | None, text: str) -> tuple[str | None, str]:
    return title, f"{text}\n{_EXTENSION}"


_APPLY = {"boilerplate": _boilerplate, "headline": _headline, "truncate": _truncate,
          "extend": _extend}


def make_copies(sources: Sequence[SourceText], *, seed: int = 7, count: int | None = None
                ) -> list[EditedCopy]:
    """One edited copy of each of ``count`` sources (all by default), chosen with ``seed``.

    Each copy gets one edit, or two or three at once (a third of the copies), so that
    the cases cover every edit alone and the usual combinations.
    """
    rng = random.Random(seed)
    chosen = list(sources) if count is None else rng.sample(list(sources), count)
    copies = []
    for number, source in enumerate(chosen):
        edits = [EDITS[number % len(EDITS)]]
        if rng.random() < 1 / 3:
            edits += rng.sample([e for e in EDITS if e not in edits], rng.randint(1, 2))
        title, text = source.title, source.text
        for edit in edits:
            title, text = _APPLY[edit](rng, title, text)
        copies.append(EditedCopy(id=f"{source.id}~copy", source_id=source.id,
                                 edits=tuple(edits), title=title, text=text))
    return copies
