"""skriptoteket_toolkit and tool_errors (contract §1 "Helper modules")."""

import os
import pickle
import subprocess
import tempfile
import unittest
from unittest import mock

import skriptoteket_toolkit as tk
from support import PYTHON, RUNNER_DIR, HarnessTestCase, compact
from tool_errors import ToolUserError

BIG = 2**256 + 1


def env(**values):
    """Patch os.environ to exactly these variables (values: str, or objects as JSON)."""
    return mock.patch.dict(os.environ, {k: v if isinstance(v, str) else compact(v)
                                        for k, v in values.items()}, clear=True)


class Example5Tests(HarnessTestCase):
    def test_example5_inputs_and_files_in_upload_order(self):
        run = self.run_tool("""
            import os
            from skriptoteket_toolkit import list_input_files, read_inputs
            def run_tool(i, o):
                files = list_input_files()
                sizes = [os.path.getsize(f["path"]) for f in files]
                return {"outputs": [{"kind": "json", "value": {
                    "inputs": read_inputs(), "files": files, "sizes": sizes}}]}
        """, inputs={"title": "Å"}, input_files=[("b.csv", b"1,2"), ("a.txt", b"x")])
        value = self.json_value(run)
        self.assertEqual(value, {
            "inputs": {"title": "Å"},
            "files": [{"name": "b.csv", "path": os.path.join(run.input_dir, "b.csv"), "bytes": 3},
                      {"name": "a.txt", "path": os.path.join(run.input_dir, "a.txt"), "bytes": 1}],
            "sizes": [3, 1]})

    def test_settings_and_action_through_the_harness(self):
        run = self.run_tool("""
            from skriptoteket_toolkit import get_action_parts, read_settings
            def run_tool(i, o):
                return {"state": {"settings": read_settings(), "action": list(get_action_parts())}}
        """, memory={"settings": {"språk": "sv"}},
            action={"action_id": " nästa ", "input": {"n": 1}, "state": {"big": BIG}})
        self.assertSucceeded(run)
        self.assertEqual(run["state"], {"settings": {"språk": "sv"},
                                        "action": ["nästa", {"n": 1}, {"big": BIG}]})


class ReadInputsTests(unittest.TestCase):
    def test_missing_blank_invalid_or_not_an_object_gives_empty_dict(self):
        with env():
            self.assertEqual(tk.read_inputs(), {})
        for raw in ("", "   ", "{", "[1]", "null", '"x"', "1", "true", "[" * 100000):
            with self.subTest(raw=raw[:10]), env(SKRIPTOTEKET_INPUTS=raw):
                self.assertEqual(tk.read_inputs(), {})

    def test_object_is_returned_fresh_on_every_call(self):
        with env(SKRIPTOTEKET_INPUTS={"title": "Å", "n": 3, "ok": True}):
            first = tk.read_inputs()
            self.assertEqual(first, {"title": "Å", "n": 3, "ok": True})
            first["title"] = "ändrad"
            self.assertEqual(tk.read_inputs()["title"], "Å")


class ManifestTests(unittest.TestCase):
    def test_read_input_manifest_always_has_a_files_list(self):
        cases = [(None, {"files": []}), ("nej", {"files": []}), ([], {"files": []}),
                 ({"files": 5}, {"files": []}),
                 ({"files": {"a": 1}, "x": 1}, {"files": [], "x": 1}),
                 ({"files": [1, {"name": "a"}]}, {"files": [1, {"name": "a"}]})]
        for payload, expected in cases:
            with self.subTest(payload=payload):
                values = {} if payload is None else {"SKRIPTOTEKET_INPUT_MANIFEST": payload}
                with env(**values):
                    self.assertEqual(tk.read_input_manifest(), expected)

    def test_list_input_files_keeps_only_well_formed_entries(self):
        good = {"name": "a.csv", "path": "/work/input/a.csv", "bytes": 12}
        files = [good, 1, "a", None, [good],
                 {"name": "b", "path": "/work/input/b", "bytes": True},
                 {"name": "c", "path": "/work/input/c", "bytes": "3"},
                 {"name": "d", "path": "/work/input/d", "bytes": 3.0},
                 {"name": "e", "path": "/work/input/e"},
                 {"name": 5, "path": "/work/input/f", "bytes": 1},
                 {"name": "g", "path": None, "bytes": 1},
                 dict(good, name="h.txt", extra="släpps", bytes=0)]
        with env(SKRIPTOTEKET_INPUT_MANIFEST={"files": files}):
            self.assertEqual(tk.list_input_files(), [
                good, {"name": "h.txt", "path": "/work/input/a.csv", "bytes": 0}])
        for raw in ("", "{", '{"files": null}', "[]"):
            with self.subTest(raw=raw), env(SKRIPTOTEKET_INPUT_MANIFEST=raw):
                self.assertEqual(tk.list_input_files(), [])


