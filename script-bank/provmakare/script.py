"""Provmakare: gör ett prov, ett svarsblad och ett facit som PDF av en enkel textlista med frågor."""

import html
import random

from pdf_helper import save_as_pdf
from skriptoteket_toolkit import list_input_files, read_inputs
from tool_errors import ToolUserError

LETTERS = "ABCDEFGH"
CSS = """
<style>
@page { size: A4; margin: 18mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
.meta { border-bottom: 1px solid #444; padding-bottom: 3mm; margin-bottom: 6mm; }
.question { margin-bottom: 6mm; page-break-inside: avoid; }
.options { list-style: none; padding-left: 6mm; }
.lines { border-bottom: 1px solid #999; height: 8mm; }
table { border-collapse: collapse; }
td, th { border: 1px solid #444; padding: 2mm 4mm; text-align: center; }
.correct { font-weight: bold; }
</style>
"""


def parse(text):
    """'? fråga' starts a question; '+ rätt' and '- fel' are its options; no options = a free-text question."""
    questions, current = [], None
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("?"):
            current = {"text": line[1:].strip(), "options": []}
            if not current["text"]:
                raise ToolUserError(f"Rad {number}: frågan är tom. Skriv frågan efter frågetecknet.")
            questions.append(current)
        elif line[0] in "+-":
            if current is None:
                raise ToolUserError(f"Rad {number}: ett svarsalternativ står före första frågan. Börja frågan med ?.")
            current["options"].append({"text": line[1:].strip(), "correct": line[0] == "+"})
        else:
            raise ToolUserError(
                f"Rad {number} (\"{line[:40]}\") börjar varken med ?, + eller -. "
                "Skriv ? före en fråga, + före rätt svar och - före fel svar."
            )
    if not questions:
        raise ToolUserError("Hittade inga frågor. Börja varje fråga med ett frågetecken, t.ex. ? Vad är 2 + 2?")
    for index, question in enumerate(questions, 1):
        options = question["options"]
        if options and not any(o["correct"] for o in options):
            raise ToolUserError(f"Fråga {index} har svarsalternativ men inget rätt svar. Markera rätt svar med +.")
        if len(options) > len(LETTERS):
            raise ToolUserError(f"Fråga {index} har fler än {len(LETTERS)} svarsalternativ.")
    return questions


def quiz_html(title, questions, with_key):
    parts = [CSS, f"<h1>{html.escape(title)}{' – facit' if with_key else ''}</h1>"]
    if not with_key:
        parts.append('<div class="meta">Namn: ______________________________ Klass: ________</div>')
    for number, question in enumerate(questions, 1):
        parts.append(f'<div class="question"><p><b>{number}.</b> {html.escape(question["text"])}</p>')
        if question["options"]:
            parts.append('<ul class="options">')
            for letter, option in zip(LETTERS, question["options"]):
                mark = ' class="correct"' if with_key and option["correct"] else ""
                box = "☒" if with_key and option["correct"] else "☐"
                parts.append(f"<li{mark}>{box} {letter}. {html.escape(option['text'])}</li>")
            parts.append("</ul>")
        elif not with_key:
            parts.append('<div class="lines"></div><div class="lines"></div>')
        else:
            parts.append("<p><i>Fritt svar – bedöms av läraren.</i></p>")
        parts.append("</div>")
    return "".join(parts)


def answer_sheet_html(title, questions):
    closed = [(n, q) for n, q in enumerate(questions, 1) if q["options"]]
    width = max((len(q["options"]) for _, q in closed), default=0)
    rows = "".join(
        f"<tr><th>{n}</th>" + "".join(f"<td>{'☐ ' + LETTERS[i] if i < len(q['options']) else ''}</td>" for i in range(width)) + "</tr>"
        for n, q in closed
    )
    return (
        CSS + f"<h1>{html.escape(title)} – svarsblad</h1>"
        '<div class="meta">Namn: ______________________________ Klass: ________</div>'
        f"<table><tr><th>Fråga</th><th colspan='{max(width, 1)}'>Kryssa i ditt svar</th></tr>{rows}</table>"
    )


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    files = list_input_files()
    text = inputs.get("fragor")
    if files:
        try:
            with open(files[0]["path"], encoding="utf-8-sig") as handle:
                text = handle.read(200_000)
        except UnicodeDecodeError as error:
            raise ToolUserError(f"Filen {files[0]['name']} är inte en textfil i UTF-8.") from error
    if not isinstance(text, str) or not text.strip():
        raise ToolUserError("Skriv frågorna i rutan eller ladda upp en textfil med frågorna.")
    questions = parse(text)
    title = str(inputs.get("rubrik") or "Prov").strip()
    if inputs.get("blanda", False):
        rng = random.Random(inputs.get("slumptal") if isinstance(inputs.get("slumptal"), int) else None)
        for question in questions:
            rng.shuffle(question["options"])
    save_as_pdf(quiz_html(title, questions, False), output_dir, "prov.pdf")
    save_as_pdf(quiz_html(title, questions, True), output_dir, "facit.pdf")
    if any(q["options"] for q in questions):
        save_as_pdf(answer_sheet_html(title, questions), output_dir, "svarsblad.pdf")
    key = [
        {
            "fraga": n,
            "text": q["text"][:200],
            "svar": ", ".join(LETTERS[i] for i, o in enumerate(q["options"]) if o["correct"]) or "Fritt svar",
        }
        for n, q in enumerate(questions, 1)
    ]
    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": f"{len(questions)} frågor. Provet, svarsbladet och facit finns som PDF nedan."},
            {
                "kind": "table",
                "title": "Facit",
                "columns": [{"key": "fraga", "label": "Fråga"}, {"key": "text", "label": "Frågan"}, {"key": "svar", "label": "Rätt svar"}],
                "rows": key,
            },
        ]
    }
