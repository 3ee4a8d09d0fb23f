"""E-postlista till vårdnadshavare: BCC-färdig lista ur en klassexport, utan dubbletter."""

import csv
import io
import os
import re

from openpyxl import load_workbook
from skriptoteket_toolkit import list_input_files, read_inputs, read_settings
from tool_errors import ToolUserError

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
MAIL_WORDS = ("e-post", "epost", "e-mail", "email", "mejl", "mail")
NAME_WORDS = ("elev", "namn", "name")
SEPARATORS = {"semikolon": "; ", "komma": ", "}


def read_rows(path):
    name = os.path.basename(path)
    if name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
        except Exception as error:
            raise ToolUserError(f"Filen {name} kunde inte läsas som en Excel-fil.") from error
        return [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(content), dialect)]


def columns_matching(header, words):
    return [i for i, cell in enumerate(header) if any(w in cell.lower() for w in words)]


def collect(files):
    """(addresses in first-seen order, lower-cased set, invalid rows) over all files."""
    found, seen, invalid = [], set(), []
    for entry in files:
        rows = read_rows(entry["path"])
        if not rows:
            raise ToolUserError(f"Filen {entry['name']} är tom.")
        header = rows[0]
        mail_cols = columns_matching(header, MAIL_WORDS)
        if not mail_cols:
            raise ToolUserError(
                f"Hittade ingen kolumn med e-postadresser i {entry['name']}. "
                "Rubriken ska innehålla ordet e-post, epost eller mail."
            )
        name_cols = [i for i in columns_matching(header, NAME_WORDS) if i not in mail_cols]
        for line, row in enumerate(rows[1:], 2):
            pupil = " ".join(row[i] for i in name_cols if i < len(row) and row[i]) or f"rad {line}"
            for col in mail_cols:
                value = row[col].strip() if col < len(row) else ""
                for address in filter(None, re.split(r"[;,\s]+", value)):
                    if not EMAIL.match(address):
                        invalid.append({"fil": entry["name"], "rad": line, "elev": pupil, "varde": address})
                    elif address.lower() not in seen:
                        seen.add(address.lower())
                        found.append(address)
    return found, invalid


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    choice = inputs.get("avgransare") or read_settings().get("avgransare") or "semikolon"
    if choice not in SEPARATORS:
        raise ToolUserError("Välj semikolon eller komma som avgränsare.")
    files = list_input_files()
    if not files:
        raise ToolUserError("Ladda upp en klassexport (CSV eller Excel) med vårdnadshavarnas e-postadresser.")
    addresses, invalid = collect(files)
    if not addresses and not invalid:
        raise ToolUserError("Filen innehåller inga e-postadresser.")
    joined = SEPARATORS[choice].join(addresses)
    with open(os.path.join(output_dir, "epostlista.txt"), "w", encoding="utf-8") as handle:
        handle.write(joined + "\n")
    outputs = [
        {
            "kind": "notice",
            "level": "info",
            "message": f"{len(addresses)} unika adresser. Kopiera listan och klistra in den i fältet Hemlig kopia (BCC).",
        },
        {"kind": "markdown", "markdown": "```\n" + joined + "\n```"},
    ]
    if invalid:
        outputs.append({
            "kind": "notice",
            "level": "warning",
            "message": f"{len(invalid)} värden ser inte ut som e-postadresser och är inte med i listan.",
        })
        outputs.append({
            "kind": "table",
            "title": "Ogiltiga adresser",
            "columns": [
                {"key": "fil", "label": "Fil"},
                {"key": "rad", "label": "Rad"},
                {"key": "elev", "label": "Elev"},
                {"key": "varde", "label": "Värde"},
            ],
            "rows": invalid,
        })
    return {"outputs": outputs}
