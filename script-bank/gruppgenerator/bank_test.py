import csv
import os

from docx import Document
from openpyxl import load_workbook

SAMPLES = ["historik-grupper.csv", "klasslista-7b.csv"]
STEPS = [
    {"inputs": {"gruppstorlek": 4, "slumptal": 11}, "files": SAMPLES},
    {"inputs": {"gruppstorlek": 5}, "files": ["klasslista-7b.csv"]},
]


def pupils():
    with open(os.path.join(os.path.dirname(__file__), "samples", "klasslista-7b.csv"), encoding="utf-8") as f:
        return {f"{r['Förnamn']} {r['Efternamn']}" for r in csv.DictReader(f, delimiter=";")}


def earlier_pairs():
    groups = {}
    with open(os.path.join(os.path.dirname(__file__), "samples", "historik-grupper.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            groups.setdefault(row["Grupp"], []).append(row["Namn"])
    return {frozenset((a, b)) for g in groups.values() for a in g for b in g if a < b}


def check(step, result, output_dir):
    assert result["status"] == "succeeded", result["error_summary"]
    table = next(o for o in result["outputs"] if o["kind"] == "table")
    groups = [[v for k, v in row.items() if k != "grupp"] for row in table["rows"]]
    everyone = [p for g in groups for p in g]
    assert sorted(everyone) == sorted(pupils()), "every pupil is in exactly one group"
    size = 4 if step == 0 else 5
    assert all(size - 1 <= len(g) <= size + 1 for g in groups), [len(g) for g in groups]
    if step == 0:
        repeated = [g for g in groups for a in g for b in g if a < b and frozenset((a, b)) in earlier_pairs()]
        assert not repeated, f"earlier pairs were put together again: {repeated}"
    book = load_workbook(os.path.join(output_dir, "grupper.xlsx"))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("Grupp", "Namn") and len(rows) == len(everyone) + 1
    document = Document(os.path.join(output_dir, "grupper.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"Grupp {n}" for n in range(1, len(groups) + 1)], headings
    with open(os.path.join(output_dir, "historik.csv"), encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == len(everyone)
