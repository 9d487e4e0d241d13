"""French time expressions: one sentence per pattern, values against a known publication date.

The sentences are written for these tests, in newswire style. Friday 22 November 2024 is
the publication date unless a test says otherwise.
"""

from __future__ import annotations

import pickle

import pytest

from veille.analyze.timexes import NAME, timexes_from_text
from veille.records import Timex

PUBLISHED = "2024-11-22"  # a Friday, ISO week 47


def found(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str | None, str]]:
    timexes = timexes_from_text(text, published=published)
    for t in timexes:
        assert text[t.start:t.end] == t.text
    return [(t.text, t.value, t.type) for t in timexes]


CASES = [
    # full dates
    ("Le ministre est arrivé le 20 mai 2012 à Kaboul.", ("le 20 mai 2012", "2012-05-20", "date")),
    ("La loi a été votée le 20/05/2012.", ("20/05/2012", "2012-05-20", "date")),
    ("Le texte entrera en vigueur le 1er janvier.", ("le 1er janvier", "2025-01-01", "date")),
    ("Il a démissionné le 20 mai dernier.", ("le 20 mai dernier", "2024-05-20", "date")),
    ("Le sommet aura lieu le 3 mars prochain.", ("le 3 mars prochain", "2025-03-03", "date")),
    ("La réunion s'est tenue mardi 19 novembre.", ("mardi 19 novembre", "2024-11-19", "date")),
    ("Il est né le 10 novembre 93 à Lyon.", ("le 10 novembre 93", "1993-11-10", "date")),
    # months and years
    ("Les travaux ont commencé en juillet.", ("juillet", "2024-07", "date")),
    ("Le chantier reprendra début octobre.", ("début octobre", "2024-10", "date")),
    ("Les élections ont eu lieu en mars 1952.", ("mars 1952", "1952-03", "date")),
    ("Les pourparlers de décembre dernier ont échoué.", ("décembre dernier", "2023-12",
                                                         "date")),
    ("Le contrat sera signé en juin prochain.", ("juin prochain", "2025-06", "date")),
    ("La centrale fermera au mois de décembre.", ("mois de décembre", "2024-12", "date")),
    ("L'usine a ouvert en 2014.", ("2014", "2014", "date")),
    ("Le traité sera révisé fin 2026.", ("fin 2026", "2026", "date")),
    ("Le groupe est né dans les années 1960.", ("dans les années 1960", "196", "date")),
    ("Le bénéfice a doublé au premier semestre 2012.", ("premier semestre 2012", "2012-H1",
                                                        "date")),
    # days relative to publication
    ("Le président a parlé hier.", ("hier", "2024-11-21", "date")),
    ("Il revient aujourd'hui à Paris.", ("aujourd'hui", "2024-11-22", "date")),
    ("Le vote aura lieu demain.", ("demain", "2024-11-23", "date")),
    ("Le drame s'est produit avant-hier.", ("avant-hier", "2024-11-20", "date")),
    ("Les manifestants se sont réunis hier soir.", ("hier soir", "2024-11-21TEV", "time")),
    ("Le ministre a annoncé ce matin sa démission.", ("ce matin", "2024-11-22TMO", "time")),
    ("Cette nuit, des tirs ont été entendus.", ("Cette nuit", "2024-11-21TNI", "time")),
    # weekdays
    ("Le général a rencontré son homologue mercredi.", ("mercredi", "2024-11-20", "date")),
    ("Le général rencontrera son homologue mercredi.", ("mercredi", "2024-11-27", "date")),
    ("Le conseil se réunira lundi prochain.", ("lundi prochain", "2024-11-25", "date")),
    ("Le conseil s'est réuni samedi dernier.", ("samedi dernier", "2024-11-16", "date")),
    ("Le maire a pris la parole ce mardi.", ("ce mardi", "2024-11-19", "date")),
    # weeks, months, years relative to publication
    ("Les combats ont repris ce week-end.", ("ce week-end", "2024-W46-WE", "date")),
    ("Le rapport a été publié cette semaine.", ("cette semaine", "2024-W47", "date")),
    ("Le rapport a été publié la semaine dernière.", ("la semaine dernière", "2024-W46",
                                                      "date")),
    ("Le vote aura lieu la semaine prochaine.", ("la semaine prochaine", "2024-W48", "date")),
    ("Les prix ont baissé le mois dernier.", ("le mois dernier", "2024-10", "date")),
    ("Les ventes ont chuté l'an dernier.", ("l'an dernier", "2023", "date")),
    ("Les ventes ont chuté l'année dernière.", ("l'année dernière", "2023", "date")),
    ("Les ventes devraient remonter l'année prochaine.", ("l'année prochaine", "2025", "date")),
    ("Le navire a coulé il y a deux semaines.", ("il y a deux semaines", "2024-11-08", "date")),
    ("Le barrage a cédé au printemps dernier.", ("printemps dernier", "2024-SP", "date")),
    # clock times take the day they follow
    ("Le vote aura lieu demain, à 15 heures.", ("15 heures", "2024-11-23T15:00", "time")),
    ("Le train est parti vers 0 h 40.", ("vers 0 h 40", "2024-11-22T00:40", "time")),
    # durations
    ("Il a dirigé le pays pendant trois ans.", ("trois ans", "P3Y", "duration")),
    ("Le chantier a duré deux mois.", ("deux mois", "P2M", "duration")),
    ("Le retrait prendra un an à deux ans.", ("un an à deux ans", "P1Y", "duration")),
    ("La mission durera vingt-quatre heures.", ("vingt-quatre heures", "PT24H", "duration")),
    ("Le vol a duré moins de quarante cinq minutes.", ("moins de quarante cinq minutes",
                                                       "PT45M", "duration")),
    ("L'enquête a pris plusieurs années.", ("plusieurs années", "PXY", "duration")),
    ("Le candidat promet un quinquennat de réformes.", ("quinquennat", "P5Y", "duration")),
    # sets
    ("Le festival se tient chaque année à Lyon.", ("chaque année", "P1Y", "set")),
    ("Le club s'entraîne tous les jeudis.", ("tous les jeudis", "XXXX-WXX-4", "set")),
    ("La direction organise une réunion hebdomadaire.", ("hebdomadaire", "P1W", "set")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1][0] for c in CASES])
