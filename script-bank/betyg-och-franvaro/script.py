"""Betyg och frånvaro: sammanställer en klass betyg per ämne och frånvaro per elev, med diagram."""

import os

import pandas as pd
from skriptoteket_toolkit import list_input_files, read_inputs, read_settings
from tool_errors import ToolUserError

GRADES = ["A", "B", "C", "D", "E", "F"]
POINTS = {"A": 20, "B": 17.5, "C": 15, "D": 12.5, "E": 10, "F": 0}
NAME_COLUMNS = ("elev", "namn", "name")
CLASS_COLUMNS = ("klass", "class")
ABSENCE_WORDS = ("frånvaro", "franvaro", "absence")


def read_table(entry):
    path, name = entry["path"], entry["name"]
    try:
        if name.lower().endswith(".xlsx"):
            frame = pd.read_excel(path, dtype=str, engine="openpyxl")
        else:
            frame = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
    except Exception as error:
        raise ToolUserError(f"Filen {name} kunde inte läsas. Spara den som Excel (.xlsx) eller CSV och försök igen.") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.fillna("")


def find_column(frame, words):
    for column in frame.columns:
        if any(column.lower().startswith(w) for w in words):
            return column
    return None


def to_percent(value, pupil):
    text = str(value).replace("%", "").replace(",", ".").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError as error:
        raise ToolUserError(f"Frånvaron för {pupil} ({value}) är inte ett tal i procent.") from error
    if number < 0 or number > 100:
        raise ToolUserError(f"Frånvaron för {pupil} ({value}) ska vara mellan 0 och 100 procent.")
    return number


def run_tool(input_dir, output_dir):
    files = list_input_files()
    if not files:
        raise ToolUserError("Ladda upp klassens betyg och frånvaro som Excel eller CSV.")
    inputs, settings = read_inputs(), read_settings()
    limit = inputs.get("franvarograns", settings.get("franvarograns", 15))
    if not isinstance(limit, (int, float)) or limit < 0 or limit > 100:
        raise ToolUserError("Frånvarogränsen ska vara ett tal mellan 0 och 100.")
    frame = read_table(files[0])
    name_col = find_column(frame, NAME_COLUMNS)
    if name_col is None:
        raise ToolUserError("Hittade ingen kolumn med elevernas namn. Ge den rubriken Elev eller Namn.")
    class_col, absence_col = find_column(frame, CLASS_COLUMNS), find_column(frame, ABSENCE_WORDS)
    subjects = [c for c in frame.columns if c not in (name_col, class_col, absence_col) and c]
    if not subjects:
        raise ToolUserError("Hittade inga ämneskolumner. Varje ämne ska ha en egen kolumn med betygen A–F.")

    pupils, distribution, flagged = [], {s: {g: 0 for g in GRADES} for s in subjects}, []
    for index, row in frame.iterrows():
        pupil = str(row[name_col]).strip()
        if not pupil:
            continue
        grades = {}
        for subject in subjects:
            grade = str(row[subject]).strip().upper()
            if not grade or grade == "-":
                continue
            if grade not in POINTS:
                raise ToolUserError(f"{pupil} har betyget \"{row[subject]}\" i {subject} på rad {index + 2}. Använd A, B, C, D, E eller F.")
            grades[subject] = grade
            distribution[subject][grade] += 1
        absence = to_percent(row[absence_col], pupil) if absence_col else None
        fails = [s for s, g in grades.items() if g == "F"]
        average = round(sum(POINTS[g] for g in grades.values()) / len(grades), 1) if grades else None
        pupils.append({
            "elev": pupil,
            "klass": str(row[class_col]).strip() if class_col else "",
            "antal_betyg": len(grades),
            "snitt": average,
            "antal_f": len(fails),
            "franvaro": absence,
        })
        reasons = []
        if fails:
            reasons.append("F i " + ", ".join(fails))
        if absence is not None and absence > limit:
            reasons.append(f"frånvaro {absence:g} %")
        if reasons:
            flagged.append({"elev": pupil, "orsak": "; ".join(reasons)})
    if not pupils:
        raise ToolUserError("Filen innehåller inga elever.")

    chart_values = [
        {"amne": s, "betyg": g, "antal": n} for s in subjects for g, n in distribution[s].items() if n
    ]
    spec = {
        "title": "Betygsfördelning per ämne",
        "data": {"values": chart_values},
        "mark": "bar",
        "encoding": {
            "x": {"field": "amne", "type": "nominal", "title": "Ämne"},
            "y": {"field": "antal", "type": "quantitative", "title": "Antal elever"},
            "color": {"field": "betyg", "type": "nominal", "title": "Betyg", "sort": GRADES},
            "order": {"field": "betyg", "sort": "ascending"},
        },
    }
    summary = pd.DataFrame(pupils)
    summary.to_excel(os.path.join(output_dir, "sammanstallning.xlsx"), index=False)
    known = summary["franvaro"].dropna()
    message = f"{len(pupils)} elever och {len(subjects)} ämnen."
    if len(known):
        message += f" Genomsnittlig frånvaro {known.mean():.1f} %."
    outputs = [
        {"kind": "notice", "level": "info", "message": message},
        {"kind": "vega_lite", "spec": spec},
        {
            "kind": "table",
            "title": "Per elev",
            "columns": [
                {"key": "elev", "label": "Elev"},
                {"key": "klass", "label": "Klass"},
                {"key": "antal_betyg", "label": "Antal betyg"},
                {"key": "snitt", "label": "Snitt (A=20 … F=0)"},
                {"key": "antal_f", "label": "Antal F"},
                {"key": "franvaro", "label": "Frånvaro %"},
            ],
            "rows": pupils,
        },
        {
            "kind": "table",
            "title": "Betyg per ämne",
            "columns": [{"key": "amne", "label": "Ämne"}] + [{"key": g, "label": g} for g in GRADES],
            "rows": [{"amne": s, **distribution[s]} for s in subjects],
        },
    ]
    if flagged:
        outputs.append({
            "kind": "table",
            "title": f"Att följa upp (F eller frånvaro över {limit:g} %)",
            "columns": [{"key": "elev", "label": "Elev"}, {"key": "orsak", "label": "Orsak"}],
            "rows": flagged,
        })
    return {"outputs": outputs}
