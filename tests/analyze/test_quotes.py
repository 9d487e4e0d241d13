"""Quotations and their speakers (``veille.quotes.v1``) on short French news sentences.

Each test states one behaviour of ``veille.analyze(text).quotes``: direct quotations and
their cues, indirect reports ("que", "selon", infinitives), mixed ones, speakers (names,
pronouns, titles, unnamed sources, institutions), and what is not a quotation.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest

from veille.records import Analysis, Quote

pytestmark = pytest.mark.slow

Analyse = Callable[[str], Analysis]


def only(analysis: Analysis) -> Quote:
    assert len(analysis.quotes) == 1, analysis.quotes
    return analysis.quotes[0]


# -- direct quotations ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "said", "speaker"), [
    ("« Nous ne reculerons pas devant les menaces », a déclaré Marc Lefranc mardi soir.",
     "Nous ne reculerons pas devant les menaces", "Marc Lefranc"),
    ("Le préfet Antoine Morel s'est rendu sur place jeudi. « La situation reste très "
     "préoccupante dans le nord du département », a-t-il ajouté.",
     "La situation reste très préoccupante dans le nord du département", "Antoine Morel"),
    ("Le maire Olivier Bertin a reçu les habitants. « Nous allons reconstruire chaque école "
     "du quartier », explique-t-il.",
     "Nous allons reconstruire chaque école du quartier", "Olivier Bertin"),
    ("Sophie Marchal a déclaré : « Le projet sera présenté au conseil avant la fin du mois. »",
     "Le projet sera présenté au conseil avant la fin du mois", "Sophie Marchal"),
    ("“Les négociations avancent lentement mais sûrement”, a affirmé Hélène Castel.",
     "Les négociations avancent lentement mais sûrement", "Hélène Castel"),
    ("« Qui paiera la facture ? », s'interroge le maire Robert Chevalier.",
     "Qui paiera la facture ?", "Robert Chevalier"),
], ids=["inverted-cue-after", "a-t-il", "explique-t-il", "cue-colon-before", "english-marks",
        "question"])
def test_direct_quote_and_its_speaker(analyse: Analyse, text: str, said: str,
                                      speaker: str) -> None:
    quote = only(analyse(text))
    assert (quote.kind, quote.text, quote.speaker) == ("direct", said, speaker)


def test_cue_is_recorded_as_written(analyse: Analyse) -> None:
    text = ("Le préfet Antoine Morel s'est rendu sur place jeudi. « La situation reste très "
            "préoccupante dans le nord du département », a-t-il ajouté.")
    assert only(analyse(text)).cue == "a-t-il ajouté"


def test_direct_quote_runs_over_two_sentences(analyse: Analyse) -> None:
    text = ("« Le port a été fermé pendant trois jours. Les pêcheurs n'ont rien pu vendre », "
            "a raconté Julien Ferrand.")
    quote = only(analyse(text))
    assert quote.text == ("Le port a été fermé pendant trois jours. Les pêcheurs n'ont rien pu "
                          "vendre")
    assert quote.speaker == "Julien Ferrand"


def test_direct_quote_reopened_at_next_paragraph_is_one_quote(analyse: Analyse) -> None:
    text = ("Pauline Girard a déclaré : « Les salariés attendent des réponses claires.\n\n"
            "« Nous demandons un calendrier précis avant l'été. »")
    quote = only(analyse(text))
    assert quote.kind == "direct"
    assert quote.text.startswith("Les salariés attendent")
    assert quote.text.endswith("calendrier précis avant l'été")
    assert quote.speaker == "Pauline Girard"


def test_standalone_quote_paragraph_continues_previous_speaker(analyse: Analyse) -> None:
    text = ("« Il faut rouvrir la ligne ferroviaire dès le printemps », a déclaré Bernard "
            "Collin.\n\n« Les habitants de la vallée n'ont plus aucune autre solution pour aller "
            "travailler. »")
    first, second = analyse(text).quotes
    assert second.text == ("Les habitants de la vallée n'ont plus aucune autre solution pour "
                           "aller travailler")
    assert (second.kind, second.speaker, second.speaker_id) == (
        "direct", "Bernard Collin", first.speaker_id)


def test_standalone_quote_sentence_inside_a_paragraph_continues_speaker(
        analyse: Analyse) -> None:
    text = ("« Il faut rouvrir la ligne ferroviaire dès le printemps », a déclaré Bernard "
            "Collin. « Les habitants de la vallée n'ont plus aucune autre solution. » La "
            "réunion s'est terminée vers minuit.")
    quotes = analyse(text).quotes
    assert [q.speaker for q in quotes] == ["Bernard Collin", "Bernard Collin"]
    assert quotes[1].text == "Les habitants de la vallée n'ont plus aucune autre solution"


@pytest.mark.parametrize("text", [
    "Le journal « Le Monde » publie une enquête sur les hôpitaux.",
    "L'éditorial du quotidien « Le Monde » a été très commenté par les lecteurs.",
    "Cette « ironie » n'a échappé à personne dans la salle.",
    "Le plan « Horizon 2030 » a été présenté aux élus de la région.",
], ids=["title", "title-in-subject", "one-word", "project-name"])
def test_scare_quotes_and_titles_without_cue_are_not_quotes(analyse: Analyse,
                                                            text: str) -> None:
    assert analyse(text).quotes == ()


def test_title_next_to_a_cue_is_not_a_direct_quote(analyse: Analyse) -> None:
    text = "Claire Fontaine a déclaré au quotidien « Le Monde » que la réforme serait retirée."
    assert [q for q in analyse(text).quotes if q.kind == "direct"] == []


def test_report_with_a_title_between_verb_and_que(analyse: Analyse) -> None:
    text = "Claire Fontaine a déclaré au quotidien « Le Monde » que la réforme serait retirée."
    quote = only(analyse(text))
    assert (quote.text, quote.speaker) == ("la réforme serait retirée", "Claire Fontaine")


# -- indirect quotations ----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "said", "speaker"), [
    ("Claire Dumont a déclaré que le gouvernement présenterait un nouveau budget en septembre.",
     "le gouvernement présenterait un nouveau budget en septembre", "Claire Dumont"),
    ("Thomas Leclerc estime qu'il est trop tôt pour juger la réforme.",
     "il est trop tôt pour juger la réforme", "Thomas Leclerc"),
    ("Claire Dumont a quitté la réunion, affirmant que la direction refusait tout dialogue.",
     "la direction refusait tout dialogue", "Claire Dumont"),
    ("Nathalie Blanc a fait savoir que le festival serait reporté à l'automne.",
     "le festival serait reporté à l'automne", "Nathalie Blanc"),
    ("Gilles Aubry a promis de rénover la piscine municipale avant l'été.",
     "rénover la piscine municipale avant l'été", "Gilles Aubry"),
    ("Laurent Petit affirme avoir reçu des menaces pendant plusieurs semaines.",
     "avoir reçu des menaces pendant plusieurs semaines", "Laurent Petit"),
    ("Le budget sera voté avant Noël, a déclaré Claire Dumont.",
     "Le budget sera voté avant Noël", "Claire Dumont"),
], ids=["declare-que", "estime-qu", "participle", "fait-savoir", "promis-de",
        "affirme-avoir", "inverted-after"])
def test_indirect_report_and_its_speaker(analyse: Analyse, text: str, said: str,
                                         speaker: str) -> None:
    quote = only(analyse(text))
    assert (quote.kind, quote.text, quote.speaker) == ("indirect", said, speaker)


def test_coordinated_reports_give_two_quotes_by_the_same_speaker(analyse: Analyse) -> None:
    text = ("Paul Renaud a affirmé que le contrat était équilibré, mais dit maintenant que les "
            "clauses doivent être revues.")
    quotes = analyse(text).quotes
    assert [q.text for q in quotes] == ["le contrat était équilibré",
                                        "les clauses doivent être revues"]
    assert [q.speaker for q in quotes] == ["Paul Renaud", "Paul Renaud"]


def test_inverted_parenthetical_cue(analyse: Analyse) -> None:
    text = "Les frappes, a déclaré Denis Faure, seraient menées dans les prochains jours."
    quote = only(analyse(text))
    assert quote.speaker == "Denis Faure"
    assert quote.text.startswith("Les frappes")
    assert quote.text.endswith("seraient menées dans les prochains jours")


def test_que_clause_with_quoted_fragment_is_mixed(analyse: Analyse) -> None:
    text = ("Isabelle Perrin a déclaré que la réunion avait été une « discussion franche » avec "
            "les syndicats.")
    quote = only(analyse(text))
    assert quote.kind == "mixed"
    assert quote.text == "la réunion avait été une « discussion franche » avec les syndicats"
    assert quote.speaker == "Isabelle Perrin"


def test_mixed_quote_ending_with_the_fragment_keeps_its_closing_mark(analyse: Analyse) -> None:
    text = ("Isabelle Perrin a déclaré que la réunion avait été une « discussion franche et "
            "utile ».")
    quote = only(analyse(text))
    assert (quote.kind, quote.text) == (
        "mixed", "la réunion avait été une « discussion franche et utile »")


# -- "selon", "d'après", "pour" ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "said", "cue"), [
    ("Selon Martine Roux, la commune manque de médecins depuis dix ans.",
     "la commune manque de médecins depuis dix ans", "selon"),
    ("La commune manque de médecins depuis dix ans, selon Martine Roux.",
     "La commune manque de médecins depuis dix ans", "selon"),
    ("D'après Martine Roux, la commune manque de médecins depuis dix ans.",
     "la commune manque de médecins depuis dix ans", "d'après"),
    ("Pour Martine Roux, la réforme arrive beaucoup trop tard.",
     "la réforme arrive beaucoup trop tard", "pour"),
], ids=["selon-before", "selon-after", "d-apres", "pour-person"])
def test_source_phrase_reports_the_statement(analyse: Analyse, text: str, said: str,
                                             cue: str) -> None:
    quote = only(analyse(text))
    assert (quote.kind, quote.text, quote.speaker, quote.cue) == (
        "indirect", said, "Martine Roux", cue)


def test_selon_at_sentence_end_mention_has_no_period(analyse: Analyse) -> None:
    text = "La commune manque de médecins depuis dix ans, selon Martine Roux."
    assert only(analyse(text)).speaker_mention == "Martine Roux"


@pytest.mark.parametrize("text", [
    "Pour la France, la réforme arrive beaucoup trop tard.",
    "Pour la France, cette décision de la Commission européenne est une victoire.",
], ids=["country", "country-and-organisation"])
def test_pour_a_place_is_not_a_source(analyse: Analyse, text: str) -> None:
    assert analyse(text).quotes == ()


# -- speakers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Le sénateur Gilles Aubry a rencontré mardi la ministre Sandrine Vidal. Il a ajouté que le "
    "texte serait voté avant Noël.",
    "Gilles Aubry a longuement critiqué la position de Sandrine Vidal lors du débat. Il a "
    "ajouté que le texte serait voté avant Noël.",
], ids=["object-with-title", "object-in-complement"])
def test_pronoun_speaker_is_the_earlier_subject(analyse: Analyse, text: str) -> None:
    quote = only(analyse(text))
    assert (quote.speaker, quote.speaker_mention) == ("Gilles Aubry", "Il")


@pytest.mark.parametrize(("text", "speaker"), [
    ("Gilles Aubry a été reçu par Sandrine Vidal. Elle a indiqué que le texte serait voté "
     "avant Noël.", "Sandrine Vidal"),
    ("Mme Okafor a rencontré le ministre Tiago Ramos. Il a assuré que les crédits seraient "
     "débloqués.", "Tiago Ramos"),
    ("La présidente du conseil, Lou Keller, a reçu Marc Aubert. Elle affirme que la réforme "
     "attendra.", "Lou Keller"),
    ("Le doyen Paul Gervais a réuni la faculté. Anne-Laure Pichon, professeur de droit, a "
     "pris la parole. Elle estime que la réforme arrive trop tard.", "Anne-Laure Pichon"),
    ("Léa Martin a reçu les syndicats. Le recteur, Jean-Baptiste Orsini, était présent. Il "
     "assure que les postes seront maintenus.", "Jean-Baptiste Orsini"),
], ids=["first-name", "honorific", "feminine-title", "masculine-title-of-a-woman",
        "compound-first-name"])
def test_pronoun_agrees_in_gender_with_its_person(analyse: Analyse, text: str,
                                                  speaker: str) -> None:
    assert only(analyse(text)).speaker == speaker


@pytest.mark.parametrize("text", [
    "Un responsable a indiqué que les négociations reprendraient lundi.",
    "Un haut responsable de la police a indiqué que les négociations reprendraient lundi.",
], ids=["bare", "with-complement"])
def test_unnamed_source_has_a_mention_and_no_speaker(analyse: Analyse, text: str) -> None:
    quote = only(analyse(text))
    assert quote.speaker is None
    assert "responsable" in (quote.speaker_mention or "")


@pytest.mark.parametrize(("text", "institution"), [
    ("Le ministère de la Défense a indiqué que deux soldats avaient été blessés.",
     "ministère de la Défense"),
    ("La préfecture a indiqué que la route resterait fermée jusqu'à lundi.", "préfecture"),
], ids=["named-ministry", "common-noun"])
def test_institution_is_the_speaker(analyse: Analyse, text: str, institution: str) -> None:
    assert only(analyse(text)).speaker == institution


def test_title_names_a_person_introduced_earlier(analyse: Analyse) -> None:
    text = ("Le président François Durand a visité l'usine lundi. « Nous devons protéger "
            "chaque emploi industriel du pays », estime le président.")
    analysis = analyse(text)
    quote = only(analysis)
    durand = next(e for e in analysis.entities if e.name == "François Durand")
    assert (quote.speaker, quote.speaker_id, quote.speaker_mention) == (
        "François Durand", durand.id, "le président")


def test_place_in_a_title_is_not_the_speaker(analyse: Analyse) -> None:
    text = "« Nous ne céderons rien sur les retraites », a déclaré le président de la République."
    quote = only(analyse(text))
    assert quote.speaker is None
    assert quote.speaker_mention == "le président de la République"


# -- not reports ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Le maire a insisté pour que les écoles restent ouvertes.",
    "Le maire a insisté bien que le conseil municipal ait rejeté sa proposition.",
    "La commission veut s'assurer que les règles sont respectées.",
    "Le juge a demandé un délai pour s'assurer que toutes les pièces étaient au dossier.",
], ids=["insiste-pour-que", "bien-que", "s-assurer-que", "pour-s-assurer-que"])
def test_conjunctions_and_reflexive_assurer_are_not_reports(analyse: Analyse,
                                                           text: str) -> None:
    assert analyse(text).quotes == ()


def test_pour_que_after_an_object_is_not_the_report(analyse: Analyse) -> None:
    """What was announced is the measures (the object), not the clause after "pour que"."""
    text = "Le ministre a annoncé des mesures pour que les écoles restent ouvertes."
    assert all(not q.text.startswith("les écoles") for q in analyse(text).quotes)


# -- offsets ----------------------------------------------------------------------------------
OFFSET_TEXTS = [
    "« Nous ne reculerons pas devant les menaces », a déclaré Marc Lefranc mardi soir.",
    "“Les négociations avancent lentement mais sûrement”, a affirmé Hélène Castel.",
    "Pauline Girard a déclaré : « Les salariés attendent des réponses claires.\n\n"
    "« Nous demandons un calendrier précis avant l'été. »",
    "Claire Dumont a déclaré que le gouvernement présenterait un nouveau budget en septembre.",
    "La commune manque de médecins depuis dix ans, selon Martine Roux.",
    "Isabelle Perrin a déclaré que la réunion avait été une « discussion franche » avec les "
    "syndicats.",
    "Bruxelles, 4 mars 2025 - Le commissaire Victor Lenoir a déclaré : « Les quotas seront "
    "revus. » Il a ajouté que la pêche côtière serait protégée.",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_quote_offsets_point_into_the_article_text(analyse: Analyse, text: str) -> None:
    analysis = analyse(text)
    assert analysis.quotes
    for quote in analysis.quotes:
        assert analysis.article.text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_direct_quote_text_excludes_marks_and_spaces(analyse: Analyse, text: str) -> None:
    for quote in analyse(text).quotes:
        if quote.kind == "direct":
            assert quote.text == quote.text.strip()
            assert quote.text[0] not in "«“\"" and quote.text[-1] not in "»”\""


# -- quotation marks (no model) ---------------------------------------------------------------
_quotes = import_module("veille.analyze.quotes")  # veille.analyze is also a function


@pytest.mark.parametrize(("text", "expected"), [
    ("Il a dit « ça suffit » hier.", ["« ça suffit »"]),
    ("« Il a parlé de “trahison” devant nous », dit-elle.",
     ["« Il a parlé de “trahison” devant nous »"]),
    ("« Une phrase jamais fermée\n\nUn autre paragraphe.", ["« Une phrase jamais fermée"]),
    ("« Début du propos.\n\n« Suite du propos. »", ["« Début du propos.\n\n« Suite du propos. »"]),
], ids=["simple", "nested-stays-inside", "unclosed-ends-at-paragraph", "reopened-paragraph"])
def test_quoted_spans(text: str, expected: list[str]) -> None:
    assert [text[q.start:q.end] for q in _quotes.quoted_spans(text)] == expected


def test_a_name_opening_a_paragraph_is_the_subject_a_pronoun_refers_to(
        analyse: Analyse) -> None:
    """The demo article: the parse runs across the paragraph break and makes "Étienne
    Marchal" an object of the sentence before; "a-t-il déclaré" after his quotation still
    refers to him, not to the general named with him in the lead."""
    text = (Path(__file__).parents[2] / "examples" / "sommet-helsinki.txt").read_text(
        encoding="utf-8")
    said = [q for q in analyse(text).quotes if q.text.startswith("Nous ne pouvons plus")]
    assert [q.speaker for q in said] == ["Étienne Marchal"]


# -- classes of the second wave (team-written sentences, varied names, verbs, tenses) ------------
def _said(analysis: Analysis) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in analysis.quotes]


@pytest.mark.parametrize(("text", "expected"), [
    ("« Nous rouvrirons la ligne, assure la directrice Nadia Ferhat, dès que les rails seront "
     "réparés ».", [("Nous rouvrirons la ligne", "Nadia Ferhat"),
                    ("dès que les rails seront réparés", "Nadia Ferhat")]),
    ("Le sélectionneur Yann Morvan a fait le point. « Le groupe est prêt, a-t-il affirmé, "
     "mais il manque encore du rythme ».",
     [("Le groupe est prêt", "Yann Morvan"), ("mais il manque encore du rythme", "Yann Morvan")]),
    ('"Les analyses sont formelles, précisait la biologiste Inès Caron. Il faut isoler les '
     'patients".', [("Les analyses sont formelles", "Inès Caron"),
                    ("Il faut isoler les patients", "Inès Caron")]),
], ids=["name", "pronoun", "period"])
def test_cue_inserted_in_one_pair_of_marks_gives_two_quotations(
        analyse: Analyse, text: str, expected: list[tuple[str, str]]) -> None:
    assert _said(analyse(text)) == expected


def test_reopened_mark_after_an_inserted_cue_is_a_new_speakers_quotation(
        analyse: Analyse) -> None:
    text = ('Le président du club, Alain Roussel, est resté prudent. "Il ne sera pas le seul '
            'à être courtisé, a-t-il dit. "Je reste ici, je suis heureux", a déclaré le '
            'capitaine Karim Benali.')
    assert _said(analyse(text)) == [
        ("Il ne sera pas le seul à être courtisé", "Alain Roussel"),
        ("Je reste ici, je suis heureux", "Karim Benali")]


@pytest.mark.parametrize(("text", "said", "speaker"), [
    ("« Je ne lâcherai rien », sourit Margaux Perrin.", "Je ne lâcherai rien",
     "Margaux Perrin"),
    ("« Ce chantier a trop duré », tranche le maire Gilles Fabre.", "Ce chantier a trop duré",
     "Gilles Fabre"),
    ("Le conseil a voté. « Il était temps », a soufflé la députée Anne Volant.",
     "Il était temps", "Anne Volant"),
], ids=["sourit", "tranche", "a-souffle"])
def test_any_verb_in_the_incise_after_a_quotation_reports_it(analyse: Analyse, text: str,
                                                             said: str, speaker: str) -> None:
    quote = only(analyse(text))
    assert (quote.text, quote.speaker) == (said, speaker)


@pytest.mark.parametrize("text", [
    "Le préfet Jacques Moreau a visité la digue.\n\n« Nous renforcerons chaque mètre avant "
    "l'hiver prochain ».",
    "Interrogée par notre rédaction, la navigatrice Léa Marchand ne cache pas sa fatigue. "
    "« Cette course m'a pris toutes mes forces, mais je repartirai ».",
], ids=["previous-paragraph", "previous-sentence"])
def test_quotation_without_cue_goes_to_the_person_just_introduced(analyse: Analyse,
                                                                 text: str) -> None:
    quote = only(analyse(text))
    assert quote.kind == "direct" and quote.speaker in ("Jacques Moreau", "Léa Marchand")


def test_quotation_without_cue_continues_the_last_speaker(analyse: Analyse) -> None:
    text = ("« Le dossier est complet », a assuré l'avocat Pierre Lenoir. Le juge rendra sa "
            "décision en mai. « Nous attendons ce jugement avec confiance et sérénité ».")
    assert [q.speaker for q in analyse(text).quotes] == ["Pierre Lenoir", "Pierre Lenoir"]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Le milieu Samuel Kanté a rejoint Lens en juillet. L'ancien défenseur estime que le "
     "club peut viser l'Europe.", "Samuel Kanté"),
    ("La chercheuse Hélène Vidal a publié ses travaux mardi. La scientifique affirme que "
     "les glaciers reculent deux fois plus vite.", "Hélène Vidal"),
], ids=["defenseur", "scientifique"])
def test_definite_description_refers_to_the_person_named_before(analyse: Analyse, text: str,
                                                                speaker: str) -> None:
    assert only(analyse(text)).speaker == speaker


@pytest.mark.parametrize("text", [
    "« Le bruit ne cesse jamais », raconte une voisine du chantier de la gare de Lyon.",
    "Un cadre de la banque Crédit Rural, qui a souhaité rester anonyme, a admis que les "
    "pertes seraient lourdes.",
], ids=["voisine", "cadre"])
def test_indefinite_person_is_an_unnamed_source(analyse: Analyse, text: str) -> None:
    quote = only(analyse(text))
    assert quote.speaker is None and quote.speaker_mention


@pytest.mark.parametrize(("text", "said", "speaker"), [
    ("Pour la sociologue Carine Dubreuil, la précarité étudiante s'est installée durablement.",
     "la précarité étudiante s'est installée durablement", "Carine Dubreuil"),
    ("Pour Tomas Ferreira, responsable des stocks à la coopérative, une structure qui "
     "regroupe quarante pêcheurs, les quotas arrivent trop tard.",
     "les quotas arrivent trop tard", "Tomas Ferreira"),
    ("Pour ses détracteurs, la réforme affaiblit les petites communes.",
     "la réforme affaiblit les petites communes", None),
], ids=["title-name", "appositions", "people"])
def test_pour_introduces_a_source(analyse: Analyse, text: str, said: str,
                                  speaker: str | None) -> None:
    quote = only(analyse(text))
    assert (quote.text, quote.speaker) == (said, speaker)


def test_aux_yeux_de_and_a_ses_yeux(analyse: Analyse) -> None:
    text = ("La syndicaliste Maud Leroy a quitté la réunion. À ses yeux, « le dialogue social "
            "est rompu pour de bon ».")
    quote = only(analyse(text))
    assert quote.speaker == "Maud Leroy" and quote.text.startswith("le dialogue social")


def test_selon_laquelle_reports_the_clause(analyse: Analyse) -> None:
    text = ("Le ministre Bruno Calvet a répété sa conviction selon laquelle la croissance "
            "repartira au printemps.")
    quote = only(analyse(text))
    assert (quote.text, quote.speaker) == ("la croissance repartira au printemps",
                                           "Bruno Calvet")


def test_reporting_form_before_que_is_a_cue_whatever_its_tag(analyse: Analyse) -> None:
    text = ("Dans son bilan, l'Observatoire régional des déchets note que le tri a progressé "
            "de dix points.")
    quote = only(analyse(text))
    assert quote.text == "le tri a progressé de dix points"


def test_embedded_post_goes_to_its_account_holder(analyse: Analyse) -> None:
    text = ("La ministre a réagi dans la soirée.\n\n📢 #Vaccins | Les centres resteront ouverts "
            "tout l'été. Prenez rendez-vous en ligne.\n\nMerci aux soignants !\n\n— Clara "
            "Nguyen (@claranguyen) July 2, 2021\n\nLe débat continue au Parlement.")
    quote = only(analyse(text))
    assert quote.speaker == "Clara Nguyen" and quote.kind == "direct"
    assert quote.text.startswith("Les centres resteront ouverts")
    assert quote.text.endswith("Merci aux soignants !")


def test_post_text_loses_its_link(analyse: Analyse) -> None:
    text = ("Le club a communiqué en fin de journée.\n\nRendez-vous samedi au stade pour la "
            "finale https://t.co/Xy12ab\n\n— FC Rives (@fcrives) 12 mai 2023\n\nLa suite.")
    quote = only(analyse(text))
    assert quote.text == "Rendez-vous samedi au stade pour la finale"
    assert quote.speaker and "Rives" in quote.speaker


def test_quoted_intertitle_goes_to_whoever_said_those_words(analyse: Analyse) -> None:
    text = ("La syndicaliste Léa Moreau a été reçue par le préfet.\n\n« Aucune avancée »\n\n"
            "Le préfet Henri Gallet a défendu le projet. « Sur ce point, il n'y a aucune avancée, "
            "et nous le regrettons », a déclaré Léa Moreau à la sortie.")
    quotes = analyse(text).quotes
    assert next((q.text, q.speaker) for q in quotes) == ("Aucune avancée", "Léa Moreau")


@pytest.mark.parametrize(("text", "said"), [
    ("L'ONG accuse le groupe minier d'avoir pollué la rivière pendant dix ans.",
     "le groupe minier d'avoir pollué la rivière pendant dix ans"),
    ("Le gouverneur a exhorté les habitants des zones côtières à quitter leurs maisons.",
     "les habitants des zones côtières à quitter leurs maisons"),
    ("L'agence sanitaire recommande de ne pas consommer les coquillages du bassin.",
     "de ne pas consommer les coquillages du bassin"),
], ids=["accuse-de", "exhorte-a", "recommande-de"])
def test_object_and_infinitive_are_the_report(analyse: Analyse, text: str, said: str) -> None:
    assert only(analyse(text)).text == said


@pytest.mark.parametrize(("text", "said"), [
    ("La ministre Claire Astier a démenti les rumeurs de démission qui circulaient depuis "
     "lundi.", "les rumeurs de démission qui circulaient depuis lundi"),
    ("Le syndicat a déploré la fermeture de trois classes dans la vallée.",
     "la fermeture de trois classes dans la vallée"),
], ids=["dementi", "deplore"])
def test_object_of_a_denial_or_complaint_is_the_report(analyse: Analyse, text: str,
                                                       said: str) -> None:
    assert only(analyse(text)).text == said


def test_short_object_is_no_report(analyse: Analyse) -> None:
    assert not analyse("Le porte-parole a confirmé l'information.").quotes


def test_any_verb_inserted_with_a_person_after_it_splits_the_quotation(
        analyse: Analyse) -> None:
    text = ("« Le sable a avancé de dix mètres en un mois, pointe le maire Paul Léger. Nous "
            "fermons la plage »")
    assert [q.text for q in analyse(text).quotes] == [
        "Le sable a avancé de dix mètres en un mois", "Nous fermons la plage"]


def test_profession_nouns_are_sources(analyse: Analyse) -> None:
    text = "Pour la climatologue, les épisodes de canicule vont se multiplier."
    assert only(analyse(text)).text == "les épisodes de canicule vont se multiplier"


def test_aside_between_cue_and_que(analyse: Analyse) -> None:
    text = ("Un proche du dossier a confié, sous couvert d'anonymat, que la fusion serait "
            "annoncée en mars.")
    quote = only(analyse(text))
    assert quote.text == "la fusion serait annoncée en mars" and quote.speaker is None


def test_cue_tagged_as_a_noun_takes_the_phrase_before_it(analyse: Analyse) -> None:
    text = ("Dans son dernier bilan, l'Institut national de la consommation note que les prix "
            "ont baissé.")
    quote = only(analyse(text))
    assert quote.speaker is not None and "Institut national de la consommation" in quote.speaker


def test_par_la_voix_de_names_the_spokesman(analyse: Analyse) -> None:
    text = ("L'Unicef, par la voix de sa directrice régionale, Amina Diallo, a averti que "
            "les écoles manquaient d'eau potable.")
    assert only(analyse(text)).speaker == "Amina Diallo"


def test_description_agrees_in_gender(analyse: Analyse) -> None:
    text = ("Zoé Marchetti, 21 ans, étudie le droit. Son professeur, Paul Girard, reste "
            "prudent. La jeune femme estime que la réforme arrive trop tard.")
    assert only(analyse(text)).speaker == "Zoé Marchetti"


def test_object_pronoun_between_subject_and_cue(analyse: Analyse) -> None:
    text = "Le parquet de Lyon l'accuse d'avoir dissimulé des documents comptables."
    quote = only(analyse(text))
    assert quote.speaker_mention and "parquet" in quote.speaker_mention.lower()


def test_quotation_repeating_earlier_words_goes_to_their_speaker(analyse: Analyse) -> None:
    text = ("Le médiateur Omar Benali a évoqué « un accord qui reste fragile mais réel ». "
            "La réunion a duré trois heures.\n\nLe syndicat a quitté la salle.\n\n"
            "« Un accord qui reste fragile mais réel »")
    assert [q.speaker for q in analyse(text).quotes] == ["Omar Benali", "Omar Benali"]


def test_cue_of_another_clause_after_a_quotation_is_not_its_cue(analyse: Analyse) -> None:
    text = ("La ministre Inès Duval a salué « un pas décisif pour la paix », quand le député "
            "Marc Roy dénonçait un accord bâclé.")
    said = {q.text: q.speaker for q in analyse(text).quotes}
    assert said.get("un pas décisif pour la paix") == "Inès Duval"


def test_colon_announces_words_without_a_verb(analyse: Analyse) -> None:
    text = ("Le ministre Bruno Le Maire a visité le chantier. Son verdict : « Les travaux ont pris "
            "trop de retard ».")
    quote = only(analyse(text))
    assert (quote.text, quote.speaker) == ("Les travaux ont pris trop de retard", "Bruno Le Maire")


def test_ne_que_is_a_restriction_not_a_report(analyse: Analyse) -> None:
    assert not analyse("Le règlement n'autorise qu'une sortie par semaine et la direction "
                       "ne dit que cela.").quotes


def test_s_engager_a_reports_a_promise(analyse: Analyse) -> None:
    text = "La région s'est engagée à rouvrir la ligne ferroviaire avant l'été."
    assert only(analyse(text)).text == "rouvrir la ligne ferroviaire avant l'été"


def test_a_title_with_another_qualifier_is_someone_else(analyse: Analyse) -> None:
    text = ("L'envoyé américain pour le climat, Tom Reyes, a rencontré son homologue. "
            "L'envoyé chinois a estimé que l'accord restait possible.")
    analysis = analyse(text)
    assert only(analysis).speaker != "Tom Reyes"
    reyes = [e for e in analysis.entities if e.name == "Tom Reyes"]
    assert reyes and not any("chinois" in r for r in reyes[0].roles)


def test_a_role_learned_from_a_title_is_kept_verbatim(analyse: Analyse) -> None:
    text = ("Le président de la Région, Marc Olivier, a visité l'usine. Le président de la "
            "Région a estimé que le site serait sauvé.")
    olivier = next(e for e in analyse(text).entities if e.name == "Marc Olivier")
    assert "président de la Région" in olivier.roles


def test_no_break_spaces_inside_marks_change_nothing(analyse: Analyse) -> None:
    text = ("Le procès a été renvoyé.\u00a0«\u00a0C'est une décision qui nous laisse sans "
            "réponse\u00a0», a réagi l'avocate des familles, Me Inès Barral.")
    quote = only(analyse(text))
    assert quote.speaker == "Inès Barral"
    assert text[quote.start:quote.end] == quote.text  # offsets into the article's text


def test_writers_comment_after_a_report_is_not_the_report(analyse: Analyse) -> None:
    text = ("Le syndicat a affirmé que la grève serait reconduite lundi, ce qui coïncide avec "
            "la rentrée scolaire.")
    assert only(analyse(text)).text == "la grève serait reconduite lundi"


def test_narration_after_a_trailing_cue_is_not_the_statement(analyse: Analyse) -> None:
    text = ("Les exportations ont reculé de 12 % au premier trimestre, a précisé l'agence "
            "Lusa mardi, citant des chiffres des douanes.")
    quote = only(analyse(text))
    assert quote.text == "Les exportations ont reculé de 12 % au premier trimestre"