def test_pattern(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text)


def test_month_names_need_context() -> None:
    assert found("Elle élève sept enfants.") == []
    assert found("La famille compte sept enfants et trois petits-enfants.") == []
    assert found("Mai Nguyen a parlé aux journalistes.") == []


def test_named_days_are_not_anchored_parts() -> None:
    assert found("Le 8 mars 2024, à l'occasion de la Journée internationale des femmes.") == [
        ("Le 8 mars 2024", "2024-03-08", "date")]


def test_day_and_month_alone_take_the_nearest_year() -> None:
    assert found("Le verdict est attendu le 3 décembre.") == [
        ("le 3 décembre", "2024-12-03", "date")]
    assert found("Le verdict tombera le 3 décembre.", published="2024-10-10") == [
        ("le 3 décembre", "2024-12-03", "date")]


def test_a_participle_before_a_weekday_gives_its_tense() -> None:
    assert found("La grève, entamée lundi, devrait durer.") == [
        ("lundi", "2024-11-18", "date")]
    assert found("Les parcs seront tous fermés ce week-end.") == [
        ("ce week-end", "2024-W47-WE", "date")]
    assert found("La réunion, prévue jeudi, sera décisive.") == [
        ("jeudi", "2024-11-28", "date")]


def test_months_without_year() -> None:
    assert found("L'enquête a été ouverte en décembre.", published="2024-03-10") == [
        ("décembre", "2023-12", "date")]
    assert found("Le parc rouvrira en octobre.", published="2024-03-10") == [
        ("octobre", "2024-10", "date")]
    assert found("Les soldes ont débuté en janvier.", published="2024-02-10") == [
        ("janvier", "2024-01", "date")]
    assert found("La digue a cédé en décembre.", published="2025-01-10") == [
        ("décembre", "2024-12", "date")]


