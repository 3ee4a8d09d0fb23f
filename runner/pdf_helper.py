"""HTML -> PDF for Skriptoteket tools (tool contract v2, section 1).

    from pdf_helper import save_as_pdf

    path = save_as_pdf("<h1>Rapport</h1>", output_dir, "rapporter/klass-7a.pdf")

The PDF lands under output_dir, so it becomes a downloadable artifact. Every failure is
a ToolUserError with a Swedish message that is safe to show to the user; the cause is
chained (``raise ... from``) so the traceback on stderr shows it to the contributor.
WeasyPrint is imported on first use only (it takes about half a second).
"""

import os

from tool_errors import ToolUserError

_BAD_NAME = "Ogiltigt filnamn för PDF: "


def _relative_parts(filename):
    """Validate filename and return its path components."""
    if not isinstance(filename, str):
        raise ToolUserError(_BAD_NAME + "filnamnet måste vara text, t.ex. 'rapport.pdf'.")
    name = filename.strip().replace("\\", "/")
    if not name:
        raise ToolUserError(_BAD_NAME + "ange ett filnamn som slutar med .pdf.")
    if "\x00" in name:
        raise ToolUserError(_BAD_NAME + "filnamnet innehåller otillåtna tecken.")
    if name.startswith("/"):
        raise ToolUserError(_BAD_NAME + "ange en relativ sökväg under output-mappen, "
                                        "inte en absolut sökväg.")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ToolUserError(_BAD_NAME + "sökvägen får inte innehålla '..'.")
    if not parts or len(parts[-1]) <= 4 or not parts[-1].lower().endswith(".pdf"):
        raise ToolUserError(_BAD_NAME + "filnamnet måste sluta med .pdf.")
    return parts


def _inside(root, path):
    return path == root or path.startswith(root.rstrip("/") + "/")


def save_as_pdf(html, output_dir, filename):
    """Render html to a PDF at output_dir/filename and return its absolute path.

    filename is relative to output_dir, ends in .pdf (any case), contains no '..' and
    may name sub-folders, which are created.
    """
    parts = _relative_parts(filename)
    if not isinstance(html, str):
        raise ToolUserError("PDF kunde inte skapas: HTML-innehållet måste vara text.")
    try:
        root = os.path.abspath(os.fspath(output_dir))
        if not isinstance(root, str):
            raise TypeError("output_dir must be a str path")
    except Exception as exc:
        raise ToolUserError("PDF kunde inte skapas: output-mappen är ogiltig.") from exc

    target = os.path.join(root, *parts)
    folder = os.path.dirname(target)
    try:
        os.makedirs(root, exist_ok=True)
        real_root = os.path.realpath(root)
        if not _inside(real_root, os.path.realpath(folder)):
            raise ToolUserError(_BAD_NAME + "PDF-filen måste sparas i output-mappen.")
        os.makedirs(folder, exist_ok=True)
    except ToolUserError:
        raise
    except Exception as exc:
        raise ToolUserError("Kunde inte skapa mappen för PDF-filen i output-mappen.") from exc
    if not _inside(real_root, os.path.realpath(target)):  # e.g. a symlink at the target
        raise ToolUserError(_BAD_NAME + "PDF-filen måste sparas i output-mappen.")

    try:
        from weasyprint import HTML
    except Exception as exc:
        raise ToolUserError("PDF kunde inte skapas: PDF-stöd (WeasyPrint) saknas i "
                            "körmiljön.") from exc
    try:
        # Relative links (e.g. <img src="input/logo.png">) resolve against the run folder.
        base_url = os.path.dirname(root) + "/"
        pdf = HTML(string=html, base_url=base_url).write_pdf()
    except Exception as exc:
        raise ToolUserError("PDF kunde inte skapas. Kontrollera att HTML och CSS är "
                            "giltiga.") from exc

    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(target, flags, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
    except Exception as exc:
        raise ToolUserError("PDF-filen kunde inte sparas i output-mappen.") from exc
    return target
