"""The reference article (../shared/examples/000_f2d1e054f7dda27f.txt), end to end."""

from __future__ import annotations

import json

from click.testing import CliRunner

from veille.cli import main


def test_reference_article_fields(reference_page) -> None:
    result = CliRunner().invoke(main, ["analyze", str(reference_page), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "veille.analysis.v1"
    assert data["source"] == str(reference_page)
    article = data["article"]
    assert article["title"] == (
        "Rencontre entre un officier supérieur américain et son homologue russe")
    assert article["site"] == "Algérie24.net"
    assert article["published"] == "2024-11-22"
    assert article["language"] == "fr"
    assert article["text"].startswith("Le haut officier militaire américain")
    assert "Les News en toute liberté sans buzz" not in article["text"]
    assert "officier us" not in article["text"]
    assert article["text"].rstrip().endswith("un certain nombre d’autres choses.”")
    for key in ("entities", "quotes", "timexes", "events", "places"):
        assert isinstance(data[key], list)


def test_reference_entities_point_into_the_text(reference_page) -> None:
    result = CliRunner().invoke(main, ["analyze", str(reference_page)])
    data = json.loads(result.stdout)
    text = data["article"]["text"]
    milley = [e for e in data["entities"] if e["name"] == "Mark Milley"]
    assert len(milley) == 1 and milley[0]["type"] == "PER"
    surfaces = {text[s:e] for s, e in milley[0]["mentions"]}
    assert {"Mark Milley", "Milley"} <= surfaces  # "Milley" points to the fullest form
    for entity in data["entities"]:
        for start, end in entity["mentions"]:
            assert 0 <= start < end <= len(text)


def test_reference_events(reference_page) -> None:
    """The events issue 4 names on the reference article: the meeting (who, where, when),
    the drone strike in Kabul, Moscow's opposition, the closure of K2 ordered by Uzbekistan."""
    result = CliRunner().invoke(main, ["analyze", str(reference_page), "--format", "json"])
    events = json.loads(result.stdout)["events"]
    meeting = events[0]
    assert (meeting["type"], meeting["actors"], meeting["targets"], meeting["place"],
            meeting["date"]) == ("CONSULT", ["Mark Milley"], ["Valery Gerasimov"], "Helsinki",
                                 "2024-11-20")
    assert any(e["type"] == "ASSAULT" and "Kaboul" in (e["place"] or "") for e in events)
    assert any(e["type"] == "REJECT" and e["actors"] == ["Moscou"] for e in events)
    assert any(e["type"] == "COERCE" and e["actors"] == ["Ouzbékistan"] and e["date"] == "2005"
               for e in events)
    # "les deux parties" of the meeting agreed to keep the talks private
    agree = [e for e in events if e["type"] == "AGREE"]
    assert agree and set(agree[0]["actors"]) == {"Mark Milley", "Valery Gerasimov"}