def test_far_day_and_month_take_the_year_of_the_tense() -> None:
    assert found("Le ferry a chaviré le 14 mars au large de Brest.", published="2024-09-14") == [
        ("le 14 mars", "2024-03-14", "date")]
    assert found("La foire ouvrira le 14 mars à Rennes.", published="2024-09-14") == [
        ("le 14 mars", "2025-03-14", "date")]
    assert found("La foire ouvrira le 1er octobre.", published="2024-09-14") == [
        ("le 1er octobre", "2024-10-01", "date")]


def test_quantities_are_not_years() -> None:
    assert found("Le plan coûte 2000 euros par foyer et concerne 1 500 personnes.") == []


def test_newspaper_is_not_a_set() -> None:
    assert found("Le quotidien Libération a publié l'enquête.") == []


def test_several_timexes_in_order_with_valid_offsets() -> None:
    text = ("22 novembre 2024. - Le général a rencontré son homologue mercredi, après une "
            "première réunion en juillet. Il s'y rendra le lendemain.")
    values = [(t[0], t[1]) for t in found(text)]
    assert values == [("22 novembre 2024", "2024-11-22"), ("mercredi", "2024-11-20"),
                      ("juillet", "2024-07"), ("le lendemain", "2024-11-21")]


def test_without_publication_date_only_absolute_expressions() -> None:
    text = "Le 20 mai 2012, hier, il a parlé pendant trois ans, en juillet et mercredi."
    assert found(text, published=None) == [("Le 20 mai 2012", "2012-05-20", "date"),
                                           ("trois ans", "P3Y", "duration")]


def test_bad_publication_date_is_ignored() -> None:
    assert found("Il est parti hier.", published="n/a") == []


def test_timexes_are_records_that_pickle() -> None:
    timexes = timexes_from_text("Il est parti hier.", published=PUBLISHED)
    assert isinstance(timexes, tuple) and isinstance(timexes[0], Timex)
    assert pickle.loads(pickle.dumps(timexes)) == timexes
    assert timexes[0].to_dict()["value"] == "2024-11-21"


def test_name_is_versioned() -> None:
    assert NAME == "veille.timexes.v2"


# ---------------------------------------------------------------- classes of issue 12 / 16
# Each list is one class of constructions; the sentences vary the words on purpose.

WEEKDAY_WITH_NUMBER = [
    ("Les négociations reprendront jeudi 28 à Bruxelles.", ("jeudi 28", "2024-11-28", "date")),
    ("Le conseil s'était réuni lundi 18 pour voter le budget.", ("lundi 18", "2024-11-18",
                                                                  "date")),
    ("La grève a commencé le mardi 5 dans les dépôts.", ("le mardi 5", "2024-11-05", "date")),
    ("Rendez-vous est pris pour le samedi 7 au soir.", ("le samedi 7 au soir",
                                                         "2024-12-07TEV", "time")),
    ("Le marché de Noël ouvrira vendredi 29.", ("vendredi 29", "2024-11-29", "date")),
]

