"""The version of veille, in a module that imports nothing (``fetch.http`` puts it in the
user agent without importing the package's stages)."""

__version__ = "0.1.0"
