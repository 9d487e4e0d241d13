"""Reproducible trainings and derivations of what veille ships (run as modules).

``python -m veille.training speakers`` trains the speaker model on the ``work`` halves of
the dev sets in ``../shared/eval`` (never on ``check``, which stays an honest estimate of
unseen news) and writes JSON weights under ``src/veille/models/``; it needs scikit-learn
(``pip install -e '.[train]'``). ``python -m veille.training.event_lexicon`` derives
``lang/fr/event_lexicon.tsv`` from Verb∋Net. Using what they write needs nothing beyond
veille.
"""