class ActionTests(unittest.TestCase):
    def check(self, payload, expected):
        values = {} if payload is None else {"SKRIPTOTEKET_ACTION": payload}
        with env(**values):
            self.assertEqual(tk.read_action(), expected)
            parts = (None, {}, {}) if expected is None else (
                expected["action_id"], expected["input"], expected["state"])
            self.assertEqual(tk.get_action_parts(), parts)

    def test_not_an_action_run_or_malformed(self):
        for payload in (None, "", "{", "[]", '"x"', {}, {"action_id": None},
                        {"action_id": 3}, {"action_id": "   "}, {"input": {}, "state": {}}):
            with self.subTest(payload=payload):
                self.check(payload, None)

    def test_valid_action_is_stripped_and_normalized(self):
        self.check({"action_id": "  spara \n", "input": {"n": 1}, "state": {"big": BIG}},
                   {"action_id": "spara", "input": {"n": 1}, "state": {"big": BIG}})
        self.check({"action_id": "a", "input": [1], "state": "x"},
                   {"action_id": "a", "input": {}, "state": {}})
        self.check({"action_id": "a"}, {"action_id": "a", "input": {}, "state": {}})


class MemoryTests(unittest.TestCase):
    def with_memory(self, content):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        path = os.path.join(tmp.name, "memory.json")
        if content is not None:
            with open(path, "wb") as f:
                f.write(content)
        return env(SKRIPTOTEKET_MEMORY_PATH=path)

    def test_missing_unreadable_or_invalid_memory(self):
        with env():
            self.assertEqual((tk.read_memory(), tk.read_settings()), ({}, {}))
        with env(SKRIPTOTEKET_MEMORY_PATH="  "):
            self.assertEqual(tk.read_memory(), {})
        with env(SKRIPTOTEKET_MEMORY_PATH=RUNNER_DIR):  # a directory
            self.assertEqual(tk.read_memory(), {})
        for content in (None, b"", b"{", b"[1]", b"null", b"\xff\xfe{", b'"settings"'):
            with self.subTest(content=content), self.with_memory(content):
                self.assertEqual((tk.read_memory(), tk.read_settings()), ({}, {}))

    def test_settings_must_be_an_object(self):
        for memory, settings in (({"settings": {"a": 1}}, {"a": 1}), ({"settings": [1]}, {}),
                                 ({"settings": None}, {}), ({"other": 1}, {})):
            with self.subTest(memory=memory), self.with_memory(compact(memory).encode()):
                self.assertEqual(tk.read_memory(), memory)
                self.assertEqual(tk.read_settings(), settings)

    def test_utf8_with_bom(self):
        with self.with_memory('\ufeff{"settings": {"namn": "Åsa"}}'.encode()):
            self.assertEqual(tk.read_settings(), {"namn": "Åsa"})


class ModuleTests(unittest.TestCase):
    def test_import_is_cheap_and_type_names_exist(self):
        code = ("import sys; sys.path.insert(0, %r); import skriptoteket_toolkit as tk, "
                "tool_errors, pdf_helper; print(sorted(m for m in ('json', 'typing', 're', "
                "'weasyprint') if m in sys.modules)); from skriptoteket_toolkit import *; "
                "print(ManifestFile.__annotations__['bytes'].__name__, ActionPayload.__name__,"
                " JsonValue is tk.JsonValue)" % RUNNER_DIR)
        out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=30)
        self.assertEqual(out.stdout, "[]\nint ActionPayload True\n", out.stderr)
        with self.assertRaises(AttributeError):
            tk.finns_inte  # noqa: B018


class ToolUserErrorTests(unittest.TestCase):
    def test_message_is_stripped_and_kept_as_safe_message(self):
        error = ToolUserError("  Filen saknas.\n")
        self.assertIsInstance(error, Exception)
        self.assertEqual((error.safe_message, str(error), error.args), (
            "Filen saknas.", "Filen saknas.", ("Filen saknas.",)))

    def test_blank_none_and_non_string_messages(self):
        for message, expected in (("", "Ett fel inträffade."), ("  \t", "Ett fel inträffade."),
                                  (None, "Ett fel inträffade."), (42, "42")):
            with self.subTest(message=message):
                self.assertEqual(ToolUserError(message).safe_message, expected)
        self.assertEqual(ToolUserError().safe_message, "Ett fel inträffade.")

    def test_pickles(self):
        copy = pickle.loads(pickle.dumps(ToolUserError(" Fel. ")))
        self.assertEqual((type(copy), copy.safe_message), (ToolUserError, "Fel."))


if __name__ == "__main__":
    unittest.main()
