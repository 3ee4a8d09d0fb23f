"""The harness (_harness.py): listing output/ as artifacts and writing result.json."""

import os
import tempfile
import unittest

import _harness as harness
from support import HarnessTestCase


class ArtifactTests(HarnessTestCase):
    def test_example7_sorted_by_path_with_exact_sizes(self):
        run = self.run_tool("""
            import os
            def run_tool(i, o):
                for name, text in (("b.txt", "bb"), ("a/c.txt", "ccc"), ("a-b/x.txt", "å")):
                    os.makedirs(os.path.dirname(os.path.join(o, name)), exist_ok=True)
                    with open(os.path.join(o, name), "w", encoding="utf-8") as f:
                        f.write(text)
                return ""
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["artifacts"], [
            {"path": "output/a-b/x.txt", "bytes": 2},
            {"path": "output/a/c.txt", "bytes": 3},
            {"path": "output/b.txt", "bytes": 2},
        ])

    def test_deep_empty_and_unicode_paths(self):
        run = self.run_tool("""
            import os
            def run_tool(i, o):
                os.makedirs(os.path.join(o, "tom", "mapp"))
                os.makedirs(os.path.join(o, "d1", "d2", "d3"))
                open(os.path.join(o, "d1", "d2", "d3", "djup.bin"), "wb").write(bytes(1000))
                open(os.path.join(o, "åäö.txt"), "wb").close()
                return ""
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["artifacts"], [
            {"path": "output/d1/d2/d3/djup.bin", "bytes": 1000},
            {"path": "output/åäö.txt", "bytes": 0},
        ])

    def test_symlinks_and_special_files_are_not_listed_or_followed(self):
        outside = tempfile.TemporaryDirectory()
        self.addCleanup(outside.cleanup)
        with open(os.path.join(outside.name, "hemlig.txt"), "w") as f:
            f.write("hemligt")
        run = self.run_tool("""
            import os
            def run_tool(i, o):
                outside = %r
                os.symlink(os.path.join(outside, "hemlig.txt"), os.path.join(o, "fil-länk"))
                os.symlink(outside, os.path.join(o, "mapp-länk"))
                os.symlink("saknas", os.path.join(o, "trasig-länk"))
                os.mkfifo(os.path.join(o, "fifo"))
                open(os.path.join(o, "riktig.txt"), "w").write("ok")
                return ""
        """ % outside.name)
        self.assertSucceeded(run)  # rejecting these is the host's job
        self.assertEqual(run["artifacts"], [{"path": "output/riktig.txt", "bytes": 2}])

    def test_undecodable_file_name_still_gives_valid_json(self):
        run = self.run_tool("""
            import os
            def run_tool(i, o):
                open(os.fsencode(o) + b"/fil-\\xff.txt", "wb").write(b"x")
                return os.listdir(o)[0]
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["artifacts"], [{"path": "output/fil-\ufffd.txt", "bytes": 1}])
        self.assertEqual(run["outputs"][0]["html"], "fil-\ufffd.txt")

    def test_listing_ignores_a_missing_or_non_directory_root(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(harness._list_artifacts(os.path.join(tmp, "saknas")), [])
            os.symlink(tmp, os.path.join(tmp, "länk"))
            open(os.path.join(tmp, "f"), "w").close()
            self.assertEqual(harness._list_artifacts(os.path.join(tmp, "länk")), [])
            self.assertEqual(harness._list_artifacts(tmp), [{"path": "output/f", "bytes": 0}])


class ResultFileTests(unittest.TestCase):
    def test_atomic_write_replaces_the_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "result.json")
            with open(path, "w") as f:
                f.write("gammalt innehåll som är längre")
            self.assertTrue(harness._write_result(path, b'{"a":1}'))
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b'{"a":1}')
            self.assertEqual(os.listdir(tmp), ["result.json"])

    def test_falls_back_to_a_direct_write_when_no_temp_file_can_be_made(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "result.json")
            os.mkdir("%s.%d.tmp" % (path, os.getpid()))  # blocks the temp file
            self.assertTrue(harness._write_result(path, b'{"b":2}'))
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b'{"b":2}')

    def test_reports_failure_when_nothing_can_be_written(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "saknad-mapp", "result.json")
            read_fd, write_fd = os.pipe()
            saved, harness._ERR_FD = harness._ERR_FD, write_fd
            try:
                self.assertFalse(harness._write_result(path, b"{}"))
            finally:
                harness._ERR_FD = saved
                os.close(write_fd)
            with os.fdopen(read_fd, "rb") as pipe:
                self.assertIn(b"harness: could not write", pipe.read())

    def test_exit_code_is_1_when_result_json_cannot_be_written(self):
        import subprocess
        from support import HARNESS, PYTHON
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "script.py"), "w") as f:
                f.write("def run_tool(i, o): return 'x'\n")
            env = {"PATH": "/usr/bin:/bin", "SKRIPTOTEKET_SCRIPT_PATH": tmp + "/script.py",
                   "SKRIPTOTEKET_INPUT_DIR": tmp, "SKRIPTOTEKET_OUTPUT_DIR": tmp + "/output",
                   "SKRIPTOTEKET_RESULT_PATH": tmp + "/saknas/result.json"}
            proc = subprocess.run([PYTHON, HARNESS], env=env, capture_output=True, timeout=30)
            self.assertEqual(proc.returncode, 1)
            self.assertIn(b"could not write", proc.stderr)


if __name__ == "__main__":
    unittest.main()
