"""Training the small models veille ships (``python -m veille.training NAME``).

Each model is trained on the ``work`` halves of the dev sets in ``../shared/eval`` (never on
``check``, which stays an honest estimate of unseen news) and written as JSON weights under
``src/veille/models/``. Training needs scikit-learn (``pip install -e '.[train]'``); using
the weights needs nothing beyond veille.
"""
