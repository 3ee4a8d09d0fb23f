"""JSON safety for harness.py (tool contract v2, §2). Not a tool-facing API.

``safe(value)`` returns a JSON-safe copy: only str-keyed dicts, lists, str, int (any size),
finite float, bool and None. ``dump(safe_value)`` encodes it exactly like
``json.dumps(v, ensure_ascii=False, allow_nan=False, separators=(",", ":"))`` without
importing json (and with it re): that import alone costs ~4 ms, a third of a bare start.
Everything the code relies on is bound at import, before any tool code runs.
"""

MAX_DEPTH = 64  # containers nested deeper become null (the host keeps depth 10 anyway)

_float_repr, _int_repr, _str_str = float.__repr__, int.__repr__, str.__str__
_int_int, _float_float = int.__int__, float.__float__
_dict_items, _list_iter = dict.items, list.__iter__
_NAN_INF = (float("inf"), float("-inf"))
_CONSTANTS = {None: "null", True: "true", False: "false"}
_ESCAPES = {i: "\\u%04x" % i for i in range(0x20)}
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t",
                 0x08: "\\b", 0x0C: "\\f"})


def to_str(obj):
    try:
        return str(obj)
    except BaseException:
        return "<unprintable %s>" % type(obj).__name__


def _sort_key(v):  # for sets whose items are not mutually comparable
    if v is None:
        return (0, 0)
    if type(v) in (bool, int, float):
        return (1, v)
    return (2, v) if type(v) is str else (3, dump(v))


def safe(v, depth=0, path=()):
    """A JSON-safe copy of v: only str-keyed dicts, lists, str, int, finite float, bool, None."""
    t = type(v)
    if v is None or t is bool or t is str or t is int:
        return v
    if t is float:
        return None if v != v or v in _NAN_INF else v
    if isinstance(v, str):
        return _str_str(v)
    if isinstance(v, int):
        return _int_int(v)  # exact int (IntEnum, ...); bool was handled above
    if isinstance(v, float):
        return safe(_float_float(v))  # exact float (numpy.float64, ...)
    if not isinstance(v, (dict, list, tuple, set, frozenset)):
        return to_str(v)  # dates, paths, decimals, numpy ints, ...
    if depth >= MAX_DEPTH or id(v) in path:
        return None  # too deep, or a cycle
    path += (id(v),)
    if isinstance(v, dict):
        return {_str_str(k): safe(x, depth + 1, path)
                for k, x in list(_dict_items(v)) if isinstance(k, str)}
    out = [safe(x, depth + 1, path) for x in (_list_iter(v) if isinstance(v, list) else v)]
    if isinstance(v, (set, frozenset)):
        try:
            out.sort()
        except TypeError:
            out.sort(key=_sort_key)
    return out


def _quote(s):
    if '"' not in s and "\\" not in s and s.isprintable():
        return '"' + s + '"'
    return '"' + s.translate(_ESCAPES) + '"'


def dump(v):
    """Encode a value produced by safe() as compact JSON, non-ASCII kept."""
    t = type(v)
    if v is None or t is bool:
        return _CONSTANTS[v]
    if t is str:
        return _quote(v)
    if t is int:
        return _int_repr(v)
    if t is float:
        return _float_repr(v)
    if t is list:
        return "[" + ",".join([dump(x) for x in v]) + "]"
    return "{" + ",".join([_quote(k) + ":" + dump(x) for k, x in v.items()]) + "}"


def to_utf8(text):
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. undecodable file names) -> U+FFFD
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode()
