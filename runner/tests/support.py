"""Shared helpers: run harness.py as a subprocess against a temporary run directory."""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

RUNNER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HARNESS = os.path.join(RUNNER_DIR, "harness.py")
PYTHON = "/usr/bin/python3"  # Debian's runtime (the tool contract's interpreter)

if RUNNER_DIR not in sys.path:
    sys.path.insert(0, RUNNER_DIR)
sys.set_int_max_str_digits(0)  # results may hold integers of any size

RESULT_KEYS = {"contract_version", "status", "error_summary", "outputs", "next_actions",
               "state", "artifacts"}


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _reject_constant(name):
    raise AssertionError("result.json contains the non-JSON constant %s" % name)


class Run:
    """The outcome of one harness run."""

    def __init__(self, work, proc):
        self.work = work
        self.input_dir = os.path.join(work, "input")
        self.output_dir = os.path.join(work, "output")
        self.returncode = proc.returncode
        self.stdout = proc.stdout.decode("utf-8", "replace")
        self.stderr = proc.stderr.decode("utf-8", "replace")
        path = os.path.join(work, "result.json")
        self.raw = None
        self.result = None
        if os.path.exists(path):
            with open(path, "rb") as handle:
                self.raw = handle.read()
            self.result = json.loads(self.raw.decode("utf-8"), parse_constant=_reject_constant)

    def __getitem__(self, key):
        return self.result[key]


class HarnessTestCase(unittest.TestCase):
    maxDiff = None

    def run_tool(self, source, *, entrypoint="run_tool", inputs=None, manifest=None,
                 action=None, memory=None, input_files=(), env=None, relative_paths=False,
                 make_output=True, timeout=60, args=()):
        """Write a run directory like the host does, run the harness in it, parse result."""
        tmp = tempfile.TemporaryDirectory(prefix="harness-test-")
        self.addCleanup(tmp.cleanup)
        work = tmp.name
        os.mkdir(os.path.join(work, "input"))
        if make_output:
            os.mkdir(os.path.join(work, "output"))
        with open(os.path.join(work, "script.py"), "w", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(source))
        for name, data in input_files:
            with open(os.path.join(work, "input", name), "wb") as handle:
                handle.write(data)
        with open(os.path.join(work, "memory.json"), "w", encoding="utf-8") as handle:
            handle.write(compact(memory if memory is not None else {"settings": {}}))
        if manifest is None:
            manifest = {"files": [{"name": name, "path": os.path.join(work, "input", name),
                                   "bytes": len(data)} for name, data in input_files]}

        def place(name):
            return name if relative_paths else os.path.join(work, name)

        full_env = {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": os.path.join(work, "home"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
            "SKRIPTOTEKET_SCRIPT_PATH": place("script.py"),
            "SKRIPTOTEKET_ENTRYPOINT": entrypoint,
            "SKRIPTOTEKET_INPUT_DIR": place("input"),
            "SKRIPTOTEKET_OUTPUT_DIR": place("output"),
            "SKRIPTOTEKET_RESULT_PATH": place("result.json"),
            "SKRIPTOTEKET_MEMORY_PATH": place("memory.json"),
            "SKRIPTOTEKET_INPUTS": compact(inputs if inputs is not None else {}),
            "SKRIPTOTEKET_INPUT_MANIFEST": compact(manifest),
        }
        if action is not None:
            full_env["SKRIPTOTEKET_ACTION"] = compact(action)
        full_env.update(env or {})
        proc = subprocess.run([PYTHON, HARNESS, *args], cwd=work, env=full_env, capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=timeout)
        return Run(work, proc)

    def assertSucceeded(self, run):
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIsNotNone(run.result, "no result.json; stderr:\n" + run.stderr)
        self.assertEqual(set(run.result), RESULT_KEYS)
        self.assertEqual(run["contract_version"], 2)
        self.assertEqual((run["status"], run["error_summary"]), ("succeeded", None),
                         run.stderr)

    def assertFailed(self, run, error_summary):
        """Failed with exactly this summary, no outputs/actions/state, exit code 0."""
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIsNotNone(run.result, "no result.json; stderr:\n" + run.stderr)
        self.assertEqual(set(run.result), RESULT_KEYS)
        self.assertEqual(run["contract_version"], 2)
        self.assertEqual((run["status"], run["error_summary"]), ("failed", error_summary))
        self.assertEqual((run["outputs"], run["next_actions"], run["state"]), ([], [], None))

    def json_value(self, run):
        """The value of a run whose tool returned one json output."""
        self.assertSucceeded(run)
        self.assertEqual(len(run["outputs"]), 1, run.result)
        self.assertEqual(run["outputs"][0]["kind"], "json")
        return run["outputs"][0]["value"]
