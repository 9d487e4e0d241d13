"""Team-written articles for the provenance tests (no third-party text).

An English wire story of 22 September 2021, its French translation republished by another
site under a date three years later (the reference article's situation), a French copy of
that translation with a site's boilerplate, and an unrelated French article.
"""

from __future__ import annotations

ORIGINAL_EN = {
    "id": "wire-harbour-strike-en",
    "title": "Dockers end 12-day strike at the port of Valmera after pay deal",
    "published": "2021-09-22",
    "site": "Example Wire",
    "language": "en",
    "text": (
        "Dockers at the port of Valmera ended a 12-day strike on Wednesday after their union "
        "accepted a pay rise of 4.5 percent, the port authority said.\n\n"
        "The walkout had left 37 container ships waiting off the coast and held up about "
        "18,000 containers, according to figures released by the authority.\n\n"
        "\"This agreement protects jobs and gets the port moving again,\" said Helena "
        "Marsh, the director of the port authority, at a press conference in Valmera.\n\n"
        "The union leader, Tomas Okafor, said the deal also created 240 permanent posts "
        "and a night-shift bonus, two demands that the workers had made since March.\n\n"
        "Shipping companies had warned that the blockade was costing them about 3 million "
        "dollars a day. The first ships were expected to dock on Thursday morning.\n\n"
        "The transport minister, Ines Carvalho, welcomed the end of the dispute and said "
        "the government would invest 150 million dollars in new cranes by 2023."),
}

TRANSLATION_FR = {
    "id": "sans-buzz-greve-port-fr",
    "title": "Fin de la grève des dockers au port de Valmera",
    "published": "2024-11-22",
    "site": "Actu-Sans-Buzz.example",
    "language": "fr",
    "text": (
        "Les dockers du port de Valmera ont mis fin mercredi à une grève de 12 jours après "
        "que leur syndicat a accepté une hausse de salaire de 4,5 %, a indiqué l'autorité "
        "portuaire.\n\n"
        "Le mouvement avait laissé 37 porte-conteneurs en attente au large et bloqué "
        "environ 18 000 conteneurs, selon les chiffres publiés par l'autorité.\n\n"
        "« Cet accord protège les emplois et remet le port en marche », a déclaré Helena "
        "Marsh, directrice de l'autorité portuaire, lors d'une conférence de presse à "
        "Valmera.\n\n"
        "Le dirigeant syndical Tomas Okafor a précisé que l'accord créait aussi 240 postes "
        "permanents et une prime de nuit, deux revendications que les travailleurs "
        "portaient depuis mars.\n\n"
        "Les compagnies maritimes avaient averti que le blocage leur coûtait environ "
        "3 millions de dollars par jour. Les premiers navires devaient accoster jeudi "
        "matin.\n\n"
        "La ministre des Transports, Ines Carvalho, a salué la fin du conflit et annoncé "
        "que le gouvernement investirait 150 millions de dollars dans de nouvelles grues "
        "d'ici 2023."),
}

COPY_FR = {
    "id": "autre-site-greve-port-fr",
    "title": "Valmera : les dockers reprennent le travail",
    "published": "2024-11-23",
    "site": "Copie-Express.example",
    "language": "fr",
    "text": (
        "Partager sur Facebook · Partager sur X\n\n" + TRANSLATION_FR["text"]
        + "\n\nAbonnez-vous à notre lettre d'information pour ne rien manquer."),
}

UNRELATED_FR = {
    "id": "festival-jazz-fr",
    "title": "Le festival de jazz de Montclar attire 20 000 spectateurs",
    "published": "2024-07-15",
    "site": "Exemple Hebdo",
    "language": "fr",
    "text": (
        "Le festival de jazz de Montclar a accueilli 20 000 spectateurs en quatre soirs, "
        "un record selon les organisateurs.\n\n"
        "La programmation mêlait des orchestres locaux et des musiciens venus de toute "
        "l'Europe. La soirée de clôture, consacrée au swing, s'est jouée à guichets fermés."
        "\n\n« Nous avons dû ajouter des chaises dans les allées », raconte la présidente "
        "de l'association, Claire Dumas, qui prépare déjà l'édition suivante.\n\n"
        "La commune a financé un tiers du budget, soit 80 000 euros, et envisage de "
        "prolonger le festival d'une journée l'an prochain."),
}

ALL = (ORIGINAL_EN, TRANSLATION_FR, COPY_FR, UNRELATED_FR)
