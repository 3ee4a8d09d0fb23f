import os

from docx import Document

STEPS = [
    {"inputs": {}, "files": ["veckobrev.md"]},
    {"inputs": {"text": "# Hej\n\n- ett\n- två", "filnamn": "Mitt brev"}, "files": []},
    {"inputs": {}, "files": []},
]


def check(step, result, output_dir):
    if step == 2:
        assert result["status"] == "failed"
        assert "Markdown" in result["error_summary"], result["error_summary"]
        return
    assert result["status"] == "succeeded", result["error_summary"]
    name = "veckobrev.docx" if step == 0 else "Mitt-brev.docx"
    document = Document(os.path.join(output_dir, name))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    if step == 1:
        assert headings == ["Hej"] and bullets == ["ett", "två"], (headings, bullets)
        return
    assert headings == ["Veckobrev vecka 12", "Det här har vi gjort", "Kommande veckan"], headings
    assert len(bullets) == 3 and bullets[0].startswith("Matematik")
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 3, numbered
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "sammanfattning" in bold, bold
    assert len(document.tables) == 1 and document.tables[0].cell(1, 0).text == "Måndag"
