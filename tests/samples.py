"""Short texts that several test modules share (fictional, written for the tests)."""

# A short French article (fictional) with typographic apostrophes, guillemets, quotes, œ.
ARTICLE = (
    "Le conseil municipal de Saint-Aubin a adopté lundi soir le budget de rénovation du "
    "théâtre, fermé depuis l’hiver dernier. « C’est une œuvre collective », a déclaré la "
    "maire, Hélène Vautrin, à l’issue d’une séance de près de trois heures.\n\n"
    "L’opposition a voté contre. Son chef de file, Rémi Castagné, a estimé que le projet "
    "était “surdimensionné” et qu’il pèserait sur les finances de la commune pendant dix ans.\n\n"
    "Selon la préfecture, les travaux devraient commencer en septembre et s’achever d’ici "
    "deux ans. Une réunion publique est prévue jeudi à la salle des fêtes, où les élèves "
    "du conservatoire présenteront leur spectacle de fin d’année."
)
# The same article as many sites type it: straight apostrophes, no curly quotes.
ARTICLE_PLAIN = ARTICLE.replace("’", "'").replace("“", "« ").replace("”", " »")


def break_utf8(data: bytes, count: int) -> bytes:
    """Insert ``count`` stray 0xFF bytes between ASCII characters, spread over ``data``."""
    out = bytearray(data)
    for n in range(count, 0, -1):
        pos = len(out) * n // (count + 1)
        while out[pos] >= 0x80 or out[pos - 1] >= 0x80:
            pos += 1
        out[pos:pos] = b"\xff"
    return bytes(out)


def make_old(store, version: int) -> None:  # type: ignore[no-untyped-def]
    """Turn ``store`` (written by this veille) into a store as migration ``version`` left
    it: the tables, triggers and indexes later migrations create are dropped, analyses are
    plain JSON (packing came with migration 5), and ``user_version`` says ``version``."""
    import json

    from veille.store import codec
    from veille.store.migrations import MIGRATIONS

    db = store.db
    for pk, data, text in db.execute("SELECT article_pk, data, text FROM analyses JOIN "
                                      "articles ON pk = article_pk").fetchall():
        db.execute("UPDATE analyses SET data = ? WHERE article_pk = ?",
                   (json.dumps(codec.unpack(data, text), ensure_ascii=False), pk))
    db.commit()
    fresh = __import__("sqlite3").connect(":memory:")
    fresh.executescript("".join(MIGRATIONS[:version]))
    kept = {r[0] for r in fresh.execute("SELECT name FROM sqlite_master")}
    for kind, name in db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE "
                                 "'sqlite_%' ORDER BY type = 'table'").fetchall():
        if name not in kept and kind in ("table", "index", "trigger"):
            exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
            if exists:
                db.execute(f"DROP {kind} {name}")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
