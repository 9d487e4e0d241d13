"""Named entities: spaCy's NER grouped into one entity per referent.

``name`` is the fullest form in the article and every shorter mention points to it: a
one- or two-token mention that ends a longer person's name ("Milley" → "Mark Milley") joins
that person, whatever label spaCy gave the short form (the md model often tags a bare
surname ORG or MISC).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, cast

from veille.analyze.nlp import doc_text
from veille.analyze.roles import appositive_after, described_roles, roles_for
from veille.lang.fr import role_nouns, source_nouns, word_list
from veille.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "veille.entities.v1"
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
_LABELS: dict[str, EntityType] = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC",
                                  "GPE": "LOC", "MISC": "MISC"}
_STRIP = " \t\n'’\"«»“”,.;:!?()[]-–—"
_HONORIFICS = {"m.", "mm.", "mme", "mmes", "mlle", "dr", "dr.", "pr", "pr.", "me", "mr", "mr.",
               "mrs", "ms"}
_DETERMINER_WORDS = {"le", "la", "les", "l'", "l’", "du", "des", "au", "aux", "un", "une"}


@lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """``name`` folded for comparison (case, accents, spaces); asked ~400 times an article,
    mostly for the same few names."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


@dataclass
class _Group:
    type: EntityType
    forms: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return max(self.forms, key=lambda f: (len(f.split()), len(f)))


def _mentions(doc: Doc, rescued: set[int]) -> Iterable[tuple[str, EntityType, int, int]]:
    """Each usable NER span: its form, label and character span; ``rescued`` receives the
    starts of the names this module, not the NER, calls people."""
    full = doc_text(doc)
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        text = ent.text
        start = ent.start_char + (len(text) - len(text.lstrip(_STRIP)))
        end = ent.end_char - (len(text) - len(text.rstrip(_STRIP)))
        while full[start:start + 2].lower() in ("l'", "l’", "d'", "d’") and end - start > 3:
            start += 2  # "l’Amérique" → "Amérique"
        end = _cut(full, start, end)
        if end - start < 2:
            continue
        if label != "PER" and full[start:start + 1].islower() and (
                full[start:end].split()[0] in role_nouns()):
            continue  # "vice-ministre russe des Affaires étrangères" is a title, not a place
        if label == "LOC" and _demonym(doc, ent.start, ent.end):
            label = "MISC"  # "des Américains", "les Afghans": people, not places
        if label != "PER" and (named := _after_capitalised_title(full, start, end)):
            start, label = named, "PER"  # "[Premier ministre Lucien Garnier]" as MISC
            rescued.add(start)
        if label == "PER":  # "général Valery Gerasimov", "M. Romney": titles are not names
            start = _skip_titles(full, start, end)
            start = _past_complement(full, start, end)
            label = _person_or_not(doc, full, start, end)
        elif _named_like_a_person(doc, full, ent.start, ent.end, start):
            label = "PER"  # "le professeur Nobutaka Miura", "Dr Nazima Pathan"
            rescued.add(start)
        if end - start >= 2:
            yield full[start:end], label, start, end


def _past_complement(text: str, start: int, end: int) -> int:
    """Where the name starts in a person span that took in the complement of a title
    before it ("le député de [Seine-Saint-Denis Alexis Corbière]", "la maire de [Lille
    Martine Aubry]"): after "de", the words before the first first name."""
    before = text[max(0, start - 4):start].lower()
    if not before.endswith((" de ", " du ", " d'", " d’", " des ")):
        return start
    words = list(re.finditer(r"\S+", text[start:end]))
    for k, word in enumerate(words[1:-1], 1):
        if word.group() in _first_names() and not any(
                w.group() in _first_names() for w in words[:k]):
            return start + word.start()
    return start


_TITLE_PREFIXES = {"premier", "première", "vice", "ex"}


