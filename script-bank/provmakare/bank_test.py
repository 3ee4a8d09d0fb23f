import os

from pypdf import PdfReader

STEPS = [
    {"inputs": {"rubrik": "Vattnets kretslopp"}, "files": ["prov-vatten.txt"]},
    {"inputs": {"fragor": "Vad är 2 + 2?"}, "files": []},
]


def text_of(path):
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def check(step, result, output_dir):
    if step == 1:
        assert result["status"] == "failed"
        assert "börjar varken med ?" in result["error_summary"], result["error_summary"]
        return
    assert result["status"] == "succeeded", result["error_summary"]
    assert sorted(os.listdir(output_dir)) == ["facit.pdf", "prov.pdf", "svarsblad.pdf"]
    quiz = text_of(os.path.join(output_dir, "prov.pdf"))
    assert "Vattnets kretslopp" in quiz and "Förklara med egna ord" in quiz and "Avdunstning" in quiz
    key = text_of(os.path.join(output_dir, "facit.pdf"))
    assert "facit" in key
    assert "svarsblad" in text_of(os.path.join(output_dir, "svarsblad.pdf"))
    table = next(o for o in result["outputs"] if o["kind"] == "table")
    assert [r["svar"] for r in table["rows"]] == ["B", "A", "B", "Fritt svar"], table["rows"]
