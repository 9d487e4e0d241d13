"""A local news site for the watch tests and the polling bench, served on 127.0.0.1.

Written by the veille team (CC0): French articles with quotations, an RSS feed, an Atom
feed, a home page linking both, a sitemap index with a news sitemap, a robots.txt that
disallows /prive/, ETag and Last-Modified support, a page that changes between two polls
(``site.phase = 2``: its title and one quotation), a 429 with Retry-After, a redirect loop,
a malformed feed, an entity-expansion feed, a gzip bomb (a page and a sitemap), and a
sitemap index that lists itself. Every request is logged (time, path, headers).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PUBLISHED = "2026-11-20T08:00:00+01:00"
LAST_MODIFIED = "Fri, 20 Nov 2026 07:00:00 GMT"


def _page(title: str, paragraphs: list[str], *, published: str = PUBLISHED) -> bytes:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>{title} | Le Veilleur</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Le Veilleur">
<meta property="article:published_time" content="{published}">
</head><body>
<header><nav><a href="/">Accueil</a> · <a href="/politique/">Politique</a></nav></header>
<article><h1>{title}</h1>
{body}
</article>
<footer>© Le Veilleur — tous droits réservés. Mentions légales.</footer>
</body></html>""".encode()


ARTICLES: dict[str, tuple[str, list[str]]] = {
    "/politique/conseil-municipal.html": (
        "À Lyon, le conseil municipal adopte le budget des transports", [
            "Le conseil municipal de Lyon a adopté lundi soir, après six heures de débats, "
            "un budget de 240 millions d'euros consacré aux transports en commun pour 2027.",
            "« Ce budget est le plus ambitieux que la ville ait jamais voté », a déclaré la "
            "maire Claire Dumont à l'issue de la séance. Elle a ajouté que les travaux de la "
            "nouvelle ligne de tramway commenceraient au printemps.",
            "L'opposition a voté contre. Selon le conseiller Henri Vasseur, « la ville "
            "s'endette sans savoir comment elle remboursera ». Il a demandé un audit "
            "indépendant des comptes de la métropole.",
            "Les associations d'usagers ont salué un effort attendu depuis des années, tout "
            "en regrettant que les lignes de bus de la périphérie restent oubliées."]),
    "/economie/port.html": (
        "Grève au port de Marseille : les dockers maintiennent le blocage", [
            "Les dockers du port de Marseille ont reconduit mardi leur mouvement de grève, "
            "entamé il y a une semaine contre la réforme de l'organisation des quais.",
            "« Nous ne reprendrons pas le travail tant que la direction refusera de "
            "négocier », a affirmé Marc Ferrand, secrétaire général du syndicat des dockers.",
            "La direction du port estime pour sa part que le blocage coûte chaque jour "
            "plusieurs millions d'euros aux entreprises de la région. Le ministre des "
            "Transports, Julien Morel, a appelé les deux parties à reprendre le dialogue.",
            "Une nouvelle réunion est prévue jeudi à la préfecture."]),
    "/international/sommet.html": (
        "À Helsinki, les ministres européens discutent de sécurité énergétique", [
            "Les ministres européens de l'Énergie se sont réunis mercredi à Helsinki pour "
            "préparer l'hiver, alors que les stocks de gaz restent sous surveillance.",
            "« L'Europe doit parler d'une seule voix face aux fournisseurs », a déclaré la "
            "ministre française Anne Leclerc à son arrivée.",
            "Son homologue finlandais, Mikko Virtanen, a rappelé que son pays avait réduit "
            "sa consommation de gaz de moitié en deux ans.",
            "Les discussions doivent se poursuivre jeudi, avec la Commission européenne."]),
    "/culture/festival.html": (
        "Le festival d'Avignon dévoile une programmation tournée vers l'Europe", [
            "Le festival d'Avignon a présenté jeudi sa programmation pour l'été prochain, "
            "avec quarante spectacles venus de quinze pays européens.",
            "« Le théâtre est le dernier endroit où l'Europe se raconte à voix haute », a "
            "expliqué le directeur du festival, Paul Verdier, lors d'une conférence de "
            "presse.",
            "La billetterie ouvrira le 1er mars. Les organisateurs attendent plus de cent "
            "mille spectateurs, comme l'an dernier."]),
    "/societe/hopital.html": (
        "À Nantes, les infirmiers de l'hôpital réclament des renforts", [
            "Plusieurs centaines d'infirmiers ont manifesté vendredi devant le centre "
            "hospitalier de Nantes pour réclamer des embauches.",
            "« Nous travaillons à flux tendu depuis des mois », a témoigné Sophie Martin, "
            "infirmière aux urgences depuis douze ans.",
            "La direction de l'hôpital a annoncé le recrutement de vingt soignants d'ici à "
            "l'été, une mesure jugée insuffisante par les syndicats."]),
    "/prive/interne.html": (
        "Note interne", ["Cette page est interdite aux robots et ne doit jamais être lue "
                         "par veille, qui respecte le fichier robots.txt du site."]),
}
CHANGED = ("À Helsinki, les ministres européens s'accordent a minima sur l'énergie", [
    "Les ministres européens de l'Énergie se sont réunis mercredi à Helsinki pour "
    "préparer l'hiver, alors que les stocks de gaz restent sous surveillance.",
    "« L'Europe doit absolument parler d'une seule voix face à ses fournisseurs », a "
    "déclaré la ministre française Anne Leclerc à son arrivée.",
    "Son homologue finlandais, Mikko Virtanen, a rappelé que son pays avait réduit "
    "sa consommation de gaz de moitié en deux ans.",
    "Les discussions doivent se poursuivre jeudi, avec la Commission européenne."])
