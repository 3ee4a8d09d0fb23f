"""Markdown till Word: gör ett DOCX-dokument av text skriven i Markdown."""

import os
import re

from docx import Document
from docx.shared import Pt
from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError

INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*|_[^_]+_|`[^`]+`)")
MAX_CHARS = 500_000


def add_inline(paragraph, text):
    for part in INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("`") and part.endswith("`") and len(part) > 2:
            run = paragraph.add_run(part[1:-1])
            run.font.name = "Courier New"
        elif part[0] in "*_" and part[-1] == part[0] and len(part) > 2:
            paragraph.add_run(part[1:-1]).italic = True
        else:
            paragraph.add_run(part)


def add_table(document, lines):
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) for c in r)]
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j in range(width):
            cell = table.cell(i, j)
            add_inline(cell.paragraphs[0], row[j] if j < len(row) else "")
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def convert(markdown_text):
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    lines = markdown_text.replace("\r\n", "\n").split("\n")
    paragraph_lines, table_lines, code_lines, in_code = [], [], [], False

    def flush():
        if paragraph_lines:
            add_inline(document.add_paragraph(), " ".join(l.strip() for l in paragraph_lines))
            paragraph_lines.clear()
        if table_lines:
            add_table(document, table_lines)
            table_lines.clear()

    for line in lines:
        if line.strip().startswith("```"):
            flush()
            if in_code:
                paragraph = document.add_paragraph()
                run = paragraph.add_run("\n".join(code_lines))
                run.font.name = "Courier New"
                code_lines.clear()
            in_code = not in_code
            continue
        if in_code:
            code_lines.append(line)
            continue
        stripped = line.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        bullet = re.match(r"^[-*+]\s+(.*)$", stripped)
        numbered = re.match(r"^\d+[.)]\s+(.*)$", stripped)
        if stripped.startswith("|"):
            if paragraph_lines:
                flush()
            table_lines.append(stripped)
            continue
        if table_lines:
            flush()
        if not stripped:
            flush()
        elif heading:
            flush()
            add_inline(document.add_heading(level=min(len(heading.group(1)), 4)), heading.group(2).strip("# "))
        elif bullet:
            flush()
            add_inline(document.add_paragraph(style="List Bullet"), bullet.group(1))
        elif numbered:
            flush()
            add_inline(document.add_paragraph(style="List Number"), numbered.group(1))
        elif stripped.startswith(">"):
            flush()
            add_inline(document.add_paragraph(style="Quote"), stripped.lstrip("> "))
        elif re.fullmatch(r"(-{3,}|\*{3,})", stripped):
            flush()
            document.add_page_break()
        else:
            paragraph_lines.append(stripped)
    flush()
    if in_code and code_lines:
        document.add_paragraph("\n".join(code_lines))
    return document


def safe_name(name):
    base = re.sub(r"[^\w\-åäöÅÄÖ ]+", "", name).strip().replace(" ", "-")
    return (base or "dokument")[:80] + ".docx"


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    text, name = inputs.get("text"), inputs.get("filnamn")
    if files:
        entry = files[0]
        try:
            with open(entry["path"], encoding="utf-8-sig") as handle:
                text = handle.read(MAX_CHARS + 1)
        except UnicodeDecodeError as error:
            raise ToolUserError(f"Filen {entry['name']} är inte en textfil i UTF-8.") from error
        name = name or os.path.splitext(entry["name"])[0]
    if not isinstance(text, str) or not text.strip():
        raise ToolUserError("Skriv eller klistra in text i Markdown, eller ladda upp en .md-fil.")
    if len(text) > MAX_CHARS:
        raise ToolUserError("Texten är för lång: högst 500 000 tecken.")
    document = convert(text)
    filename = safe_name(str(name or "dokument"))
    document.save(os.path.join(output_dir, filename))
    headings = sum(1 for p in document.paragraphs if p.style.name.startswith("Heading"))
    return {
        "outputs": [
            {
                "kind": "notice",
                "level": "info",
                "message": f"Klart: {filename} med {len(document.paragraphs)} stycken, {headings} rubriker och {len(document.tables)} tabeller.",
            },
            {"kind": "markdown", "markdown": text[:60_000]},
        ]
    }
