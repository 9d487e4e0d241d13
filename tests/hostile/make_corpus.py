"""Make the hostile-input corpus: every kind of broken or adversarial input veille must survive.

    python tests/hostile/make_corpus.py OUT_DIR

writes the files into OUT_DIR (about 72 MB, most of it one 50 MB page and one 20 MiB JSON
Lines line) and prints what each should give. The tests call ``make_corpus(tmp_path)``,
so nothing big is ever committed. The article texts are fictional, written for veille.

Each file is described by an ``Expect``: ``good`` documents must be stored (their
``marker`` found in the stored text), ``bad`` ones recorded as failures of ``stage``;
``either`` ones may go either way but must not crash the run.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

TOWNS = ["Bréhal", "Quimperlé", "Pézenas", "Gérardmer", "Vézelay", "Étretat", "Sées",
         "Barèges", "Pontivy", "Crémieu", "Gençay", "Saint-Gérons"]


def article(town: str, n: int = 0) -> str:
    """A short French news text (fictional) with accents, guillemets and a quote."""
    return (
        f"Le conseil municipal de {town} a voté jeudi soir la réfection de la halle du "
        f"marché, fermée depuis février. « C'est un chantier attendu par tous les habitants "
        f"», a déclaré le maire, Amélie Ferrand, à l'issue de la séance numéro {n}.\n\n"
        f"Selon la préfecture, les travaux commenceront en octobre et dureront dix-huit mois. "
        f"L'opposition a dénoncé un coût « démesuré » pour une commune de cette taille."
    )


def html_page(title: str, body: str, *, charset: str | None = "utf-8", extra: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!DOCTYPE html><html lang=\"fr\"><head>{meta}<title>{title}</title></head>"
            f"<body>{extra}<article><h1>{title}</h1>{paragraphs}</article></body></html>")


@dataclass(frozen=True)
class Expect:
    """What one input must give. ``source`` is a file name, or a prefix like ``x.jsonl:``."""

    source: str
    outcome: str  # "good" | "bad" | "either"
    marker: str = ""
    stage: str = ""
    count: int = 1


# -- WARC ---------------------------------------------------------------------------------
def warc_record(url: str, payload: bytes, *, content_type: str = "text/html; charset=utf-8",
                warc_type: str = "response") -> bytes:
    if warc_type == "response":
        block = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
                 f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
        block_type = "application/http; msgtype=response"
    elif warc_type == "request":
        block = f"GET {url} HTTP/1.1\r\nHost: exemple.org\r\n\r\n".encode()
        block_type = "application/http; msgtype=request"
    else:
        block, block_type = payload, content_type
    head = (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-03-14T09:30:00Z\r\n"
            f"Content-Type: {block_type}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def write_warc(path: Path, records: list[bytes], *, gz: bool) -> None:
    with path.open("wb") as out:
        for record in records:
            out.write(gzip.compress(record) if gz else record)


def html_records(prefix: str, towns: list[str]) -> list[bytes]:
    return [warc_record(f"https://exemple.org/{prefix}/{i}",
                        html_page(f"Halle de {town}", article(town, i)).encode())
            for i, town in enumerate(towns)]


# -- the corpus ---------------------------------------------------------------------------
def _simple_files(out: Path, rng: random.Random) -> list[Expect]:
    (out / "empty.html").write_bytes(b"")
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000))
    (out / "photo.html").write_bytes(png)
    (out / "archive.html.gz").write_bytes(
        gzip.compress(bytes(rng.randrange(256) for _ in range(20000))))
    (out / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"A" * 30_000_000))
    return [Expect("empty.html", "bad", stage="extract"),
            Expect("photo.html", "bad", stage="extract"),
            Expect("archive.html.gz", "bad", stage="extract"),
            Expect("bomb.html.gz", "bad", stage="fetch")]


def _huge_files(out: Path) -> list[Expect]:
    # 50 MB of real-looking HTML: over the 20 MB cap, refused from its size alone.
    unit = html_page("Halle", article("Bréhal")).encode()
    with (out / "huge.html").open("wb") as handle:
        for _ in range(50_000_000 // len(unit) + 1):
            handle.write(unit)
    depth = 100_000
    deep = ("<html><body>" + "<div>" * depth + f"<p>{article('Gérardmer')}</p>"
            + "</div>" * depth + "</body></html>")
    (out / "deep.html").write_text(deep, encoding="utf-8")
    return [Expect("huge.html", "bad", stage="fetch"),
            Expect("deep.html", "either", marker="Gérardmer")]


def _encodings(out: Path) -> list[Expect]:
    text = article("Pézenas") + " Coût : 12 € ; « œuvre » promise."
    page = html_page("Pézenas : la halle", text, charset="windows-1252")
    (out / "cp1252-charset.html").write_bytes(page.encode("cp1252"))
    page = html_page("Vézelay : la halle", article("Vézelay"), charset=None)
    (out / "cp1252-nocharset.html").write_bytes(page.encode("cp1252"))
    page = html_page("Étretat : la halle", article("Étretat"), charset="iso-8859-1")
    (out / "latin1-charset.html").write_bytes(page.encode("latin-1"))
    (out / "latin1-nocharset.txt").write_bytes(article("Barèges").encode("latin-1"))
    good = html_page("Sées : la halle", article("Sées")).encode("utf-8")
    broken = good.replace(b"halle du", b"halle\xff\xfe du", 1).replace(b"</h1>", b"\xc3</h1>")
    (out / "invalid-utf8.html").write_bytes(broken)
    return [Expect("cp1252-charset.html", "good", marker="Pézenas"),
            Expect("cp1252-nocharset.html", "good", marker="Vézelay"),
            Expect("latin1-charset.html", "good", marker="Étretat"),
            Expect("latin1-nocharset.txt", "good", marker="Barèges"),
            Expect("invalid-utf8.html", "good", marker="Sées")]


def _warcs(out: Path) -> list[Expect]:
    records = html_records("coupe", ["Pontivy", "Crémieu", "Gençay", "Saint-Gérons"])
    whole = b"".join(gzip.compress(r) for r in records)
    last = len(gzip.compress(records[-1]))
    (out / "truncated.warc.gz").write_bytes(whole[:len(whole) - last // 2])
    mixed = [
        warc_record("https://exemple.org/m/0", b"", warc_type="request"),
        *html_records("mixte", ["Bréhal"]),
        warc_record("https://exemple.org/m/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 500,
                    content_type="image/png"),
        warc_record("https://exemple.org/m/app.js", b"var x = 1;" * 50,
                    content_type="application/javascript"),
        warc_record("https://exemple.org/m/0", b"fetchTimeMs: 12\r\n",
                    content_type="application/warc-fields", warc_type="metadata"),
        *html_records("mixte", ["", "Quimperlé"])[1:],
    ]
    write_warc(out / "mixed.warc", mixed, gz=False)
    return [Expect("truncated.warc.gz@", "good", marker="Pontivy"),
            Expect("truncated.warc.gz@", "good", marker="Crémieu"),
            Expect("truncated.warc.gz@", "good", marker="Gençay"),
            Expect("truncated.warc.gz", "bad", stage="fetch"),
            Expect("mixed.warc@", "good", marker="Bréhal"),
            Expect("mixed.warc@", "good", marker="Quimperlé")]


def _jsonl(out: Path) -> list[Expect]:
    lines = [
        json.dumps({"id": "hostile-jsonl-1", "text": article("Bréhal", 101)}),
        '{"id": "cut", "text": "Le maire a',
        "[1, 2, 3]",
        '{"id": "no-text"}',
        "not json at all ?",
        json.dumps({"id": "hostile-jsonl-2", "html": html_page("Halle", article("Sées", 102))}),
    ]
    (out / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    big = json.dumps({"id": "big", "text": "mot " * (20 * 2**20 // 4)})
    good = json.dumps({"id": "hostile-jsonl-3", "text": article("Pontivy", 103)})
    (out / "bigline.jsonl").write_text(big + "\n" + good + "\n", encoding="utf-8")
    return [Expect("records.jsonl:1", "good", marker="séance numéro 101"),
            *(Expect(f"records.jsonl:{n}", "bad", stage="fetch") for n in (2, 3, 5)),
            Expect("records.jsonl:4", "bad", stage="fetch"),
            Expect("records.jsonl:6", "good", marker="séance numéro 102"),
            Expect("bigline.jsonl:1", "bad", stage="fetch"),
            Expect("bigline.jsonl:2", "good", marker="séance numéro 103")]


def _adversarial(out: Path, rng: random.Random) -> list[Expect]:
    junk = "".join(rng.choice("abcdefgh«»“”\"'();{}=+") for _ in range(200_000))
    scripts = "".join(f"<script>var s{i} = \"{junk[i * 1000:(i + 1) * 1000]}\";</script>"
                      for i in range(200))
    page = html_page("Crémieu : la halle", article("Crémieu", 7), extra=scripts)
    (out / "scripts.html").write_text(page.replace("</p>", "</p>" + scripts[:20_000], 1),
                                      encoding="utf-8")
    marks = "«»“”\"'‹›„‟ "
    (out / "quotes-only.txt").write_text("".join(rng.choice(marks) for _ in range(20_000)),
                                         encoding="utf-8")
    (out / "unclosed.txt").write_text(
        "Le maire de Gençay a déclaré : " + "« " * 10_000 + "fin.\n", encoding="utf-8")
    return [Expect("scripts.html", "good", marker="Crémieu"),
            Expect("quotes-only.txt", "either"),
            Expect("unclosed.txt", "either", marker="Gençay")]


def make_corpus(out: Path, *, seed: int = 20261129) -> list[Expect]:
    """Write the hostile corpus into ``out``; return what each input must give."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    return [*_simple_files(out, rng), *_huge_files(out), *_encodings(out), *_warcs(out),
            *_jsonl(out), *_adversarial(out, rng)]


def _main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/hostile/make_corpus.py OUT_DIR")
    for expect in make_corpus(Path(sys.argv[1])):
        print(f"{expect.outcome:<7} {expect.source:<28} {expect.stage or expect.marker}")


if __name__ == "__main__":
    _main()
