"""pdf_helper.save_as_pdf (contract §1 "Helper modules")."""

import os
import tempfile
import unittest

from pdf_helper import save_as_pdf
from support import HarnessTestCase
from tool_errors import ToolUserError

HTML = "<html><body><h1>Rapport för klass 7A</h1><p>Åsa ✓ Ü</p></body></html>"


class SaveAsPdfTests(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.work = tmp.name
        self.output = os.path.join(self.work, "output")
        os.mkdir(self.output)

    def files(self):
        found = []
        for folder, _, names in os.walk(self.work):
            found += [os.path.relpath(os.path.join(folder, n), self.work) for n in names]
        return sorted(found)

    def test_renders_a_real_pdf_and_returns_its_absolute_path(self):
        path = save_as_pdf(HTML, self.output, "rapport.pdf")
        self.assertEqual(path, os.path.join(self.output, "rapport.pdf"))
        with open(path, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF-"), data[:20])
        self.assertIn(b"%%EOF", data[-32:])

    def test_sub_folders_are_created_and_the_suffix_is_case_insensitive(self):
        old = os.getcwd()
        os.chdir(self.work)
        try:
            path = save_as_pdf(HTML, "output", " klass 7A\\veckor/./Vecka-1.PDF ")
        finally:
            os.chdir(old)
        self.assertEqual(path, os.path.join(self.output, "klass 7A", "veckor", "Vecka-1.PDF"))
        self.assertEqual(self.files(), ["output/klass 7A/veckor/Vecka-1.PDF"])
        with open(path, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")

    def test_bad_file_names_raise_tool_user_error_and_write_nothing(self):
        cases = {
            "": "ange ett filnamn som slutar med .pdf",
            "   ": "ange ett filnamn som slutar med .pdf",
            "rapport.txt": "filnamnet måste sluta med .pdf",
            "rapport": "filnamnet måste sluta med .pdf",
            "rapport.pdf.txt": "filnamnet måste sluta med .pdf",
            ".pdf": "filnamnet måste sluta med .pdf",
            "mapp/": "filnamnet måste sluta med .pdf",
            "../rapport.pdf": "får inte innehålla '..'",
            "a/../../rapport.pdf": "får inte innehålla '..'",
            "a/../rapport.pdf": "får inte innehålla '..'",
            "..\\rapport.pdf": "får inte innehålla '..'",
            "/tmp/rapport.pdf": "inte en absolut sökväg",
            "\\tmp\\rapport.pdf": "inte en absolut sökväg",
            "rap\x00port.pdf": "otillåtna tecken",
            None: "filnamnet måste vara text",
            42: "filnamnet måste vara text",
            b"rapport.pdf": "filnamnet måste vara text",
        }
        for filename, fragment in cases.items():
            with self.subTest(filename=filename):
                with self.assertRaises(ToolUserError) as caught:
                    save_as_pdf(HTML, self.output, filename)
                message = caught.exception.safe_message
                self.assertTrue(message.startswith("Ogiltigt filnamn för PDF: "), message)
                self.assertIn(fragment, message)
        self.assertEqual(self.files(), [])

    def test_dots_inside_a_name_are_allowed(self):
        path = save_as_pdf("<p>x</p>", self.output, "v.1..2.pdf")
        self.assertEqual(os.path.basename(path), "v.1..2.pdf")

    def test_symlinks_cannot_lead_outside_the_output_folder(self):
        outside = os.path.join(self.work, "utanför")
        os.mkdir(outside)
        os.symlink(outside, os.path.join(self.output, "länk"))
        os.symlink(os.path.join(outside, "mål.pdf"), os.path.join(self.output, "fil.pdf"))
        for filename in ("länk/x.pdf", "länk/ny/x.pdf", "fil.pdf"):
            with self.subTest(filename=filename):
                with self.assertRaises(ToolUserError) as caught:
                    save_as_pdf(HTML, self.output, filename)
                self.assertEqual(caught.exception.safe_message,
                                 "Ogiltigt filnamn för PDF: PDF-filen måste sparas i "
                                 "output-mappen.")
        self.assertEqual(os.listdir(outside), [])

    def test_html_must_be_text(self):
        for html in (None, b"<p>x</p>", 5):
            with self.subTest(html=html):
                with self.assertRaises(ToolUserError) as caught:
                    save_as_pdf(html, self.output, "x.pdf")
                self.assertEqual(caught.exception.safe_message,
                                 "PDF kunde inte skapas: HTML-innehållet måste vara text.")

    def test_unusable_output_folder(self):
        blocker = os.path.join(self.work, "fil")
        open(blocker, "w").close()
        with self.assertRaises(ToolUserError) as caught:
            save_as_pdf(HTML, blocker, "x.pdf")  # output_dir is a file
        self.assertEqual(caught.exception.safe_message,
                         "Kunde inte skapa mappen för PDF-filen i output-mappen.")
        self.assertIsNotNone(caught.exception.__cause__)
        with self.assertRaises(ToolUserError) as caught:
            save_as_pdf(HTML, None, "x.pdf")
        self.assertEqual(caught.exception.safe_message,
                         "PDF kunde inte skapas: output-mappen är ogiltig.")


class PdfThroughHarnessTests(HarnessTestCase):
    def test_pdf_becomes_an_artifact(self):
        run = self.run_tool("""
            from pdf_helper import save_as_pdf
            def run_tool(i, o):
                return save_as_pdf("<h1>Hej</h1>", o, "ut/rapport.pdf")
        """)
        self.assertSucceeded(run)
        path = os.path.join(run.output_dir, "ut", "rapport.pdf")
        self.assertEqual(run["outputs"][0]["html"], path)
        self.assertEqual(run["artifacts"], [{"path": "output/ut/rapport.pdf",
                                             "bytes": os.path.getsize(path)}])

    def test_bad_name_fails_the_run_with_the_swedish_message(self):
        run = self.run_tool("""
            from pdf_helper import save_as_pdf
            def run_tool(i, o):
                save_as_pdf("<h1>Hej</h1>", o, "../rapport.pdf")
        """)
        self.assertFailed(run, "Ogiltigt filnamn för PDF: sökvägen får inte innehålla '..'.")


if __name__ == "__main__":
    unittest.main()