def _after_capitalised_title(text: str, start: int, end: int) -> int | None:
    """Where the name starts in a span the NER took whole for a title and a name ("Premier
    ministre Lucien Garnier", "Président Paul Morel"): a role noun, maybe after "Premier",
    then two or more capitalised words."""
    words = list(re.finditer(r"\S+", text[start:end]))
    at = 1 if words and words[0].group().lower() in _TITLE_PREFIXES else 0
    if at >= len(words) or words[at].group().lower() not in role_nouns():
        return None
    rest = words[at + 1:]
    if len(rest) < 2 or not all(w.group()[:1].isupper() for w in rest):
        return None
    return start + rest[0].start()


_GLUED = re.compile(r"(?<=[a-zà-ÿ]{4})(?=[A-ZÀ-Ý][a-zà-ÿ]{3})")  # "KantéEnseignant"


def _cut(text: str, start: int, end: int) -> int:
    """The end of a mention that ran over a line break ("Kab NIANG\n\nCrédit") or over a
    word glued to the name by the page's markup ("KantéEnseignant-chercheur")."""
    newline = text.find("\n", start, end)
    if newline >= 0:
        end = len(text[start:newline].rstrip(_STRIP)) + start
    glued = _GLUED.search(text, start, end)
    if glued and text[glued.start():end].split()[0].lower() in role_nouns():
        return glued.start()
    return end


def _named_like_a_person(doc: Doc, text: str, first: int, last: int, start: int) -> bool:
    """A name the NER did not call a person, in a construction only people have: after a
    title ("le professeur Nobutaka Miura", "sa fille Boali") or an honorific ("Dr Nazima
    Pathan"), in apposition to a title ("le ministre …, Olivier Ternaux"), or followed by
    a role in apposition with no determiner before it ("Chandramohan, un habitant du
    district,"). A one-word name must be unknown to the model's vocabulary ("le vainqueur
    Football" is no one)."""
    span = doc[first:last]
    capitals = sum(t.text[:1].isupper() for t in span)
    if capitals < len(span) - 1 or len(span) > 4 or not text[start:start + 1].isupper():
        return False
    if span.text.isupper() or any(t.lower_ in word_list("organisation_name_words")
                                  or t.lower_ in role_nouns() for t in span):
        return False  # "le directeur FBI", "le manager Arsenal FC", "Entrepreneure, …"
    if first > 0 and doc[first - 1].lower_ in _HONORIFICS:
        return True
    if capitals >= 2 and (_after_role_noun(doc, first) or _after_role_phrase(doc, first)):
        return True
    if span[0].lower_ in _DETERMINER_WORDS or (first > 0 and (
            doc[first - 1].lower_ in _DETERMINER_WORDS or doc[first - 1].pos_ == "ADP")):
        return False  # "en Australie, la ministre …", "L'Afrique du Sud, le voisin …"
    if len(span) == 1 and doc.vocab.has_vector(span[0].lower_):
        return False
    return _after_role_noun(doc, first) or bool(appositive_after(doc, last))


