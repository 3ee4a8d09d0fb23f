"""Runs a bank tool's own checks (its bank_test.py) on what the tool produced in the real sandbox.

    python3 bank_check.py plan  <tool folder>                      -> the steps to run, as JSON
    python3 bank_check.py check <tool folder> <step> <run folder>  -> exit 0, or 1 with the reason

The test driver (server/src/bank/script-bank.int.test.ts) runs each step of the plan in the sandbox and then
asks this script to check result.json and the files in output/. Checks open the files (DOCX, XLSX, PDF)
with the same Debian libraries the tools use.
"""

import importlib.util
import json
import os
import sys


def load(folder):
    spec = importlib.util.spec_from_file_location("bank_test", os.path.join(folder, "bank_test.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv):
    command, folder = argv[1], argv[2]
    module = load(folder)
    if command == "plan":
        print(json.dumps(module.STEPS, ensure_ascii=False))
        return 0
    step, run_dir = int(argv[3]), argv[4]
    with open(os.path.join(run_dir, "result.json"), encoding="utf-8") as handle:
        result = json.load(handle)
    try:
        module.check(step, result, os.path.join(run_dir, "output"))
    except AssertionError as error:
        print(f"step {step}: {error or 'a check failed'}", file=sys.stderr)
        print(json.dumps(result, ensure_ascii=False)[:4000], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