SOMMET = "/international/sommet.html"
LIMITED = "/societe/hopital.html"


CITIES = ["Lille", "Rennes", "Bordeaux", "Toulouse", "Strasbourg", "Nice", "Dijon", "Brest",
          "Metz", "Tours"]
PEOPLE = ["Louise Garnier", "Hugo Lambert", "Inès Roussel", "Théo Marchand", "Camille Perrin",
          "Lucas Girard"]
TOPICS = [("la rénovation des écoles", "les travaux commenceront en janvier"),
          ("le prix des loyers", "la hausse doit être contenue"),
          ("la nouvelle piscine municipale", "le chantier a pris du retard")]


def wire_story(n: int) -> bytes:
    """A short local news story, different for each ``n`` (for feeds of any length)."""
    city, person = CITIES[n % len(CITIES)], PEOPLE[n % len(PEOPLE)]
    topic, claim = TOPICS[n % len(TOPICS)]
    return _page(f"{city} : débat n° {n} sur {topic}", [
        f"Le conseil municipal de {city} a débattu mardi, pour la {n + 1}e fois cette année, "
        f"de {topic}, un dossier suivi de près par les habitants du quartier {n}.",
        f"« Nous avons entendu les habitants et {claim} », a déclaré {person}, adjointe au "
        f"maire de {city}, à l'issue de la séance numéro {n}.",
        f"L'opposition a demandé un vote avant la fin du mois et la publication de "
        f"{n + 3} rapports d'expertise sur le sujet."])


def _rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{ARTICLES.get(p, ('Sans titre',))[0]}</title>"
        f"<link>{base}{p}?utm_source=rss&amp;"
        f"xtor=RSS-1</link><pubDate>Fri, 20 Nov 2026 07:00:00 GMT</pubDate></item>"
        for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Le Veilleur</title><link>{base}/</link>{items}</channel></rss>").encode()


def _atom(base: str, entries: list[tuple[str, str]]) -> bytes:
    body = "".join(f'<entry><title>{ARTICLES[p][0]}</title><link href="{base}{p}"/>'
                   f"<id>{base}{p}</id><updated>{updated}</updated></entry>"
                   for p, updated in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Le Veilleur</title><id>{base}/</id><updated>2026-11-20T07:00:00Z"
            f"</updated>{body}</feed>").encode()


