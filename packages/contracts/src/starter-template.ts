/**
 * The studio's starter template, a new tool's first content, in Swedish: it reads a form value and a file,
 * answers with a notice, a table and markdown, writes a downloadable file (an artifact) and offers a next step
 * that uses the saved state.
 */
const SOURCE = `"""Startmall för ett verktyg i Skriptoteket.

Verktyget läser en textfil med ett namn per rad (t.ex. en klasslista), visar namnen
som meddelande, tabell och formaterad text, sparar en CSV-fil att ladda ner och
erbjuder ett nästa steg. Ändra det till ditt eget verktyg!
"""
import csv
import os

from skriptoteket_toolkit import get_action_parts, list_input_files, read_inputs
from tool_errors import ToolUserError


def las_namn(fil):
    """Namnen i filen, ett per rad, utan tomma rader."""
    with open(fil["path"], encoding="utf-8-sig") as f:
        return [rad.strip() for rad in f if rad.strip()]


def halsa(action_input, state):
    """Nästa steg: körs när användaren skickar formuläret "Hälsa på alla"."""
    halsning = action_input.get("halsning") or "Hej"
    rader = "\\n".join(f"- {halsning} {namn}!" for namn in state.get("namn", []))
    return {"outputs": [{"kind": "markdown", "markdown": rader or "Inga namn."}], "state": state}


def run_tool(input_dir, output_dir):
    action_id, action_input, state = get_action_parts()
    if action_id == "halsa":
        return halsa(action_input, state)

    inputs = read_inputs()
    rubrik = inputs.get("rubrik", "Klasslista")
    filer = list_input_files()
    if not filer:
        raise ToolUserError("Ladda upp en textfil med ett namn per rad.")
    namn = las_namn(filer[0])
    if not namn:
        raise ToolUserError("Filen är tom.")

    rader = [{"nr": nr, "namn": n} for nr, n in enumerate(namn, start=1)]
    with open(os.path.join(output_dir, "namnlista.csv"), "w", newline="", encoding="utf-8") as f:
        skrivare = csv.DictWriter(f, fieldnames=["nr", "namn"])
        skrivare.writeheader()
        skrivare.writerows(rader)

    return {
        "outputs": [
            {"kind": "notice", "level": "info", "message": f"{len(namn)} namn lästes från {filer[0]['name']}."},
            {
                "kind": "table",
                "title": rubrik,
                "columns": [{"key": "nr", "label": "Nr"}, {"key": "namn", "label": "Namn"}],
                "rows": rader,
            },
            {"kind": "markdown", "markdown": f"## {rubrik}\\n\\nListan finns också som **namnlista.csv** att ladda ner."},
        ],
        "next_actions": [
            {
                "action_id": "halsa",
                "label": "Hälsa på alla",
                "kind": "form",
                "fields": [{"name": "halsning", "label": "Hälsning", "kind": "string"}],
                "prefill": {"halsning": "Hej"},
            }
        ],
        "state": {"namn": namn},
    }
`;

/** The parts of a version a contributor writes, as the save request carries them. */
export interface StarterContent {
  sourceCode: string;
  entrypoint: string;
  inputSchema: unknown[];
  settingsSchema: unknown[];
  usageInstructions: string;
}

export const STARTER_TEMPLATE: StarterContent = {
  sourceCode: SOURCE,
  entrypoint: 'run_tool',
  inputSchema: [
    {
      name: 'rubrik',
      label: 'Rubrik',
      kind: 'string',
      help: 'Visas över tabellen.',
      default: 'Klasslista',
    },
    {
      name: 'klasslista',
      label: 'Klasslista',
      kind: 'file',
      help: 'En textfil med ett namn per rad.',
      required: true,
      min: 1,
      max: 1,
      accept: ['.txt', '.csv'],
    },
  ],
  settingsSchema: [],
  usageInstructions:
    '## Så använder du verktyget\n\n1. Skriv en rubrik.\n2. Ladda upp en textfil med ett namn per rad.\n3. Klicka på **Kör**.\n\nDu får en tabell och en CSV-fil att ladda ner.',
};
