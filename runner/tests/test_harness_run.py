"""The harness (_harness.py): calling the entrypoint and the status/error_summary rows it owns."""

import os
import unittest

from support import HarnessTestCase

GENERIC = "Tool execution failed (%s)."


class EntrypointTests(HarnessTestCase):
    def test_example1_string_return_gets_the_two_directories(self):
        run = self.run_tool('def run_tool(i, o): return f"{i}|{o}"\n')
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"], [{"kind": "html_sandboxed",
                                           "html": run.input_dir + "|" + run.output_dir}])
        self.assertEqual((run["next_actions"], run["state"], run["artifacts"]), ([], None, []))

    def test_called_positionally_with_two_strings(self):
        run = self.run_tool("""
            def run_tool(*args, **kwargs):
                return repr((args, kwargs, [type(a).__name__ for a in args]))
        """)
        self.assertSucceeded(run)
        expected = repr(((run.input_dir, run.output_dir), {}, ["str", "str"]))
        self.assertEqual(run["outputs"][0]["html"], expected)

    def test_example2_configured_entrypoint_main(self):
        run = self.run_tool("def main(i, o):\n    return 'från main'\n", entrypoint="main")
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"], [{"kind": "html_sandboxed", "html": "från main"}])

    def test_example2_missing_entrypoint_is_a_runtime_error_named_on_stderr(self):
        run = self.run_tool("def main(i, o):\n    return 'x'\n", entrypoint="run_tool")
        self.assertFailed(run, GENERIC % "RuntimeError")
        self.assertIn("RuntimeError", run.stderr)
        self.assertIn("'run_tool'", run.stderr)
        self.assertNotIn("run_tool", run.raw.decode())

    def test_entrypoint_that_is_not_callable(self):
        run = self.run_tool("run_tool = 'not a function'\n")
        self.assertFailed(run, GENERIC % "RuntimeError")
        self.assertIn("'run_tool'", run.stderr)

    def test_blank_entrypoint_variable_means_run_tool(self):
        run = self.run_tool("def run_tool(i, o): return 'ok'\n", entrypoint="  ")
        self.assertSucceeded(run)

    def test_module_name_is_tool_script_and_main_block_does_not_run(self):
        run = self.run_tool("""
            import sys
            if __name__ == "__main__":
                raise SystemExit("the __main__ block ran")
            def run_tool(i, o):
                return __name__ + "|" + str(sys.modules["tool_script"].run_tool is run_tool)
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], "tool_script|True")

    def test_runner_directory_is_first_on_sys_path(self):
        run = self.run_tool("""
            import sys
            def run_tool(i, o):
                return sys.path[0]
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))

    def test_dataclasses_work_in_the_tool_module(self):
        run = self.run_tool("""
            from dataclasses import dataclass
            @dataclass
            class Row:
                name: str
            def run_tool(i, o):
                return Row("Å").name
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], "Å")

    def test_stdout_and_stderr_of_the_tool_are_passed_through(self):
        run = self.run_tool("""
            import sys
            print("vid import")
            def run_tool(i, o):
                print("i verktyget")
                print("varning", file=sys.stderr)
                return ""
        """)
        self.assertSucceeded(run)
        self.assertEqual(run.stdout, "vid import\ni verktyget\n")
        self.assertEqual(run.stderr, "varning\n")


class UserErrorTests(HarnessTestCase):
    def test_example3_tool_user_error_message_is_stripped(self):
        run = self.run_tool("""
            from tool_errors import ToolUserError
            def run_tool(i, o):
                raise ToolUserError("  Filen saknas.  ")
        """)
        self.assertFailed(run, "Filen saknas.")

    def test_blank_message_becomes_the_default(self):
        run = self.run_tool("""
            from tool_errors import ToolUserError
            def run_tool(i, o):
                raise ToolUserError(" \\n ")
        """)
        self.assertFailed(run, "Ett fel inträffade.")

    def test_safe_message_changed_after_construction_is_stripped_again(self):
        run = self.run_tool("""
            from tool_errors import ToolUserError
            def run_tool(i, o):
                error = ToolUserError("x")
                error.safe_message = "  Ändrat.  "
                raise error
        """)
        self.assertFailed(run, "Ändrat.")

    def test_subclass_and_raise_at_import_time(self):
        run = self.run_tool("""
            from tool_errors import ToolUserError
            class SaknadKolumn(ToolUserError):
                pass
            raise SaknadKolumn("Kolumnen 'namn' saknas.")
        """)
        self.assertFailed(run, "Kolumnen 'namn' saknas.")

    def test_outputs_returned_earlier_are_not_kept(self):
        run = self.run_tool("""
            from tool_errors import ToolUserError
            def run_tool(i, o):
                try:
                    return {"outputs": [{"kind": "notice", "level": "info", "message": "x"}]}
                finally:
                    raise ToolUserError("Stopp.")
        """)
        self.assertFailed(run, "Stopp.")


class FailureTests(HarnessTestCase):
    def test_example4_other_exception_message_only_on_stderr(self):
        run = self.run_tool("""
            def run_tool(i, o):
                raise ValueError("secret")
        """)
        self.assertFailed(run, GENERIC % "ValueError")
        self.assertNotIn(b"secret", run.raw)
        self.assertNotIn("secret", run.stdout)
        self.assertIn("Traceback (most recent call last)", run.stderr)
        self.assertIn('raise ValueError("secret")', run.stderr)
        self.assertIn("ValueError: secret", run.stderr)
        self.assertNotIn("harness.py", run.stderr)  # only the tool's own frames

    def test_import_error(self):
        run = self.run_tool("import modul_som_inte_finns\ndef run_tool(i, o): return ''\n")
        self.assertFailed(run, GENERIC % "ModuleNotFoundError")
        self.assertIn("modul_som_inte_finns", run.stderr)

    def test_source_that_does_not_compile(self):
        run = self.run_tool("def run_tool(i, o)\n    return ''\n")
        self.assertFailed(run, GENERIC % "SyntaxError")

    def test_system_exit_in_the_entrypoint_and_at_import(self):
        for source in ("import sys\ndef run_tool(i, o):\n    sys.exit(0)\n",
                       "import sys\nsys.exit('bye')\n"):
            with self.subTest(source=source):
                self.assertFailed(self.run_tool(source), GENERIC % "SystemExit")

    def test_keyboard_interrupt(self):
        run = self.run_tool("def run_tool(i, o):\n    raise KeyboardInterrupt\n")
        self.assertFailed(run, GENERIC % "KeyboardInterrupt")

    def test_wrong_return_types_are_type_errors(self):
        for value in ("42", "None", "['<p>x</p>']", "b'<p>x</p>'", "(lambda: 1)"):
            with self.subTest(value=value):
                run = self.run_tool("def run_tool(i, o):\n    return %s\n" % value)
                self.assertFailed(run, GENERIC % "TypeError")
                self.assertIn("expected str (HTML) or dict", run.stderr)

    def test_coroutine_return_is_a_type_error_without_never_awaited_warning(self):
        run = self.run_tool("async def run_tool(i, o):\n    return 'x'\n")
        self.assertFailed(run, GENERIC % "TypeError")
        self.assertIn("async", run.stderr)
        self.assertNotIn("never awaited", run.stderr)

    def test_example8_partial_output_is_kept_after_a_failure(self):
        run = self.run_tool("""
            import os
            def run_tool(i, o):
                with open(os.path.join(o, "partial.txt"), "w") as f:
                    f.write("halvvägs")
                raise RuntimeError("krasch")
        """)
        self.assertFailed(run, GENERIC % "RuntimeError")
        self.assertEqual(run["artifacts"], [{"path": "output/partial.txt", "bytes": 9}])
        with open(os.path.join(run.output_dir, "partial.txt"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "halvvägs")


class RobustnessTests(HarnessTestCase):
    def test_result_json_replaces_a_stale_file_and_leaves_no_temp_file(self):
        run = self.run_tool("""
            def run_tool(i, o):
                return "ok"
        """)
        self.assertSucceeded(run)
        self.assertEqual(sorted(os.listdir(run.work)),
                         ["input", "memory.json", "output", "result.json", "script.py"])

    def test_tool_that_closes_stdio_and_changes_directory(self):
        run = self.run_tool("""
            import os, sys
            def run_tool(i, o):
                open(os.path.join(o, "f.txt"), "w").write("abc")
                os.chdir("/")
                sys.stdout.close()
                sys.stderr.close()
                sys.stdout = sys.stderr = None
                raise ValueError("efter stängning")
        """, relative_paths=True)
        self.assertFailed(run, GENERIC % "ValueError")
        self.assertIn("ValueError: efter stängning", run.stderr)
        self.assertEqual(run["artifacts"], [{"path": "output/f.txt", "bytes": 3}])

    def test_tool_that_monkeypatches_json_and_os(self):
        run = self.run_tool("""
            import json, os
            def run_tool(i, o):
                json.dumps = lambda *a, **k: "trasig"
                json.JSONEncoder.encode = lambda self, o: "trasig"
                json.JSONEncoder = None
                os.replace = os.listdir = os.lstat = os.open = None
                return {"state": {"å": [1.5, None, True]}}
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["state"], {"å": [1.5, None, True]})

    def test_leftover_threads_and_atexit_hooks_do_not_hold_or_change_the_exit(self):
        run = self.run_tool("""
            import atexit, os, threading, time
            def run_tool(i, o):
                threading.Thread(target=time.sleep, args=(600,)).start()  # not a daemon
                atexit.register(os._exit, 7)
                return "klart"
        """, timeout=20)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], "klart")

    def test_tool_lowering_the_recursion_limit(self):
        run = self.run_tool("""
            import sys
            def run_tool(i, o):
                nested = []
                for _ in range(30):
                    nested = [nested]
                sys.setrecursionlimit(20)
                return {"state": {"n": nested}}
        """)
        self.assertSucceeded(run)
        expected = []
        for _ in range(30):
            expected = [expected]
        self.assertEqual(run["state"], {"n": expected})

    def test_output_dir_is_created_when_missing(self):
        run = self.run_tool("""
            import os
            def run_tool(i, o):
                return str(os.path.isdir(o))
        """, make_output=False)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], "True")

    def test_harness_imports_nothing_heavy(self):
        run = self.run_tool("""
            import sys
            def run_tool(i, o):
                heavy = ("json", "re", "traceback", "typing", "weasyprint")
                return ",".join(m for m in heavy if m in sys.modules) or "-"
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], "-")

    def test_limits_option_sets_soft_and_hard_limits_before_the_tool_loads(self):
        run = self.run_tool("""
            import resource
            LOADED = [resource.getrlimit(getattr(resource, "RLIMIT_" + n))
                      for n in ("AS", "CPU", "NPROC", "FSIZE", "NOFILE", "CORE")]
            def run_tool(i, o):
                return repr(LOADED)
        """, args=("--limits", "1073741824,30,4096,1048576,64"))
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"][0]["html"], repr([(1073741824,) * 2, (30, 30), (4096, 4096),
                                                          (1048576,) * 2, (64, 64), (0, 0)]))

    def test_limits_that_cannot_be_set_end_the_harness_before_the_tool_loads(self):
        for spec in ("1,2,3", "a,b,c,d,e", "1,2,3,4,-5"):
            run = self.run_tool("""
                import os
                open(os.path.join(os.environ["SKRIPTOTEKET_OUTPUT_DIR"], "loaded"), "w").close()
                def run_tool(i, o):
                    return "ran"
            """, args=("--limits", spec))
            self.assertEqual(run.returncode, 70, spec)
            self.assertIn("could not set the sandbox's limits", run.stderr)
            self.assertFalse(os.path.exists(os.path.join(run.output_dir, "loaded")), spec)
            self.assertIsNone(run.result, spec)


if __name__ == "__main__":
    unittest.main()