def _skip_titles(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading lowercase words and honorifics."""
    while start < end:
        space = text.find(" ", start, end)
        word = text[start:space] if space > 0 else ""
        if space < 0 or not (text[start].islower() or word.lower() in _HONORIFICS):
            return start
        start = space + 1
    return start


def _person_or_not(doc: Doc, text: str, start: int, end: int) -> EntityType:
    """ "la République", "du Grundgesetz", "PH1", "pendaison", "la maladie de Kawasaki",
    "Manchester United", "Covid", "« Maduro grey »": not people."""
    name = text[start:end]
    before = text[max(0, start - 4):start].lower().rstrip()
    if not name[:1].isupper() or any(ch.isdigit() for ch in name):
        return "MISC"
    if before.endswith((" la", " le", " les", "l'", "l’", " du", " des", " au", " aux")) or (
            before in ("la", "le", "les", "du", "des")):
        return "MISC"
    words = name.split()
    if any(w.lower() in word_list("organisation_name_words") for w in words):
        return "ORG"  # "Manchester United", "Premier League", "Harvard University"
    if _key(name) in _folded_list("not_person_names") or (
            len(words) > 1 and _key(words[-1]) in _folded_list("not_person_names")):
        return "MISC"  # "Covid", "Omicron", "Allah"; "P.-V. Covid"
    if len(words) == 1 and (name.isupper() or _not_a_name_word(doc, start)):
        return "ORG" if name.isupper() else "MISC"  # "LPPR"; "Intrigués, les chercheurs"
    if _quoted(text, start, end):
        return "MISC"  # a nickname or a product: "les baskets « Maduro grey »"
    previous = text[max(0, start - 40):start].split()
    if (previous and previous[-1].lower() in word_list("eponym_nouns")) or (
            len(previous) >= 2 and previous[-1].lower() in ("de", "d'", "d’")
            and previous[-2].lower() in word_list("eponym_of_nouns")):
        return "MISC"  # "la maladie de Kawasaki", "le boson de Higgs", "la rue Victor Hugo"
    if _after_source_noun(previous) and not (len(words) >= 2 and words[0] in _first_names()):
        return "ORG"  # "la société Valmont"; not "du gouvernement Prisca Thevenot"
    return "PER"


@cache
def _folded_list(name: str) -> frozenset[str]:
    return frozenset(_key(w) for w in word_list(name))


def _not_a_name_word(doc: Doc, start: int) -> bool:
    """A one-word "name" opening a sentence that is a French word the parser reads as a
    verb or an adjective: "Intrigués, les chercheurs …", "Veuillez …", "Doublé historique"."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    opens = token.i == 0 or doc[token.i - 1].is_punct or doc[token.i - 1].is_space
    if not opens or not doc.vocab.has_vector(token.lower_):
        return False
    if token.pos_ in ("VERB", "ADJ", "AUX"):
        return True
    # "Debout sur l'estrade, …", "Fort de son succès, …": an adverb or adjective opening
    # the sentence before a preposition, tagged as a name; not a first name, nor the last
    # word of a full name given earlier ("Macron à Berlin" after "Emmanuel Macron").
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.text in ("?", "!") and token.text not in _first_names():
        return True  # "Paradoxal ?": a one-word question or exclamation
    if after is None or after.pos_ != "ADP" or token.text in _first_names():
        return False
    return not any(e.label_ == "PER" and len(e) > 1 and e[-1].lower_ == token.lower_
                   and e.end_char <= start for e in doc.ents)


@cache
def _first_names() -> frozenset[str]:
    from veille.analyze.speakers import first_names  # speakers needs this module
    return frozenset(first_names())


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2):start].rstrip()
    after = text[end:end + 2].lstrip()
    return bool(before) and before[-1] in "«“\"" and bool(after) and after[0] in "»”\""


def _after_source_noun(previous: Sequence[str]) -> bool:
    """The name follows an institution's noun: "la société Valmont", "le groupe Dassault"
    (not a title: "le procureur Jean Roux" is a person)."""
    word = previous[-1] if previous else ""
    return word.islower() and word in source_nouns() and word not in role_nouns()


_DEMONYM = re.compile(r"(?:ains?|aines?|ois|oises?|ais|aises?|iens?|iennes?|éens?|éennes?|ans|"
                      r"anes|ites|ards)$")


def _demonym(doc: Doc, start: int, end: int) -> bool:
    """A plural inhabitant noun after "les"/"des"/"aux"/"d'" ("des Afghans", "les
    Américains"), which the NER tags as a place."""
    if end - start != 1 or start == 0:
        return False
    word = doc[start].text
    return word[:1].isupper() and word.endswith("s") and bool(_DEMONYM.search(word)) and (
        doc[start - 1].lower_ in ("les", "des", "aux", "d'", "d’", "ces"))