CLOCK_TIMES = [
    ("Le colis est arrivé à sept heures du soir.", ("sept heures du soir", "2024-11-22T19:00",
                                                    "time")),
    ("Le marché ouvre à huit heures et demie.", ("huit heures et demie", "2024-11-22T08:30",
                                                 "time")),
    ("La fusée a décollé à 14 h 10 GMT depuis Kourou.", ("14 h 10 GMT", "2024-11-22T14:10Z",
                                                         "time")),
    ("L'avion s'est posé à 9h30 UTC.", ("9h30 UTC", "2024-11-22T09:30Z", "time")),
    ("Le discours commencera à 20 h 30, heure de Paris.", ("20 h 30, heure de Paris",
                                                          "2024-11-22T20:30+1", "time")),
    ("Le scrutin ferme à 20 h, heure de Paris, le 7 juillet.",
     ("20 h, heure de Paris", "2024-11-22T20:00+1", "time")),
    ("Le séisme s'est produit à 3 h 12 heure locale.", ("3 h 12 heure locale",
                                                        "2024-11-22T03:12", "time")),
    ("La cérémonie débutera à midi.", ("midi", "2024-11-22T12:00", "time")),
    ("Les secours sont arrivés vers minuit.", ("vers minuit", "2024-11-22T00:00", "time")),
    ("Les guichets ferment à onze heures de la nuit.", ("onze heures de la nuit",
                                                        "2024-11-22T23:00", "time")),
    ("Le vote est clos depuis 16:45.", ("16:45", "2024-11-22T16:45", "time")),
    ("Le ministre parlera demain à 10 h 15.", ("10 h 15", "2024-11-23T10:15", "time")),
    ("L'alerte court jusqu'à vendredi midi.", ("vendredi midi", "2024-11-22T12:00", "time")),
    ("Le couvre-feu commence à minuit ce samedi soir.",
     ("minuit ce samedi soir", "2024-11-24T00:00", "time")),
    ("Le train est reparti à 18 heures mardi.", ("18 heures mardi", "2024-11-19T18:00",
                                                 "time")),
    ("Le couvre-feu court depuis mercredi 21 h.", ("21 h", "2024-11-20T21:00", "time")),
]

HOURS_THAT_ARE_DURATIONS = [
    ("Le film dure 2 h 30 et se termine tard.", ("2 h 30", "PT2H30M", "duration")),
    ("Il a bouclé le marathon en 3 h 45.", ("3 h 45", "PT3H45M", "duration")),
    ("Le refuge est à deux heures de marche.", ("deux heures", "PT2H", "duration")),
    ("Il a fallu 1 h 20 de route pour rejoindre la côte.", ("1 h 20", "PT1H20M", "duration")),
    ("Le coureur a mis 4 h 12 pour boucler l'étape.", ("4 h 12", "PT4H12M", "duration")),
    ("Le vainqueur a couru 2 h 05 min.", ("2 h 05", "PT2H5M", "duration")),
]

RANGES = [
    ("Le musée sera fermé du 2 au 6 décembre.", [("du 2", "2024-12-02", "date"),
                                                 ("6 décembre", "2024-12-06", "date")]),
    ("Les élections auront lieu les 8 et 15 décembre prochains.",
     [("les 8", "2024-12-08", "date"), ("15 décembre prochains", "2024-12-15", "date")]),
    ("Le salon s'est tenu les 12, 13 et 14 juillet à Arles.",
     [("les 12", "2024-07-12", "date"), ("13", "2024-07-13", "date"),
      ("14 juillet", "2024-07-14", "date")]),
    ("Le tournoi se jouera du samedi 30 novembre au dimanche 1er décembre.",
     [("samedi 30 novembre", "2024-11-30", "date"),
      ("dimanche 1er décembre", "2024-12-01", "date")]),
    ("Les soldes iront du lundi 30 au mardi 31 décembre.",
     [("lundi 30", "2024-12-30", "date"), ("mardi 31 décembre", "2024-12-31", "date")]),
    ("Le centre a fonctionné entre 2015 et 2019.", [("2015", "2015", "date"),
                                                    ("2019", "2019", "date")]),
    ("Le jury tranchera le 3 ou le 4 mars.", [("3", "2025-03-03", "date"),
                                              ("le 4 mars", "2025-03-04", "date")]),
]

