import os

from openpyxl import load_workbook

STEPS = [
    {"inputs": {}, "files": ["betyg-9c.xlsx"]},
    {"inputs": {"franvarograns": 25}, "files": ["betyg-9c.xlsx"]},
]


def check(step, result, output_dir):
    assert result["status"] == "succeeded", result["error_summary"]
    chart = next(o for o in result["outputs"] if o["kind"] == "vega_lite")
    values = chart["spec"]["data"]["values"]
    assert sum(v["antal"] for v in values if v["amne"] == "Matematik") == 10
    assert {v["amne"] for v in values} == {"Svenska", "Matematik", "Engelska", "Idrott"}
    tables = {o["title"]: o for o in result["outputs"] if o["kind"] == "table"}
    pupils = {r["elev"]: r for r in tables["Per elev"]["rows"]}
    assert len(pupils) == 10
    assert pupils["Ada Björklund"]["snitt"] == 18.1 and pupils["Ebba Hägg"]["antal_f"] == 2
    assert pupils["Hampus Lager"]["antal_betyg"] == 3, "a dash is a missing grade"
    follow_up = next(t for title, t in tables.items() if title.startswith("Att följa upp"))
    names = [r["elev"] for r in follow_up["rows"]]
    if step == 0:
        assert names == ["Cleo Falk", "Ebba Hägg", "Hampus Lager"], names
    else:
        assert names == ["Cleo Falk", "Ebba Hägg", "Hampus Lager"] and "frånvaro" not in follow_up["rows"][1]["orsak"]
    rows = list(load_workbook(os.path.join(output_dir, "sammanstallning.xlsx")).active.iter_rows(values_only=True))
    assert rows[0][0] == "elev" and len(rows) == 11
