"""How the web press sets speech apart, one class per test, on team-written sentences.

Dialogue dashes, quote marks other than « » and “ ”, cues inserted between dashes, "comme
l'a dit X", "à en croire X", intertitles without marks that repeat a source's words, and
what is not a quotation (a name and its title before a verb of saying, a belief nobody
voices). Names, verbs and tenses vary on purpose.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from veille.records import Analysis, Quote

pytestmark = pytest.mark.slow

Analyse = Callable[[str], Analysis]


def said(analysis: Analysis) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.speaker) for q in analysis.quotes]


def only(analysis: Analysis) -> Quote:
    assert len(analysis.quotes) == 1, analysis.quotes
    return analysis.quotes[0]


# -- dialogue dashes ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "words", "speaker"), [
    ("Le conseil municipal s'est réuni lundi.\n\n— Nous ne céderons pas, a lancé Pierre "
     "Garnier devant les élus.", "Nous ne céderons pas", "Pierre Garnier"),
    ("La grève a été reconduite.\n\n– Personne ne nous a écoutés depuis des mois, "
     "regrettait hier Inès Carpentier.", "Personne ne nous a écoutés depuis des mois",
     "Inès Carpentier"),
], ids=["em-dash", "en-dash-imperfect"])
def test_a_dialogue_dash_opens_direct_speech(analyse: Analyse, text: str, words: str,
                                             speaker: str) -> None:
    assert ("direct", words, speaker) in said(analyse(text))


def test_a_dash_inside_a_sentence_is_not_dialogue(analyse: Analyse) -> None:
    text = ("Les résultats — très attendus — seront publiés jeudi, a annoncé la ministre "
            "Nadia Kessler.")
    quote = only(analyse(text))
    assert quote.kind == "indirect" and quote.text.startswith("Les résultats")


# -- marks -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Le syndicaliste Paul Renard a réagi : ‹ Cette réforme est injuste et nous la combattrons. ›",
    "Le syndicaliste Paul Renard a réagi : << Cette réforme est injuste et nous la combattrons. >>",
    "<<Cette réforme est injuste et nous la combattrons>>, a réagi le syndicaliste Paul Renard.",
], ids=["single-guillemets", "typed-angles", "typed-angles-inverted-cue"])
def test_other_marks_around_a_quotation(analyse: Analyse, text: str) -> None:
    assert said(analyse(text)) == [
        ("direct", "Cette réforme est injuste et nous la combattrons", "Paul Renard")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("La ministre Claire Dupin a été claire. « Rien n'est joué – prévient-elle – tout reste "
     "à faire dans ce dossier. »", "Claire Dupin"),
    ("« Nous avons tout essayé — a reconnu le maire, Paul Henri — mais la crue est montée "
     "trop vite. »", "Paul Henri"),
], ids=["en-dashes-pronoun", "em-dashes-title"])
def test_a_cue_between_dashes_splits_the_quotation(analyse: Analyse, text: str,
                                                  speaker: str) -> None:
    quotes = analyse(text).quotes
    assert len(quotes) == 2 and {q.speaker for q in quotes} == {speaker}
    assert all(q.kind == "direct" for q in quotes)


# -- indirect sources --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "words", "speaker"), [
    ("Comme l'a rappelé la ministre Élise Varenne, aucune décision n'a encore été prise.",
     "aucune décision n'a encore été prise", "Élise Varenne"),
    ("Comme le souligne l'économiste Paul Garnier, la croissance restera fragile cette année.",
     "la croissance restera fragile cette année", "Paul Garnier"),
    ("La situation reste tendue dans la vallée, comme l'expliquait hier Ana Roux.",
     "La situation reste tendue dans la vallée", "Ana Roux"),
    ("À en croire le porte-parole de l'armée, Jean Laurent, les combats ont cessé dans la nuit.",
     "les combats ont cessé dans la nuit", "Jean Laurent"),
], ids=["comme-l-a-rappele", "comme-le-souligne", "comme-at-the-end", "a-en-croire"])
def test_comme_and_a_en_croire_name_a_source(analyse: Analyse, text: str, words: str,
                                             speaker: str) -> None:
    assert said(analyse(text)) == [("indirect", words, speaker)]


@pytest.mark.parametrize("text", [
    "Comme prévu, la réunion a eu lieu mardi à Bruxelles.",
    "Comme le prévoit la loi, le texte sera examiné au Sénat en janvier.",
    "Il est considéré comme un proche du président depuis des années.",
], ids=["comme-prevu", "comme-le-prevoit-la-loi", "considere-comme"])
def test_comme_without_a_speaker_is_no_quotation(analyse: Analyse, text: str) -> None:
    assert analyse(text).quotes == ()


@pytest.mark.parametrize(("text", "speaker"), [
    ("Aucune décision n'a été prise, a déclaré le Premier ministre Lucien Garnier.",
     "Lucien Garnier"),
    ("Le calendrier sera tenu, a assuré la Première ministre Hélène Dubreuil.",
     "Hélène Dubreuil"),
], ids=["premier-ministre", "premiere-ministre"])
def test_premier_ministre_after_the_cue_is_the_title_of_the_person_named(
        analyse: Analyse, text: str, speaker: str) -> None:
    assert only(analyse(text)).speaker == speaker


# -- not quotations ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "La directrice de l'hôpital, Claire Vidal, a détaillé la situation devant la presse.",
    "Le président du club, Marc Tessier, a annoncé son départ mardi.",
], ids=["title-name-detaille", "title-name-annonce"])
def test_a_name_and_its_title_before_the_verb_are_not_what_was_said(analyse: Analyse,
                                                                    text: str) -> None:
    assert all(not q.text.startswith(("La directrice", "Le président"))
               for q in analyse(text).quotes)


def test_a_belief_nobody_voices_gets_no_speaker(analyse: Analyse) -> None:
    text = ("La sociologue Irène Casal a étudié ces flux pendant vingt ans. Ce constat fragilise "
            "l'idée commune selon laquelle les pays les plus pauvres envoient le plus "
            "d'émigrants.")
    quote = only(analyse(text))
    assert quote.cue == "selon laquelle" and quote.speaker is None


# -- intertitles -------------------------------------------------------------------------------
def test_an_unmarked_intertitle_repeating_a_quotation_is_that_speakers(analyse: Analyse) -> None:
    text = ("Les salariés de l'usine de Vierzon sont en grève depuis lundi.\n\n"
            "On nous demande de travailler plus pour gagner moins\n\n"
            "Devant le portail, Karim Haddad, soudeur depuis douze ans, ne décolère pas. "
            "« On nous demande aujourd'hui de travailler plus le samedi pour gagner moins "
            "qu'avant, c'est inacceptable », lance-t-il.")
    heading = [q for q in analyse(text).quotes if q.text.startswith("On nous demande de")]
    assert [(q.kind, q.speaker) for q in heading] == [("direct", "Karim Haddad")]


def test_an_intertitle_that_repeats_nobody_is_not_a_quotation(analyse: Analyse) -> None:
    text = ("Les salariés de l'usine de Vierzon sont en grève depuis lundi.\n\n"
            "Une usine au cœur de la ville depuis un siècle\n\n"
            "« Nous ne lâcherons rien tant que la direction ne nous aura pas reçus », "
            "lance Karim Haddad, soudeur.")
    assert all(not q.text.startswith("Une usine") for q in analyse(text).quotes)


# -- quoted clauses ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "words"), [
    ("Le slogan « nous sommes tous concernés » a fleuri sur les murs de la ville.",
     "nous sommes tous concernés"),
    ("Les manifestants ont déployé une banderole où l'on pouvait lire « l'école est à nous » "
     "devant la préfecture.", "l'école est à nous"),
], ids=["inside-a-noun-phrase", "banner"])
def test_a_quoted_clause_is_someones_words_wherever_it_sits(analyse: Analyse, text: str,
                                                            words: str) -> None:
    assert any(q.kind == "direct" and q.text == words for q in analyse(text).quotes)


@pytest.mark.parametrize("text", [
    "Le chantier de la « grande boucle » coûtera deux milliards d'euros à la métropole.",
    "Les élèves du lycée « Jean-Moulin » ont été évacués dans le calme vers midi.",
], ids=["nickname", "school-name"])
def test_a_quoted_noun_phrase_without_a_cue_is_no_quotation(analyse: Analyse,
                                                           text: str) -> None:
    assert analyse(text).quotes == ()


# -- reports through an infinitive or an object -----------------------------------------------
@pytest.mark.parametrize(("text", "words"), [
    ("Le maire, Denis Roche, a expliqué vouloir rénover toutes les écoles d'ici 2028.",
     "vouloir rénover toutes les écoles d'ici 2028"),
    ("La gérante Yasmine Brahimi dit pouvoir tenir encore deux mois sans aide.",
     "pouvoir tenir encore deux mois sans aide"),
], ids=["explique-vouloir", "dit-pouvoir"])
def test_a_verb_of_declaring_reports_a_bare_infinitive(analyse: Analyse, text: str,
                                                       words: str) -> None:
    assert [(q.kind, q.text) for q in analyse(text).quotes] == [("indirect", words)]


def test_a_verb_of_wanting_reports_nothing(analyse: Analyse) -> None:
    assert analyse("Le maire Denis Roche veut rénover toutes les écoles d'ici 2028.").quotes == ()


def test_what_is_announced_is_reported(analyse: Analyse) -> None:
    text = "La ministre Laure Vigneau a annoncé la fermeture de trois centrales d'ici 2030."
    quote = only(analyse(text))
    assert (quote.kind, quote.text, quote.speaker) == (
        "indirect", "la fermeture de trois centrales d'ici 2030", "Laure Vigneau")


def test_comme_at_the_end_with_an_apposition_after_the_name(analyse: Analyse) -> None:
    text = ("Le manque de postes pèse sur toute la faculté, comme nous le raconte Inès*, "
            "27 ans, doctorante en chimie.")
    assert said(analyse(text)) == [
        ("indirect", "Le manque de postes pèse sur toute la faculté", "Inès")]


@pytest.mark.parametrize(("text", "words"), [
    ("Le gouvernement birman considère les Rohingyas comme des immigrés illégaux.",
     "les Rohingyas comme des immigrés illégaux"),
    ("L'ONG décrit le camp comme une prison à ciel ouvert.", "le camp comme une prison à ciel "
     "ouvert"),
], ids=["considere-comme", "decrit-comme"])
def test_a_judgement_through_an_object_and_comme_is_reported(analyse: Analyse, text: str,
                                                            words: str) -> None:
    assert [(q.kind, q.text) for q in analyse(text).quotes] == [("indirect", words)]


def test_a_quoted_word_after_comme_stays_the_quotation(analyse: Analyse) -> None:
    text = "L'ancien maire Roger Vidal décrit son successeur comme « un gestionnaire sans âme »."
    assert [(q.kind, q.text) for q in analyse(text).quotes] == [
        ("direct", "un gestionnaire sans âme")]


@pytest.mark.parametrize("text", [
    "La présidence a publié un texte mercredi. Le communiqué précise que la décision est "
    "irrévocable.",
    "Le syndicat a réagi dans la soirée. Le communiqué affirme que la grève continuera.",
], ids=["presidence", "syndicat"])
def test_a_document_is_not_named_as_the_speaker(analyse: Analyse, text: str) -> None:
    assert only(analyse(text)).speaker != "communiqué"


def test_a_relative_clause_about_the_source_of_selon_is_not_the_statement(
        analyse: Analyse) -> None:
    text = ("Selon Marta Ibáñez, qui dirige les évaluations des stocks dans la région, la "
            "situation du thon rouge reste fragile.")
    assert said(analyse(text)) == [
        ("indirect", "la situation du thon rouge reste fragile", "Marta Ibáñez")]


def test_a_quotation_before_selon_is_the_statement(analyse: Analyse) -> None:
    text = ("« Il connaît chaque dossier par cœur », selon son adjoint Hugo Perrin, le maire "
            "prépare déjà la suite.")
    assert said(analyse(text)) == [
        ("direct", "Il connaît chaque dossier par cœur", "Hugo Perrin")]


@pytest.mark.parametrize("text", [
    "Marc Fabre, dit « le Renard », a été arrêté mardi à Marseille.",
    "La chanteuse Léa Vidal, dite « la Môme du Nord », sera en concert samedi.",
], ids=["dit", "dite"])
def test_a_nickname_after_dit_is_no_quotation(analyse: Analyse, text: str) -> None:
    assert analyse(text).quotes == ()


@pytest.mark.parametrize("text", [
    "Une collaboratrice du sénateur Paul Ricard a confié que le texte serait retiré.",
    "Un ancien adjoint de la maire Claire Noël a assuré que la piscine ne rouvrirait pas.",
], ids=["collaboratrice-du-senateur", "ancien-adjoint-de-la-maire"])
def test_someone_unnamed_is_not_the_person_their_complement_names(analyse: Analyse,
                                                                  text: str) -> None:
    quote = only(analyse(text))
    assert quote.kind == "indirect" and quote.speaker is None


@pytest.mark.parametrize(("text", "words", "speaker"), [
    ("Le syndicaliste Paul Roux, pour qui la réforme est injuste, appelle à la grève.",
     "la réforme est injuste", "Paul Roux"),
    ("Il a rencontré Anne Petit, selon qui le projet ne verra jamais le jour.",
     "le projet ne verra jamais le jour", "Anne Petit"),
], ids=["pour-qui", "selon-qui"])
def test_pour_qui_gives_the_view_of_the_person_just_named(analyse: Analyse, text: str,
                                                         words: str, speaker: str) -> None:
    assert said(analyse(text)) == [("indirect", words, speaker)]


@pytest.mark.parametrize(("text", "quoted"), [
    ("Des milliers de personnes ont défilé dans la manifestation dite « la fête à Macron ».",
     False),
    ("Interrogé sur le projet, le maire Paul Rey a dit « non » sans hésiter.", True),
], ids=["noun-dite", "a-dit"])
def test_dit_after_a_noun_names_and_after_avoir_reports(analyse: Analyse, text: str,
                                                        quoted: bool) -> None:
    assert bool(analyse(text).quotes) is quoted


@pytest.mark.parametrize("text", [
    "Rappelons tout d'abord que la réforme a été votée en 2019.",
    "Notons au passage que le budget de la ville a doublé en dix ans.",
    "Soulignons ici que aucun élu n'a été consulté.",
], ids=["tout-d-abord", "au-passage", "ici"])
def test_the_writers_own_first_person_plural_is_no_report(analyse: Analyse,
                                                          text: str) -> None:
    assert analyse(text).quotes == ()


@pytest.mark.parametrize("text", [
    "Le père, Abdou Karim, est ravi. « Ce n'est pas facile mais c'est génial », a-t-il "
    "déclaré à BBC Afrique.",
    "La maire Inès Royer est confiante. « Le chantier sera livré à temps », a-t-elle assuré "
    "à France Bleu Nord.",
], ids=["a-t-il-a-bbc", "a-t-elle-a-france-bleu"])
def test_the_pronoun_of_a_t_il_speaks_not_the_medium_after_it(analyse: Analyse,
                                                              text: str) -> None:
    assert only(analyse(text)).speaker in ("Abdou Karim", "Inès Royer")
