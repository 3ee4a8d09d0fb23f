"""HTML till PDF: först en förhandsvisning, sedan en PDF i valt format."""

import os
import re

from pdf_helper import save_as_pdf
from skriptoteket_toolkit import get_action_parts, list_input_files, read_inputs
from tool_errors import ToolUserError

MAX_STATE_HTML = 40_000
MAX_HTML = 2_000_000
FORMATS = {
    "a4-staende": "A4 portrait",
    "a4-liggande": "A4 landscape",
    "a5-staende": "A5 portrait",
}


def read_html():
    """The HTML of the first run: an uploaded file (also passed again to the next step) or the text field."""
    files = list_input_files()
    if files:
        entry = files[0]
        if entry["bytes"] > MAX_HTML:
            raise ToolUserError("HTML-filen är för stor: högst 2 MB.")
        try:
            with open(entry["path"], encoding="utf-8-sig") as handle:
                return handle.read(), os.path.splitext(entry["name"])[0]
        except UnicodeDecodeError as error:
            raise ToolUserError(f"Filen {entry['name']} är inte en HTML-fil i UTF-8.") from error
    return None, None


def page_css(format_id, margin_mm):
    size = FORMATS.get(format_id)
    if size is None:
        raise ToolUserError("Välj ett av sidformaten i listan.")
    return f"<style>@page {{ size: {size}; margin: {margin_mm}mm; }}</style>"


def safe_stem(name):
    stem = re.sub(r"[^\w\-åäöÅÄÖ]+", "-", name or "").strip("-")
    return stem[:80] or "dokument"


def preview(inputs):
    html, stem = read_html()
    typed = inputs.get("html")
    if html is None:
        if not isinstance(typed, str) or not typed.strip():
            raise ToolUserError("Ladda upp en HTML-fil eller klistra in HTML i rutan.")
        if len(typed) > MAX_STATE_HTML:
            raise ToolUserError("Inklistrad HTML får vara högst 40 000 tecken. Ladda upp längre dokument som en fil.")
        html, stem = typed, "dokument"
    if "<" not in html:
        raise ToolUserError("Texten innehåller ingen HTML. Skriv till exempel <h1>Rubrik</h1><p>Text</p>.")
    state = {"stem": safe_stem(stem), "typed_html": None if read_html()[0] else html}
    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": "Så här ser dokumentet ut. Välj format och tryck på Skapa PDF."},
            {"kind": "html_sandboxed", "html": html[:90_000]},
        ],
        "next_actions": [
            {
                "action_id": "skapa_pdf",
                "label": "Skapa PDF",
                "kind": "form",
                "fields": [
                    {"name": "filnamn", "label": "Filnamn", "kind": "string"},
                    {
                        "name": "format",
                        "label": "Sidformat",
                        "kind": "enum",
                        "options": [
                            {"value": "a4-staende", "label": "A4 stående"},
                            {"value": "a4-liggande", "label": "A4 liggande"},
                            {"value": "a5-staende", "label": "A5 stående"},
                        ],
                    },
                    {"name": "marginal", "label": "Marginal (mm)", "kind": "integer"},
                ],
                "prefill": {"filnamn": state["stem"], "format": "a4-staende", "marginal": 20},
            }
        ],
        "state": state,
    }


def create_pdf(action_input, state, output_dir):
    html, _ = read_html()
    if html is None:
        html = state.get("typed_html")
    if not isinstance(html, str) or not html.strip():
        raise ToolUserError("Dokumentet finns inte längre kvar. Börja om och ladda upp HTML-filen igen.")
    margin = action_input.get("marginal", 20)
    if not isinstance(margin, int) or margin < 0 or margin > 60:
        raise ToolUserError("Marginalen ska vara ett heltal mellan 0 och 60 mm.")
    stem = safe_stem(action_input.get("filnamn") or state.get("stem"))
    css = page_css(action_input.get("format", "a4-staende"), margin)
    html = re.sub(r"(?i)<head>", "<head>" + css, html, count=1) if re.search(r"(?i)<head>", html) else css + html
    path = save_as_pdf(html, output_dir, stem + ".pdf")
    return {
        "outputs": [{"kind": "notice", "level": "info", "message": f"PDF:en {os.path.basename(path)} är klar att ladda ner."}],
        "state": state,
    }


def run_tool(input_dir, output_dir):
    action_id, action_input, state = get_action_parts()
    if action_id == "skapa_pdf":
        return create_pdf(action_input, state, output_dir)
    if action_id:
        raise ToolUserError("Okänt steg. Börja om från början.")
    return preview(read_inputs())