AGO_AND_AHEAD = [
    ("Le navire a sombré il y a deux ans.", ("il y a deux ans", "2022", "date")),
    ("Le quartier a été rasé il y a plus de trente ans.", ("il y a plus de trente ans", "1994",
                                                          "date")),
    ("Le village a été inondé il y a une vingtaine d'années.",
     ("il y a une vingtaine d'années", "2004", "date")),
    ("La loi a été votée il y a un an jour pour jour.", ("il y a un an jour pour jour",
                                                         "2023-11-22", "date")),
    ("Le pont s'est effondré voilà trois mois.", ("voilà trois mois", "2024-08", "date")),
    ("L'accord sera signé dans trois semaines.", ("dans trois semaines", "2024-12-13", "date")),
    ("Voilà dix ans que l'usine est fermée.", ("Voilà dix ans", "P10Y", "duration")),
    ("Il y a maintenant dix ans, la mine fermait.", ("Il y a maintenant dix ans", "2014",
                                                    "date")),
]

CENTURIES_AND_DECADES = [
    ("La ville a été fondée au XVIIIe siècle.", ("au XVIIIe siècle", "17", "date")),
    ("Au début du XXIe siècle, la région s'est transformée.", ("Au début du XXIe siècle", "20",
                                                               "date")),
    ("La chapelle date du 12e siècle.", ("du 12e siècle", "11", "date")),
    ("Ce moulin du dix-neuvième siècle a été restauré.", ("du dix-neuvième siècle", "18", "date")),
    ("La population a doublé au siècle dernier.", ("au siècle dernier", "19", "date")),
    ("Le parti est né dans les années 1990.", ("dans les années 1990", "199", "date")),
    ("La mode des années 70 revient.", ("des années 70", "197", "date")),
    ("Les loyers ont flambé au début des années 2010.", ("au début des années 2010", "201",
                                                         "date")),
]

SETS = [
    ("Le bulletin paraît chaque semaine.", ("chaque semaine", "P1W", "set")),
    ("Le maire reçoit chaque lundi.", ("chaque lundi", "XXXX-WXX-1", "set")),
    ("Les adhérents versent une cotisation annuelle.", ("annuelle", "P1Y", "set")),
    ("Les navettes circulent deux fois par jour.", ("deux fois par jour", "P1D", "set")),
    ("Il touche 3 000 euros par mois.", ("par mois", "P1M", "set")),
    ("Le club s'entraîne trois soirs par semaine.", ("trois soirs par semaine", "P1W", "set")),
    ("Les bus passent toutes les dix minutes.", ("toutes les dix minutes", "PT10M", "set")),
    ("Les pompiers interviennent tous les jours.", ("tous les jours", "P1D", "set")),
    ("La biennale revient tous les deux ans.", ("tous les deux ans", "P2Y", "set")),
    ("La revue trimestrielle sort demain.", ("trimestrielle", "P3M", "set")),
]

DEICTICS = [
    ("Aujourd'hui, la mairie a annoncé la fermeture.", ("Aujourd'hui", "2024-11-22", "date")),
    ("Ce jour, la préfecture a levé l'alerte.", ("Ce jour", "2024-11-22", "date")),
    ("La nuit dernière, un incendie a ravagé l'entrepôt.", ("La nuit dernière",
                                                           "2024-11-21TNI", "time")),
    ("Ce jeudi, le gouvernement présente son budget.", ("Ce jeudi", "2024-11-21", "date")),
    ("La circulation restera coupée jusqu'à lundi.", ("lundi", "2024-11-25", "date")),
    ("Les inscriptions sont ouvertes dès mercredi.", ("mercredi", "2024-11-27", "date")),
    ("Dans la nuit de mercredi à jeudi, le vent a soufflé.",
     ("Dans la nuit de mercredi à jeudi", "2024-11-20TNI", "time")),
    ("La digue a cédé dans la nuit du 3 au 4 novembre.", ("dans la nuit du 3 au 4 novembre",
                                                         "2024-11-03TNI", "time")),
    ("Le préfet fera le point ce midi.", ("ce midi", "2024-11-22T12:00", "time")),
    ("Mardi, le cortège est parti. Dans l'après-midi, il s'est dispersé.",
     ("Dans l'après-midi", "2024-11-19TAF", "time")),
    ("Le 3 mars, en soirée, la police est intervenue.", ("en soirée", "2024-03-03TEV", "time")),
    ("Les travaux s'achèveront à la fin du mois.", ("à la fin du mois", "2024-11", "date")),
    ("La décision tombera en fin de semaine.", ("en fin de semaine", "2024-W47", "date")),
]