def _after_role_noun(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in role_nouns()


def _after_role_phrase(doc: Doc, i: int) -> bool:
    """ "le ministre délégué chargé des Transports, Olivier Ternaux": a name in apposition
    to a title (the NER often calls it an organisation)."""
    if i < 2 or doc[i - 1].text != ",":
        return False
    for token in reversed(doc[max(0, i - 10):i - 1]):
        if token.is_punct or token.is_space:
            return False
        if token.lower_ in role_nouns() and token.i > 0 and doc[token.i - 1].pos_ == "DET":
            return True
    return False


def entities_from_doc(doc: Doc) -> tuple[Entity, ...]:
    """Group ``doc.ents`` into entities with canonical names and all their mentions."""
    text = doc_text(doc)
    rescued: set[int] = set()
    mentions = _shared_surnames(text, _one_label_per_name(list(_mentions(doc, rescued)),
                                                          rescued))
    first_seen: dict[str, int] = {}
    for form, _label, start, _end in mentions:
        first_seen.setdefault(_key(form), start)
    groups: dict[tuple[str, EntityType], _Group] = {}
    persons: dict[str, _Group] = {}
    # "Debout sur l'estrade, …" is a word, not the surname of "Nuit Debout"
    words = {(_key(f), lab) for f, lab, s, _e in mentions
             if lab == "MISC" and " " not in f and _not_a_name_word(doc, s)}
    # Longest forms first, so that short forms find the person they abbreviate.
    for form, label, _s, _e in sorted(mentions, key=lambda m: (-len(m[0].split()), -len(m[0]))):
        key = _key(form)
        if (key, label) in groups:
            continue
        target = (_person_named(key, persons, first_seen)
                  if len(key.split()) <= 3 and (key, label) not in words else None)
        group = target or _Group(type=label)
        groups[(key, label)] = group
        if group.type == "PER" and target is None:
            persons[key] = group
    for form, label, start, end in mentions:
        group = groups[(_key(form), label)]
        group.forms.append(form)
        group.mentions.append((start, end))
    ordered = _link_acronyms(text, mentions, groups)
    spans = [tuple(sorted(set(g.mentions))) for g in ordered]
    persons_at = [i for i, g in enumerate(ordered) if g.type == "PER"]
    described = described_roles(doc, [spans[i] for i in persons_at])
    roles = {i: _merged(roles_for(doc, spans[i]), described.get(k, ()))
             for k, i in enumerate(persons_at)}
    return tuple(
        Entity(id=f"e{i + 1}", name=g.name, type=cast(EntityType, g.type), mentions=spans[i],
               roles=roles.get(i, ()))
        for i, g in enumerate(ordered)
    )


def _merged(roles: tuple[str, ...], more: Iterable[str]) -> tuple[str, ...]:
    known = {r.lower() for r in roles}
    return roles + tuple(r for r in dict.fromkeys(more) if r.lower() not in known)


def entity_at(entities: Sequence[Entity], start: int, end: int) -> Entity | None:
    """The entity a stretch of text names: the one with a mention inside ``[start, end)``
    (the longest such mention), else the one whose mention overlaps it most.

    This is how a speaker or an event actor found as words ("l'OMS", "le FAE", "M. Dupont")
    becomes an entity: an acronym the article defines is a mention of the organisation's
    entity, so ``entity_at(...).name`` is the full name ("Organisation mondiale de la
    santé"); a surname alone is a mention of the person's entity ("Jean Dupont").
    """
    best: tuple[int, int, Entity] | None = None
    for entity in entities:
        for s, e in entity.mentions:
            inside = s >= start and e <= end
            shared = min(e, end) - max(s, start)
            if shared <= 0:
                continue
            rank = (1 if inside else 0, e - s if inside else shared)
            if best is None or rank > best[:2]:
                best = (*rank, entity)
    return best[2] if best else None


def _one_label_per_name(mentions: list[tuple[str, EntityType, int, int]], rescued: set[int]
                        ) -> list[tuple[str, EntityType, int, int]]:
    """The NER labels one name differently from one sentence to the next ("le MFDC" ORG,
    then LOC): a name that is not a person's takes its most frequent label (ORG on a tie),
    so that its mentions make one entity. A name this module called a person (``rescued``)
    that the NER calls something else at least twice as often ("Twitter", "Ukraine") is
    not a person's."""
    votes: dict[str, Counter[str]] = {}
    for form, label, start, _e in mentions:
        votes.setdefault(_key(form), Counter())["rescued" if start in rescued else label] += 1
    best: dict[str, EntityType] = {}
    demoted: set[str] = set()
    for key, count in votes.items():
        others = Counter({lab: n for lab, n in count.items() if lab not in ("PER", "rescued")})
        if others:
            best[key] = cast(EntityType, max(
                others, key=lambda lab: (others[lab], lab == "ORG", lab == "LOC")))
            if count["rescued"] and others.total() >= 2 * (count["rescued"] + count["PER"]):
                demoted.add(key)
    return [(f, best[_key(f)] if (lab != "PER" or (s in rescued and _key(f) in demoted))
             and _key(f) in best else lab, s, e) for f, lab, s, e in mentions]


def _shared_surnames(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """ "Ameer et Raees Cajee", "Kristine et Michael Barnett": a first name coordinated
    with a full name shares its surname when the article names that person in full
    elsewhere ("Ameer Cajee"); not "Mao et Zhou Enlai"."""
    ordered = sorted(mentions, key=lambda m: m[2])
    forms = {_key(f) for f, _l, _s, _e in mentions}
    shared: dict[int, str] = {}
    for (form, label, _s, end), (nxt, nlabel, nstart, _e) in itertools.pairwise(ordered):
        words = nxt.split()
        full = f"{form} {words[-1]}"
        if label == nlabel == "PER" and " " not in form and len(words) == 2 and (
                text[end:nstart] == " et ") and _key(full) in forms:
            shared[end] = full
    return [(shared.get(e, f), lab, s, e) for f, lab, s, e in mentions]


def _initials(word: str) -> list[str] | None:
    """ "j.-p." → ["j", "p"], "b." → ["b"]; None for a word that is no initial."""
    parts = word.split("-")
    if all(len(p) == 2 and p.endswith(".") for p in parts):
        return [p[0] for p in parts]
    return None


def _same_person(short: list[str], full: list[str]) -> bool:
    """ "Milley" ~ "Mark Milley", "B. Obama" ~ "Barack Obama", "J.-P. Lacombe" ~
    "Jean-Pierre Lacombe", "Donald Trump" ~ "Donald J. Trump", "Ana Pastor" ~ "Ana Pastor
    García": a surname, initials and a surname, a name without its middle initial, or the
    first names of a longer name."""
    if len(short) < len(full) and full[-len(short):] == short:
        return True
    initials = _initials(short[0]) if short else None
    if len(short) == len(full) and len(short) >= 2 and short[1:] == full[1:] and initials and (
            initials == [p[:1] for p in full[0].split("-")]
            or (len(initials) == 1 and full[0].startswith(initials[0]))):
        return True
    if len(short) >= 2 and len(full) > len(short) and short == [
            w for w in full if _initials(w) is None]:
        return True
    return 2 <= len(short) < len(full) and full[:len(short)] == short


def _person_named(key: str, persons: dict[str, _Group],
                  first_seen: dict[str, int]) -> _Group | None:
    """The person a short form names. A surname, initials or first names: when several
    fit ("Obama": Barack or Michelle), the one the article introduced first, as news
    style names the main person first. A single word that is no one's surname: the one
    person whose first word it is ("Kristine" for Kristine Barnett, "Xi" for Xi Jinping)
    or, else, whose middle word it is ("Pastor" for Ana Pastor García)."""
    tokens = key.split()
    found = {id(g): (first_seen.get(name, 1 << 30), g) for name, g in persons.items()
             if _same_person(tokens, name.split())}
    if found:
        return min(found.values(), key=lambda pair: pair[0])[1]
    if len(tokens) != 1:
        return None
    for position in (slice(0, 1), slice(1, -1)):
        fits = {id(g): g for name, g in persons.items()
                if len(name.split()) >= 2 and tokens[0] in name.split()[position]}
        if fits:
            return next(iter(fits.values())) if len(fits) == 1 else None
    return None


# ---------------------------------------------------------------- organisations and acronyms

_Mention = tuple[str, EntityType, int, int]
_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-ZÀ-Ý][\w&.’'-]{1,11})\s*\)")
_ACRONYM_BEFORE = re.compile(r"\s*[,(]\s*(?:(?:le|la|les)\s+|l['’])?")
_UNTAGGED_NAME = re.compile(
    r"(?:\b(?:[Ll]es?|[Ll]a|[Dd]u|[Dd]es|[Aa]ux?|[Uu]ne?)\s+|\b[LlDd]['’])"
    r"([A-Za-zÀ-ÿ][^(),.;:!?«»\"\n]{3,100}?)\s*\(\s*$")
# Heads of organisation names the NER leaves untagged in lower case ("l'autorité de
# conduite du secteur financier (FSCA)", "le consortium britannique … (UK-CIC)").
_ORG_HEADS = frozenset({"autorité", "consortium", "fédération", "association", "syndicat",
                        "organisation", "fondation", "coalition", "alliance", "réseau",
                        "collectif", "observatoire", "haut-commissariat", "union"})


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _acronym_like(form: str) -> bool:
    """ "OMS", "FAE", "MFDC", "Unicef", "Anoca": one short capitalised word; whether it
    abbreviates a name is checked by ``abbreviates``."""
    return (" " not in form and 2 <= len(form) <= 12 and form[:1].isupper()
            and not any(ch.isdigit() for ch in form[:1]))


def abbreviates(acronym: str, name: str, *, strict: bool = True) -> bool:
    """Whether ``acronym`` is made of the initials of ``name``'s words: "OMS" of
    "Organisation mondiale de la santé", "FAE" of "Front armé de l'Est". Not strict (an
    acronym given in parentheses right after the name), most of its letters being initials
    of the name's words is enough ("Anoca" of "Association des comités nationaux
    olympiques d'Afrique", "Unicef" of "Fonds des Nations unies pour l'enfance")."""
    letters = [c for c in _fold(acronym) if c.isalpha()]
    words = [w for w in re.split(r"[\s'’-]+", name) if w]
    if len(letters) < 2 or len(words) < 2:
        return False
    every = [_fold(w)[0] for w in words]
    content = [_fold(w)[0] for w in words if _fold(w) not in word_list("name_function_words")]
    capitals = [_fold(w)[0] for w in words if w[:1].isupper()]
    if letters in (every, content, capitals):
        return True
    if letters[0] == every[0] and _subsequence(letters, every) and (
            len(letters) >= len(content) - 1):
        return True
    if strict:
        return False
    shared = sum(c in every for c in letters)
    return letters[0] in every and shared * 3 >= len(letters) * 2


def _subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _link_acronyms(text: str, mentions: Sequence[_Mention],
                   groups: dict[tuple[str, EntityType], _Group]) -> list[_Group]:
    """One entity for an organisation and the acronym the article defines for it, named by
    the full name: "l'Organisation mondiale de la santé (OMS)", "le Front armé de l'Est
    (FAE)", "le FAE (Front armé de l'Est)", "le FAE, le Front armé de l'Est,". Every
    occurrence of the acronym in the text becomes a mention of that entity."""
    at = {start: groups[(_key(form), label)] for form, label, start, _end in mentions}
    definitions: dict[str, _Group] = {}
    for form, label, start, end in sorted(mentions, key=lambda m: m[2]):
        group = groups[(_key(form), label)]
        if group.type == "PER":
            continue
        found = _defined_after(text, form, start, end, at) or _defined_by(text, form, end, at,
                                                                          group)
        if found is not None:
            acronym, full = found
            definitions.setdefault(acronym, full)
    for acronym, full in _untagged_definitions(text, mentions, groups).items():
        definitions.setdefault(acronym, full)
    alive = {id(g): g for g in groups.values()}
    for acronym, full in definitions.items():
        _absorb(text, acronym, full, mentions, groups, alive)
    return sorted(alive.values(), key=lambda g: min(g.mentions))


def _defined_after(text: str, form: str, start: int, end: int, at: dict[int, _Group]
                   ) -> tuple[str, _Group] | None:
    """ "Organisation mondiale de la santé (OMS)": the acronym after the full name."""
    match = _ACRONYM_AFTER.match(text, end)
    if match is None or not _acronym_like(match.group(1)):
        return None
    acronym = match.group(1)
    inner = at.get(match.start(1))
    if inner is not None and inner.type in ("PER", "LOC") and inner.name != acronym:
        return None  # "Renault (France)"
    full = at.get(start)
    if full is None or not abbreviates(acronym, form, strict=False):
        return None
    return acronym, full


def _defined_by(text: str, form: str, end: int, at: dict[int, _Group], group: _Group
                ) -> tuple[str, _Group] | None:
    """ "le FAE (Front armé de l'Est)", "le FAE, le Front armé de l'Est,": the full name in
    parentheses or in apposition after the acronym."""
    if not _acronym_like(form):
        return None
    match = _ACRONYM_BEFORE.match(text, end)
    if match is None:
        return None
    full = at.get(match.end())
    if full is None or full is group or full.type == "PER":
        return None
    name = full.name
    if len(name.split()) < 2 or not abbreviates(form, name):
        return None
    return form, full


def _untagged_definitions(text: str, mentions: Sequence[_Mention],
                          groups: dict[tuple[str, EntityType], _Group]) -> dict[str, _Group]:
    """ "la Fédération nationale des agriculteurs (FNA)" where the NER tagged the acronym
    but not the name: the capitalised phrase after the determiner becomes the entity's
    name when the acronym abbreviates it."""
    ends = {end for _f, _l, _s, end in mentions}
    found: dict[str, _Group] = {}
    for form, label, start, end in mentions:
        group = groups[(_key(form), label)]
        if group.type == "PER" or not _acronym_like(form) or text[end:end + 1] != ")":
            continue
        before = text[max(0, start - 120):start]
        match = _UNTAGGED_NAME.search(before)
        if match is None:
            continue
        name = match.group(1).rstrip()
        name_start = start - len(before) + match.start(1)
        institution = name.split()[0].lower() in source_nouns() | _ORG_HEADS and (
            group.type in ("ORG", "MISC"))
        if name_start + len(name) in ends or (name[:1].islower() and not institution) or not (
                abbreviates(form, name) or institution):
            continue  # an institution's noun names it whatever its acronym's language
        full = _Group(type="ORG", forms=[name], mentions=[(name_start, name_start + len(name))])
        groups[(_key(name), "ORG")] = full
        found[form] = full
    return found


def _absorb(text: str, acronym: str, full: _Group, mentions: Sequence[_Mention],
            groups: dict[tuple[str, EntityType], _Group], alive: dict[int, _Group]) -> None:
    """Move the acronym's mentions (tagged or not) into the full name's entity."""
    key = _key(acronym)
    for (k, _label), group in list(groups.items()):
        if k == key and group is not full and group.type != "PER" and id(group) in alive:
            full.forms += group.forms
            full.mentions += group.mentions
            if group.type == "ORG":
                full.type = "ORG"
            del alive[id(group)]
            for gk, g in groups.items():
                if g is group:
                    groups[gk] = full
    taken = [(s, e) for _f, _l, s, e in mentions]
    pattern = re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")
    for match in pattern.finditer(text):
        span = (match.start(), match.end())
        if not any(s < span[1] and span[0] < e for s, e in taken):
            full.forms.append(acronym)
            full.mentions.append(span)
    if full.type == "MISC":
        full.type = "ORG"
