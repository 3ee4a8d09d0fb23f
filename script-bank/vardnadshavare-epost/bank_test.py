import os

STEPS = [
    {"inputs": {}, "files": ["klassexport-5a.csv"]},
    {"inputs": {"avgransare": "komma"}, "files": ["klassexport-5a.csv"]},
]


def check(step, result, output_dir):
    assert result["status"] == "succeeded", result["error_summary"]
    with open(os.path.join(output_dir, "epostlista.txt"), encoding="utf-8") as f:
        text = f.read().strip()
    separator = "; " if step == 0 else ", "
    addresses = text.split(separator)
    assert len(addresses) == 8, addresses
    assert len({a.lower() for a in addresses}) == len(addresses), "no address twice, whatever its case"
    assert "karin.holmqvist@exempel.se" in addresses
    assert all("@" in a and " " not in a for a in addresses)
    invalid = next(o for o in result["outputs"] if o["kind"] == "table")
    assert [(r["rad"], r["varde"]) for r in invalid["rows"]] == [
        (4, "per.lind(at)exempel.se"),
        (6, "lena.ros@exempel"),
    ], invalid["rows"]
    assert any("```" in o.get("markdown", "") and text in o["markdown"] for o in result["outputs"])