FEASTS = [
    ("Les commerces ouvriront le dimanche avant Noël.", ("Noël", "2024-12-25", "date")),
    ("Le pèlerinage a lieu à Pâques.", ("Pâques", "2025-04-20", "date")),
    ("Les ventes de la Toussaint ont déçu.", ("Toussaint", "2024-11-01", "date")),
    ("Les chiffres de Noël 2019 restent un record.", ("Noël 2019", "2019-12-25", "date")),
    ("Le défilé du 14-Juillet sera sécurisé.", ("14-Juillet", "2025-07-14", "date")),
]


def _only(text: str, published: str = PUBLISHED) -> list[tuple[str, str | None, str]]:
    return found(text, published)


@pytest.mark.parametrize(("text", "expected"),
                         WEEKDAY_WITH_NUMBER + CLOCK_TIMES + HOURS_THAT_ARE_DURATIONS
                         + AGO_AND_AHEAD + CENTURIES_AND_DECADES + SETS + DEICTICS + FEASTS,
                         ids=lambda c: c if isinstance(c, str) else c[0])
def test_class(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _only(text)


@pytest.mark.parametrize(("text", "expected"), RANGES, ids=[c[0] for c in RANGES])
def test_ranges_give_both_ends(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _only(text) == expected


def test_anaphoric_expressions_count_from_the_story() -> None:
    story = ("Le 4 mai 1998, le président a démissionné. Cette année-là, le pays a connu la "
             "crise. Le surlendemain, il a quitté le pays ; ce jour-là, il pleuvait. Deux mois "
             "plus tard, il était élu. L'année suivante, il est revenu.")
    assert [(t[0], t[1]) for t in _only(story)] == [
        ("Le 4 mai 1998", "1998-05-04"), ("Cette année-là", "1998"),
        ("Le surlendemain", "1998-05-06"), ("ce jour-là", "1998-05-06"),
        ("Deux mois plus tard", "1998-07"), ("L'année suivante", "1999")]


def test_deictics_count_from_publication_not_from_the_story() -> None:
    story = ("En 1962, l'usine a ouvert ses portes le 3 mai 1962. Hier, elle a fermé. "
             "La nuit dernière, des ouvriers l'ont occupée. Aujourd'hui, le maire s'exprime.")
    assert [(t[0], t[1]) for t in _only(story)][-3:] == [
        ("Hier", "2024-11-21"), ("La nuit dernière", "2024-11-21TNI"),
        ("Aujourd'hui", "2024-11-22")]


def test_live_blog_entries_take_the_day_of_their_heading() -> None:
    page = ("Publié le 19 novembre 2024 à 06h00, mis à jour le 22 novembre 2024 à 07h12\n"
            "Mercredi 20 novembre\n14h32\nLe cortège s'élance place de la République.\n"
            "16:05\nLes premiers heurts sont signalés.\nJeudi 21 novembre\n"
            "9h15 : la préfecture dresse le bilan. Ce jeudi, les syndicats se réunissent.")
    got = [(t[0], t[1]) for t in _only(page)]
    assert ("14h32", "2024-11-20T14:32") in got and ("16:05", "2024-11-20T16:05") in got
    assert ("9h15", "2024-11-21T09:15") in got and ("Ce jeudi", "2024-11-21") in got
    assert ("06h00", "2024-11-19T06:00") in got and ("07h12", "2024-11-22T07:12") in got


def test_page_furniture_is_not_the_anchor_of_the_story() -> None:
    page = ("Mis à jour le 22 novembre 2024 à 10h00\n"
            "Le 12 octobre, la digue a cédé. Le lendemain, les habitants ont été évacués.")
    assert ("Le lendemain", "2024-10-13", "date") in _only(page)


TRAPS = [
    ("Un cycliste de 34 ans a été blessé par un chauffard.", "34 ans"),
    ("Marie Dupont, 45 ans, habite à Lille depuis peu.", "45 ans"),
    ("Une fillette âgée de 6 ans a disparu samedi matin.", "6 ans"),
    ("Le spectacle est réservé aux 6-12 ans.", "12 ans"),
    ("Il a 52 ans et dirige la coopérative.", "52 ans"),
    ("Il est mort à 85 ans dans sa maison de Nantes.", "85 ans"),
    ("À 37 ans, elle dirige la coopérative.", "37 ans"),
    ("Le film est interdit aux moins de 16 ans.", "16 ans"),
    ("Un Lyonnais de 30 ans a été interpellé.", "30 ans"),
    ("Le club s'est imposé 2-1 face à Lyon.", "2-1"),
    ("Quelque 1500 agriculteurs ont défilé à Agen.", "1500"),
    ("La salle compte 2000 places assises.", "2000"),
    ("Elle élève sept enfants et trois petits-enfants.", "sept"),
    ("L'étoile se trouve à 5 000 années-lumière de la Terre.", "années"),
    ("Noël Mamère a quitté le parti.", "Noël"),
    ("Le procès du siècle s'ouvre à Paris.", "siècle"),
    ("Le quotidien Libération a publié l'enquête.", "quotidien"),
    ("Le refuge du Midi est fermé.", "Midi"),
]


@pytest.mark.parametrize(("text", "trap"), TRAPS, ids=[c[1] for c in TRAPS])
def test_traps_are_no_timexes(text: str, trap: str) -> None:
    at = text.index(trap)
    assert not [t for t in timexes_from_text(text, published=PUBLISHED)
                if t.start < at + len(trap) and at < t.end]


def test_durations_next_to_ages_stay_durations() -> None:
    assert ("10 ans", "P10Y", "duration") in _only("Il a été condamné à 10 ans de prison.")
    assert ("5 ans", "P5Y", "duration") in _only("Il a été condamné à 5 ans ferme.")
    assert ("cinq ans", "P5Y", "duration") in _only("Elle a signé un contrat de cinq ans.")


def test_embedded_post_dates() -> None:
    text = "Le vaccin arrive — Jean Martin (@jmartin) March 16, 2020"
    assert ("March 16, 2020", "2020-03-16", "date") in _only(text)


def test_rules_run_only_around_their_core_words_and_miss_nothing(monkeypatch) -> None:
    """Each rule runs in windows around its core word; a full scan finds the same timexes."""
    from veille.analyze import timexes

    sentences = [c[0] for c in CASES + WEEKDAY_WITH_NUMBER + CLOCK_TIMES + RANGES + SETS
                 + AGO_AND_AHEAD + CENTURIES_AND_DECADES + DEICTICS + FEASTS]
    text = " ".join(sentences) + " Réunion à 17h, puis le 20/05/2012 et 48h plus tard."
    windowed = timexes_from_text(text, published=PUBLISHED)

    def full_scan(text: str):  # type: ignore[no-untyped-def]
        for index, (pattern, _, _) in enumerate(timexes._rules()):
            for m in pattern.finditer(text):
                yield m.start("t"), -(m.end("t") - m.start("t")), index, m

    monkeypatch.setattr(timexes, "_candidates", full_scan)
    assert timexes_from_text(text, published=PUBLISHED) == windowed
