import os

from pypdf import PdfReader

STEPS = [
    {"inputs": {}, "files": ["inbjudan-utvecklingssamtal.html"]},
    {
        "files": ["inbjudan-utvecklingssamtal.html"],
        "action": {"action_id": "skapa_pdf", "input": {"filnamn": "inbjudan", "format": "a4-liggande", "marginal": 15}},
    },
]


def check(step, result, output_dir):
    assert result["status"] == "succeeded", result["error_summary"]
    if step == 0:
        preview = next(o for o in result["outputs"] if o["kind"] == "html_sandboxed")
        assert "Inbjudan till utvecklingssamtal" in preview["html"]
        [action] = result["next_actions"]
        assert action["action_id"] == "skapa_pdf" and action["label"] == "Skapa PDF"
        assert action["prefill"]["filnamn"] == "inbjudan-utvecklingssamtal"
        assert os.listdir(output_dir) == [], "the preview makes no file"
        return
    path = os.path.join(output_dir, "inbjudan.pdf")
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"
    reader = PdfReader(path)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height), "A4 landscape is wider than high"
    assert "Inbjudan till utvecklingssamtal" in page.extract_text()
