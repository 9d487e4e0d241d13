"""veille: turn raw news pages into knowledge you can query."""

__version__ = "0.1.0"
