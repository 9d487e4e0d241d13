"""Language resources. One sub-package per language; French (``fr``) comes first."""
