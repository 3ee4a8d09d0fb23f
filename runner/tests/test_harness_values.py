"""The harness (_harness.py): interpreting the return value and making it JSON-safe (contract §2)."""

import json
import random
import unittest

import _harness_json
from support import HarnessTestCase

BIG = 2**256 + 1


def json_tool(expression, imports=""):
    """A tool returning one json output whose value is the given Python expression."""
    return "%s\ndef run_tool(i, o):\n    return {'outputs': [{'kind': 'json', 'value': %s}]}\n" % (
        imports, expression)


class ReturnValueTests(HarnessTestCase):
    def test_empty_string_gives_no_outputs(self):
        run = self.run_tool("def run_tool(i, o): return ''\n")
        self.assertSucceeded(run)
        self.assertEqual((run["outputs"], run["next_actions"], run["state"]), ([], [], None))

    def test_str_subclass_is_html(self):
        run = self.run_tool("class Markup(str):\n    pass\n"
                            "def run_tool(i, o): return Markup('<b>fet</b>')\n")
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"], [{"kind": "html_sandboxed", "html": "<b>fet</b>"}])

    def test_only_outputs_next_actions_and_state_are_read(self):
        run = self.run_tool("""
            def run_tool(i, o):
                return {"status": "failed", "error_summary": "nej", "contract_version": 9,
                        "artifacts": [{"path": "/etc/passwd", "bytes": 1}],
                        "outputs": [{"kind": "markdown", "markdown": "# Hej"}],
                        "next_actions": [{"action_id": "nästa", "label": "Nästa",
                                          "kind": "form", "fields": []}],
                        "state": {"steg": 2}}
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["outputs"], [{"kind": "markdown", "markdown": "# Hej"}])
        self.assertEqual(run["next_actions"], [{"action_id": "nästa", "label": "Nästa",
                                                "kind": "form", "fields": []}])
        self.assertEqual((run["state"], run["artifacts"]), ({"steg": 2}, []))

    def test_non_list_outputs_and_next_actions_become_empty(self):
        for value in ("{'kind': 'markdown', 'markdown': 'x'}", "'x'", "None",
                      "({'kind': 'markdown', 'markdown': 'x'},)"):
            with self.subTest(value=value):
                run = self.run_tool("def run_tool(i, o):\n    return {'outputs': %s, "
                                    "'next_actions': %s}\n" % (value, value))
                self.assertSucceeded(run)
                self.assertEqual((run["outputs"], run["next_actions"]), ([], []))

    def test_non_dict_items_are_dropped(self):
        run = self.run_tool("""
            def run_tool(i, o):
                items = [1, "x", None, ["kind"], {"kind": "notice", "level": "info",
                                                  "message": "kvar"}, (1, 2)]
                return {"outputs": items, "next_actions": items}
        """)
        self.assertSucceeded(run)
        kept = [{"kind": "notice", "level": "info", "message": "kvar"}]
        self.assertEqual((run["outputs"], run["next_actions"]), (kept, kept))

    def test_state_that_is_not_a_dict_becomes_null(self):
        for value, expected in (("[1, 2]", None), ("'s'", None), ("None", None), ("0", None),
                                ("{}", {}), ("{'a': (1,)}", {"a": [1]})):
            with self.subTest(value=value):
                run = self.run_tool("def run_tool(i, o):\n    return {'state': %s}\n" % value)
                self.assertSucceeded(run)
                self.assertEqual(run["state"], expected)
        run = self.run_tool("def run_tool(i, o):\n    return {}\n")
        self.assertEqual((run["outputs"], run["next_actions"], run["state"]), ([], [], None))


class JsonSafetyTests(HarnessTestCase):
    def test_example6_sets_tuples_and_non_string_keys(self):
        run = self.run_tool(json_tool('{"s": {3, 1, 2}, "t": (1, 2), 1: "x"}'))
        self.assertEqual(self.json_value(run), {"s": [1, 2, 3], "t": [1, 2]})

    def test_example12_big_integer_state_round_trips_exactly(self):
        source = """
            from skriptoteket_toolkit import get_action_parts
            def run_tool(i, o):
                action_id, _, state = get_action_parts()
                if action_id is None:
                    return {"state": {"n": 2**256 + 1, "neg": -(2**300)}}
                return {"state": {"seen": state["n"], "type": type(state["n"]).__name__,
                                  "ok": state["n"] == 2**256 + 1}}
        """
        first = self.run_tool(source)
        self.assertSucceeded(first)
        self.assertEqual(first["state"], {"n": BIG, "neg": -(2**300)})
        self.assertIn(str(BIG).encode(), first.raw)
        second = self.run_tool(source, action={"action_id": "nästa", "input": {},
                                               "state": first["state"]})
        self.assertSucceeded(second)
        self.assertEqual(second["state"], {"seen": BIG, "type": "int", "ok": True})

    def test_integers_beyond_the_default_digit_limit_stay_integers(self):
        run = self.run_tool(json_tool("10**5000 + 7"))
        self.assertEqual(self.json_value(run), 10**5000 + 7)

    def test_sets_frozensets_and_mixed_types_sort_deterministically(self):
        run = self.run_tool(json_tool(
            '{"nums": {10, 9, 100, 2.5}, "strs": frozenset({"b", "a", "Å"}), '
            '"mixed": {"a", 1, None, (2, 1), True and 3, 0.5}, "tuples": {(2, "b"), (1, "a")}}'))
        self.assertEqual(self.json_value(run), {
            "nums": [2.5, 9, 10, 100], "strs": ["a", "b", "Å"],
            "mixed": [None, 0.5, 1, 3, "a", [2, 1]], "tuples": [[1, "a"], [2, "b"]]})

    def test_non_string_keys_are_dropped_everywhere(self):
        run = self.run_tool(json_tool(
            '{"ok": {1: "a", None: "b", True: "c", (1, 2): "d", 1.5: "e", "kvar": "f"}}'))
        self.assertEqual(self.json_value(run), {"ok": {"kvar": "f"}})

    def test_nan_and_infinity_become_null(self):
        run = self.run_tool(json_tool(
            '{"nan": float("nan"), "inf": float("inf"), "list": [float("-inf"), 1.5, -0.0], '
            '"big": 1e308}'))
        self.assertEqual(self.json_value(run),
                         {"nan": None, "inf": None, "list": [None, 1.5, -0.0], "big": 1e308})
        for token in (b"NaN", b"Infinity"):
            self.assertNotIn(token, run.raw)

    def test_other_objects_become_their_str(self):
        run = self.run_tool(json_tool(
            '[datetime.date(2024, 1, 2), decimal.Decimal("1.50"), pathlib.PurePosixPath("/a/b"),'
            ' Tal(), Trasig(), range(2)]',
            imports="import datetime, decimal, pathlib\n"
                    "class Tal:\n    def __str__(self): return 'tal'\n"
                    "class Trasig:\n    def __str__(self): raise ValueError('nej')\n"))
        self.assertEqual(self.json_value(run), ["2024-01-02", "1.50", "/a/b", "tal",
                                                "<unprintable Trasig>", "range(0, 2)"])

    def test_subclasses_of_builtins_become_plain_values(self):
        run = self.run_tool(json_tool(
            '[Kind.A, Flt(2.5), Str("s"), True, False, collections.OrderedDict(b=1), '
            'collections.namedtuple("P", "x y")(1, 2)]',
            imports="import collections, enum\n"
                    "class Kind(enum.IntEnum):\n    A = 7\n"
                    "class Flt(float):\n    def __repr__(self): return 'Flt!'\n"
                    "class Str(str):\n    def __str__(self): return 'Str!'\n"))
        self.assertEqual(self.json_value(run), [7, 2.5, "s", True, False, {"b": 1}, [1, 2]])

    def test_non_ascii_is_not_escaped_and_control_characters_are(self):
        text = 'Å "citat" \\ ny\nrad\ttab \x00\x1f\x7f \u2028 😀'
        run = self.run_tool(json_tool(repr(text)))
        self.assertEqual(self.json_value(run), text)
        self.assertIn("Å".encode(), run.raw)
        self.assertIn("😀".encode(), run.raw)
        self.assertIn(b"\\u0000\\u001f", run.raw)

    def test_lone_surrogates_become_replacement_characters(self):
        run = self.run_tool(json_tool(r'{"namn": "fil\udcff.txt", "par": "\ud83d\ude00"}'))
        self.assertEqual(self.json_value(run), {"namn": "fil\ufffd.txt", "par": "😀"})

    def test_cycles_become_null_but_shared_values_do_not(self):
        run = self.run_tool("""
            def run_tool(i, o):
                loop, own, shared = [], {}, [1]
                loop.append(loop)
                own["self"] = own
                return {"state": {"loop": loop, "own": own, "a": shared, "b": shared}}
        """)
        self.assertSucceeded(run)
        self.assertEqual(run["state"], {"loop": [None], "own": {"self": None}, "a": [1],
                                        "b": [1]})

    def test_very_deep_nesting_is_cut_to_null(self):
        run = self.run_tool("""
            def run_tool(i, o):
                deep = []
                for _ in range(5000):
                    deep = [deep]
                return {"state": {"deep": deep}}
        """)
        self.assertSucceeded(run)
        depth, value = 0, run["state"]["deep"]
        while isinstance(value, list):
            depth, value = depth + 1, value[0]
        self.assertEqual((depth, value), (_harness_json.MAX_DEPTH - 1, None))


class EncoderTests(unittest.TestCase):
    """_harness_json.dump must produce exactly what json.dumps produces for safe values."""

    def reference(self, value):
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    def test_matches_json_dumps(self):
        values = [None, True, False, 0, -1, BIG, -(2**70), 0.1, -0.0, 1e100, 1.5e-10, 1e16,
                  "", "Å\u2028\x7f\"\\\b\f\n\r\t\x01", [], {}, [[{}]], {"a": [1, {"b": None}]},
                  {"\n": "\x00", "ü": ["😀"]}]
        for value in values:
            with self.subTest(value=value):
                self.assertEqual(_harness_json.dump(value), self.reference(value))

    def test_matches_json_dumps_for_every_character_below_0x3000(self):
        chars = [chr(c) for c in range(0x3000) if not 0xD800 <= c <= 0xDFFF]
        text = "".join(chars)
        self.assertEqual(_harness_json.dump(text), self.reference(text))
        rng = random.Random(7)
        for _ in range(200):
            s = "".join(rng.choice(chars) for _ in range(rng.randrange(12)))
            self.assertEqual(_harness_json.dump({s: [s]}), self.reference({s: [s]}))

    def test_safe_then_dump_is_valid_json(self):
        value = {"s": {3, 1}, 2: "x", "f": float("nan"), "t": (1, (2,)), "o": object}
        text = _harness_json.dump(_harness_json.safe(value))
        self.assertEqual(json.loads(text), {"s": [1, 3], "f": None, "t": [1, [2]],
                                            "o": "<class 'object'>"})


if __name__ == "__main__":
    unittest.main()
