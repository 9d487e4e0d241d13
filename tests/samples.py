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