def _news_sitemap(base: str, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{base}{p}</loc><news:news><news:publication><news:name>Le Veilleur"
        f"</news:name><news:language>fr</news:language></news:publication>"
        f"<news:publication_date>2026-11-20T07:00:00Z</news:publication_date>"
        f"<news:title>{ARTICLES[p][0]}</news:title></news:news></url>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset '
            'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            f"{urls}</urlset>").encode()


def _index(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{base}{p}</loc></sitemap>" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
            ).encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1/rire.html</link></item></channel></rss>"""
MALFORMED = b"<?xml version='1.0'?><rss><channel><item><title>coup\x00e <link>&&&</rss"


@functools.cache
def _bomb(size: int = 200_000_000) -> bytes:
    """``size`` zero bytes, gzip-compressed (about 200 kB for 200 MB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    return b"".join([*(compressor.compress(block) for _ in range(size // len(block))),
                     compressor.flush()])


@dataclass
class Hit:
    at: float
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class Site:
    """The site's content and what it was asked. ``phase = 2`` edits the summit article."""

    base: str = ""
    phase: int = 1
    log: list[Hit] = field(default_factory=list)
    extra: dict[str, bytes] = field(default_factory=dict)
    """More pages (path → HTML), e.g. for the kill test's longer feed."""
    limited: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str | None = None) -> list[Hit]:
        return [h for h in self.log if path is None or h.path.split("?")[0] == path]

    # -- documents ---------------------------------------------------------------------------
    def routes(self) -> dict[str, Callable[[Any], None]]:
        b = self.base
        rss_paths = ["/politique/conseil-municipal.html", "/economie/port.html",
                     "/prive/interne.html", LIMITED, "/bombe.html", "/boucle-a.html"]
        updated = "2026-11-20T07:00:00Z" if self.phase == 1 else "2026-11-21T09:30:00Z"
        return {
            "/robots.txt": lambda h: h.send(
                200, f"User-agent: *\nDisallow: /prive/\nSitemap: {b}/sitemap_index.xml\n"
                .encode(), "text/plain"),
            "/": lambda h: h.etagged((
                b'<!doctype html><html><head><title>Le Veilleur</title>'
                b'<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
                b'<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
                b"</head><body><h1>Le Veilleur</h1></body></html>"), "text/html"),
            "/rss.xml": lambda h: h.etagged(_rss(b, rss_paths), "application/rss+xml"),
            "/atom.xml": lambda h: h.etagged(
                _atom(b, [(SOMMET, updated), ("/politique/conseil-municipal.html",
                                              "2026-11-20T07:00:00Z")]),
                "application/atom+xml"),
            "/sitemap_index.xml": lambda h: h.dated(_index(b, [
                "/news-sitemap.xml", "/sitemap_index.xml", "/bombe-sitemap.xml.gz"]),
                "application/xml"),
            "/news-sitemap.xml": lambda h: h.dated(_news_sitemap(b, [
                "/culture/festival.html", "/economie/port.html"]), "application/xml"),
            "/bombe-sitemap.xml.gz": lambda h: h.send(200, _bomb(), "application/gzip"),
            "/casse.xml": lambda h: h.send(200, MALFORMED, "application/rss+xml"),
            "/entites.xml": lambda h: h.send(200, BILLION_LAUGHS, "application/rss+xml"),
            "/bombe.html": lambda h: h.send(200, _bomb(), "text/html",
                                            {"Content-Encoding": "gzip"}),
            "/boucle-a.html": lambda h: h.send(302, b"", "text/html",
                                               {"Location": "/boucle-b.html"}),
            "/boucle-b.html": lambda h: h.send(302, b"", "text/html",
                                               {"Location": "/boucle-a.html"}),
            LIMITED: self._limited,
            "/fil.xml": lambda h: h.etagged(self._extra_feed(), "application/rss+xml"),
        }

    def _extra_feed(self) -> bytes:
        items = "".join(f"<item><title>{p}</title><link>{self.base}{p}</link></item>"
                        for p in self.extra)
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Le fil</title><link>{self.base}/</link>{items}</channel></rss>"
                ).encode()

    def article(self, path: str) -> bytes | None:
        if path in self.extra:
            return self.extra[path]
        if path == SOMMET and self.phase == 2:
            return _page(*CHANGED)
        if path in ARTICLES:
            return _page(*ARTICLES[path])
        return None

    def _limited(self, handler: Any) -> None:
        with self.lock:
            self.limited += 1
            first = self.limited == 1
        if first:
            handler.send(429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})
        else:
            handler.etagged(_page(*ARTICLES[LIMITED]), "text/html; charset=utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?")[0]
        hit = Hit(at=time.monotonic(), path=self.path, headers=dict(self.headers.items()))
        with site.lock:
            site.log.append(hit)
        self.hit = hit
        route = site.routes().get(path)
        if route is not None:
            route(self)
        elif (html := site.article(path)) is not None:
            self.etagged(html, "text/html; charset=utf-8")
        else:
            self.send(404, b"introuvable", "text/plain")

    def send(self, status: int, body: bytes, content_type: str,
             headers: dict[str, str] | None = None) -> None:
        self.hit.status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def etagged(self, body: bytes, content_type: str) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send(304, b"", content_type, {"ETag": etag})
        else:
            self.send(200, body, content_type, {"ETag": etag})

    def dated(self, body: bytes, content_type: str) -> None:
        if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.send(304, b"", content_type, {"Last-Modified": LAST_MODIFIED})
        else:
            self.send(200, body, content_type, {"Last-Modified": LAST_MODIFIED})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up (the bombs) is not a test failure


@contextmanager
def serve(site: Site | None = None) -> Iterator[Site]:
    """The site on 127.0.0.1 (a free port), in a thread, for the ``with`` block."""
    site = site or Site()
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.site = site
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()

