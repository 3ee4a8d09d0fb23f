"""Gruppgenerator: delar in en klass i grupper och undviker par som redan har arbetat ihop."""

import csv
import io
import os
import random

from docx import Document
from openpyxl import Workbook, load_workbook
from skriptoteket_toolkit import list_input_files, read_inputs, read_settings
from tool_errors import ToolUserError

NAME_HEADERS = ("namn", "elev", "elevnamn", "name", "förnamn och efternamn")
FIRST_HEADERS = ("förnamn", "fornamn", "first name")
LAST_HEADERS = ("efternamn", "last name")
GROUP_HEADERS = ("grupp", "group")
ATTEMPTS = 400


def read_rows(path):
    """A CSV (comma, semicolon or tab) or XLSX file as a list of rows of stripped strings."""
    name = os.path.basename(path)
    if name.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
        except Exception as error:
            raise ToolUserError(f"Filen {name} kunde inte läsas som en Excel-fil.") from error
        return [["" if c is None else str(c).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    with open(path, "rb") as handle:
        raw = handle.read()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(content), dialect)]


def column(header, names):
    for index, cell in enumerate(header):
        if cell.strip().lower() in names:
            return index
    return None


def cell(row, index):
    return row[index].strip() if index is not None and index < len(row) else ""


def read_class_list(name, rows):
    header = rows[0]
    full, first, last = column(header, NAME_HEADERS), column(header, FIRST_HEADERS), column(header, LAST_HEADERS)
    if full is None and first is None:
        raise ToolUserError(
            f"Filen {name} saknar en kolumn med elevernas namn. Ge den rubriken Namn "
            "(eller Förnamn och Efternamn) på första raden."
        )
    pupils = []
    for row in rows[1:]:
        pupil = cell(row, full) if full is not None else f"{cell(row, first)} {cell(row, last)}".strip()
        if pupil and pupil not in pupils:
            pupils.append(pupil)
    return pupils


def read_history(rows):
    """Earlier groups (columns Grupp and Namn, as in this tool's own historik.csv) as a set of pairs."""
    header = rows[0]
    group_col, name_col = column(header, GROUP_HEADERS), column(header, NAME_HEADERS)
    groups = {}
    for row in rows[1:]:
        group, pupil = cell(row, group_col), cell(row, name_col)
        if group and pupil:
            groups.setdefault(group, []).append(pupil)
    return {frozenset((a, b)) for members in groups.values() for a in members for b in members if a < b}


def split(pupils, size):
    """Groups of `size`, the remainder spread so no group is more than one smaller than the rest."""
    count = max(1, round(len(pupils) / size))
    return [pupils[i::count] for i in range(count)]


def repeats(groups, history):
    return sum(1 for g in groups for a in g for b in g if a < b and frozenset((a, b)) in history)


def best_groups(pupils, size, history, rng):
    best, best_score = None, None
    for _ in range(ATTEMPTS):
        order = pupils[:]
        rng.shuffle(order)
        groups = split(order, size)
        score = repeats(groups, history)
        if best_score is None or score < best_score:
            best, best_score = groups, score
        if score == 0:
            break
    return best, best_score


def write_xlsx(groups, path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Grupper"
    sheet.append(["Grupp", "Namn"])
    for number, members in enumerate(groups, 1):
        for pupil in members:
            sheet.append([f"Grupp {number}", pupil])
    book.save(path)


def write_docx(groups, title, path):
    document = Document()
    document.add_heading(title, level=1)
    for number, members in enumerate(groups, 1):
        document.add_heading(f"Grupp {number}", level=2)
        for pupil in members:
            document.add_paragraph(pupil, style="List Bullet")
    document.save(path)


def write_history(groups, path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Grupp", "Namn"])
        for number, members in enumerate(groups, 1):
            for pupil in members:
                writer.writerow([f"Grupp {number}", pupil])


def run_tool(input_dir, output_dir):
    inputs = read_inputs()
    settings = read_settings()
    size = inputs.get("gruppstorlek", settings.get("gruppstorlek", 4))
    if not isinstance(size, int) or size < 2 or size > 15:
        raise ToolUserError("Gruppstorleken ska vara ett heltal mellan 2 och 15.")
    files = list_input_files()
    if not files:
        raise ToolUserError("Ladda upp en klasslista (CSV eller Excel) med elevernas namn.")
    pupils, history, history_names = [], set(), []
    for entry in files:
        rows = read_rows(entry["path"])
        if not rows:
            raise ToolUserError(f"Filen {entry['name']} är tom.")
        if column(rows[0], GROUP_HEADERS) is not None:
            history |= read_history(rows)
            history_names.append(entry["name"])
        else:
            pupils += [p for p in read_class_list(entry["name"], rows) if p not in pupils]
    if len(pupils) < 2:
        raise ToolUserError("Klasslistan behöver minst två elever för att kunna delas in i grupper.")
    seed = inputs.get("slumptal")
    rng = random.Random(seed if isinstance(seed, int) else None)
    groups, score = best_groups(pupils, size, history, rng)

    title = str(inputs.get("rubrik") or "Grupper").strip()
    write_xlsx(groups, os.path.join(output_dir, "grupper.xlsx"))
    write_docx(groups, title, os.path.join(output_dir, "grupper.docx"))
    write_history(groups, os.path.join(output_dir, "historik.csv"))

    width = max(len(g) for g in groups)
    columns = [{"key": "grupp", "label": "Grupp"}] + [
        {"key": f"elev{i}", "label": f"Elev {i}"} for i in range(1, width + 1)
    ]
    rows = [
        {"grupp": f"Grupp {n}", **{f"elev{i}": p for i, p in enumerate(members, 1)}}
        for n, members in enumerate(groups, 1)
    ]
    outputs = [{"kind": "table", "title": title, "columns": columns, "rows": rows}]
    summary = f"{len(pupils)} elever i {len(groups)} grupper."
    if history_names:
        if score == 0:
            summary += f" Ingen har hamnat med någon de redan arbetat med enligt {', '.join(history_names)}."
        else:
            outputs.append({
                "kind": "notice",
                "level": "warning",
                "message": f"{score} par har redan arbetat ihop tidigare; det gick inte att undvika alla.",
            })
    outputs.insert(0, {"kind": "notice", "level": "info", "message": summary})
    outputs.append({
        "kind": "markdown",
        "markdown": "Spara **historik.csv** och ladda upp den tillsammans med klasslistan nästa gång, "
        "så undviker verktyget samma par.",
    })
    return {"outputs": outputs}
