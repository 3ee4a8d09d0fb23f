"""Skriptoteket in-sandbox harness (tool contract v2).

Started as ``/usr/bin/python3 /runner/harness.py``. Imports the tool script as module
``tool_script``, calls its entrypoint positionally with (input_dir, output_dir) and
writes ``result.json`` (atomically, also when the tool failed). Every path comes from
the SKRIPTOTEKET_* environment variables, so the harness runs outside a sandbox too.

Latency matters: only modules that the interpreter has already loaded at start-up are
imported here (no json, no re). result.json is written by a small encoder whose
output equals ``json.dumps(value, ensure_ascii=False, allow_nan=False,
separators=(",", ":"))`` for the sanitized values it is given.
"""

import os
import stat
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
_FROZEN_PREFIX = "<frozen importlib"
_MAX_DEPTH = 64  # containers deeper than this become null (the host stores depth 10)

# References taken before the tool runs, so a tool that patches modules cannot break us.
_environ_get = os.environ.get
_open, _write, _close, _replace, _unlink = os.open, os.write, os.close, os.replace, os.unlink
_listdir, _lstat, _dup, _exit, _getpid = os.listdir, os.lstat, os.dup, os._exit, os.getpid
_S_ISDIR, _S_ISREG = stat.S_ISDIR, stat.S_ISREG
_float_repr, _int_repr, _str_str = float.__repr__, int.__repr__, str.__str__
_dict_items, _list_iter = dict.items, list.__iter__
_NAN_INF = (float("inf"), float("-inf"))

_ESCAPES = {i: "\\u%04x" % i for i in range(0x20)}
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t",
                 0x08: "\\b", 0x0C: "\\f"})

try:
    _ERR_FD = _dup(2)  # private copy: survives a tool that closes or redirects stderr
except OSError:
    _ERR_FD = 2


def _flush_std():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:
            pass


def _err(text):
    _flush_std()  # the tool's own output comes first
    data = text.encode("utf-8", "backslashreplace")
    try:
        while data:
            data = data[_write(_ERR_FD, data):]
    except OSError:
        pass


# --- JSON safety -------------------------------------------------------------------

def _to_str(obj):
    try:
        return str(obj)
    except BaseException:
        return "<unprintable %s>" % type(obj).__name__


def _sort_key(v):
    if v is None:
        return (0, 0)
    if type(v) in (bool, int, float):
        return (1, v)
    if type(v) is str:
        return (2, v)
    return (3, _dump(v))


def _safe(v, depth=0, path=()):
    """Return a JSON-safe copy of v (contract §2)."""
    t = type(v)
    if v is None or t is bool or t is str or t is int:
        return v
    if t is float:
        return None if v != v or v in _NAN_INF else v
    if isinstance(v, str):
        return _str_str(v)
    if isinstance(v, int):
        return int.__int__(v)  # exact int (IntEnum, ...); bool was handled above
    if isinstance(v, float):
        return _safe(float.__float__(v))  # exact float (numpy.float64, ...)
    if isinstance(v, (dict, list, tuple, set, frozenset)):
        if depth >= _MAX_DEPTH or id(v) in path:
            return None  # too deep or a cycle
        path = path + (id(v),)
        if isinstance(v, dict):
            return {(k if type(k) is str else _str_str(k)): _safe(x, depth + 1, path)
                    for k, x in list(_dict_items(v)) if isinstance(k, str)}
        items = _list_iter(v) if isinstance(v, list) else iter(v)
        out = [_safe(x, depth + 1, path) for x in items]
        if isinstance(v, (set, frozenset)):
            try:
                out.sort()
            except TypeError:
                out.sort(key=_sort_key)
        return out
    return _to_str(v)


def _quote(s):
    if '"' not in s and "\\" not in s and s.isprintable():
        return '"' + s + '"'
    return '"' + s.translate(_ESCAPES) + '"'


def _dump(v):
    """Encode a value produced by _safe (compact JSON, non-ASCII kept)."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    t = type(v)
    if t is str:
        return _quote(v)
    if t is int:
        return _int_repr(v)
    if t is float:
        return _float_repr(v)
    if t is list:
        return "[" + ",".join([_dump(x) for x in v]) + "]"
    return "{" + ",".join([_quote(k) + ":" + _dump(x) for k, x in v.items()]) + "}"


def _to_utf8(text):
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. undecodable file names) -> U+FFFD
        fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return fixed.encode("utf-8")


# --- the run -----------------------------------------------------------------------

def _interpret(value):
    """Map the entrypoint's return value to (outputs, next_actions, state)."""
    if isinstance(value, str):
        return ([{"kind": "html_sandboxed", "html": _str_str(value)}] if value else []), [], None
    if isinstance(value, dict):
        def objects(raw):
            if not isinstance(raw, list):
                return []
            return [_safe(item) for item in list(_list_iter(raw)) if isinstance(item, dict)]

        state = dict.get(value, "state")
        state = _safe(state) if isinstance(state, dict) else None
        return objects(dict.get(value, "outputs")), objects(dict.get(value, "next_actions")), state
    if type(value).__name__ == "coroutine" and hasattr(value, "close"):
        value.close()  # avoid a "never awaited" warning; async entrypoints are not supported
        raise TypeError("The entrypoint is async; it must be a plain (synchronous) function.")
    raise TypeError("The entrypoint returned %s; expected str (HTML) or dict."
                    % type(value).__name__)


def _is_user_error(exc, user_error_class):
    if isinstance(exc, user_error_class):
        return True
    return any(c.__name__ == "ToolUserError" and c.__module__ == "tool_errors"
               for c in type(exc).__mro__)  # survives importlib.reload(tool_errors)


def _user_message(exc):
    try:
        message = getattr(exc, "safe_message", None)
        if not isinstance(message, str):
            message = str(exc)
        return _str_str(message).strip() or "Ett fel inträffade."
    except BaseException:
        return "Ett fel inträffade."


def _report(exc):
    """Message and traceback (without harness/importlib frames) to stderr only."""
    tb = exc.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename == __file__
                              or tb.tb_frame.f_code.co_filename.startswith(_FROZEN_PREFIX)):
        tb = tb.tb_next
    try:
        import traceback
        text = "".join(traceback.format_exception(type(exc), exc, tb))
    except BaseException:
        text = "%s: %s\n" % (type(exc).__name__, _to_str(exc))
    _err(text)


def _load_script(path):
    from importlib.machinery import SourceFileLoader
    from importlib.util import module_from_spec, spec_from_file_location

    loader = SourceFileLoader("tool_script", path)
    spec = spec_from_file_location("tool_script", path, loader=loader)
    module = module_from_spec(spec)
    sys.modules["tool_script"] = module  # dataclasses, pickle and typing look it up here
    loader.exec_module(module)
    return module


def _list_artifacts(root):
    """Regular files under root, recursively, without following symlinks."""
    found = []
    try:
        if not _S_ISDIR(_lstat(root).st_mode):
            return found
    except OSError:
        return found
    stack = [("", root)]
    while stack:
        rel, directory = stack.pop()
        try:
            names = _listdir(directory)
        except OSError:
            continue
        for name in names:
            full = directory + "/" + name
            try:
                st = _lstat(full)
            except OSError:
                continue
            if _S_ISDIR(st.st_mode):
                stack.append((rel + name + "/", full))
            elif _S_ISREG(st.st_mode):
                found.append({"path": "output/" + rel + name, "bytes": st.st_size})
    found.sort(key=lambda a: a["path"])
    return found


def _write_result(path, data):
    """Write data to path atomically (temp file + rename), else directly."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    tmp = "%s.%d.tmp" % (path, _getpid())
    for target in (tmp, path):
        try:
            fd = _open(target, flags, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[_write(fd, view):]
            finally:
                _close(fd)
            if target == tmp:
                _replace(tmp, path)
            return True
        except OSError as exc:
            if target == tmp:
                try:
                    _unlink(tmp)
                except OSError:
                    pass
            else:
                _err("harness: could not write %s: %s\n" % (path, exc))
    return False


def main():
    if sys.path[:1] != [_HERE]:
        sys.path[:] = [_HERE] + [p for p in sys.path if p != _HERE]
    sys.dont_write_bytecode = True  # never write __pycache__ into /work
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)  # integers of any size must round-trip (contract §2)
    from tool_errors import ToolUserError  # the same class object the tool imports

    def env(name, default):
        return _environ_get(name, "").strip() or default

    script_path = env("SKRIPTOTEKET_SCRIPT_PATH", "/work/script.py")
    entrypoint = env("SKRIPTOTEKET_ENTRYPOINT", "run_tool")
    input_dir = env("SKRIPTOTEKET_INPUT_DIR", "/work/input")
    output_dir = env("SKRIPTOTEKET_OUTPUT_DIR", "/work/output")
    result_path = os.path.abspath(env("SKRIPTOTEKET_RESULT_PATH", "/work/result.json"))
    output_abs = os.path.abspath(output_dir)  # before the tool can chdir
    recursion_limit = sys.getrecursionlimit()

    status, error_summary, outputs, next_actions, state = "failed", None, [], [], None
    try:
        try:
            os.makedirs(output_abs, exist_ok=True)
        except OSError:
            pass
        module = _load_script(os.path.abspath(script_path))
        function = getattr(module, entrypoint, None)
        if function is None or not callable(function):
            raise RuntimeError("Entrypoint %r not found in the tool script (expected a function "
                               "named %s)." % (entrypoint, entrypoint))
        value = function(input_dir, output_dir)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), recursion_limit, 1000))
        outputs, next_actions, state = _interpret(value)
        status = "succeeded"
    except BaseException as exc:
        outputs, next_actions, state = [], [], None
        if _is_user_error(exc, ToolUserError):
            error_summary = _user_message(exc)
        else:
            error_summary = "Tool execution failed (%s)." % type(exc).__name__
        _report(exc)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), recursion_limit, 1000))
    payload = {"contract_version": 2, "status": status, "error_summary": error_summary,
               "outputs": outputs, "next_actions": next_actions, "state": state,
               "artifacts": _list_artifacts(output_abs)}
    try:
        data = _to_utf8(_dump(payload))
    except BaseException as exc:  # e.g. MemoryError while encoding a huge result
        _err("harness: could not encode the result: %r\n" % (exc,))
        payload.update(status="failed", outputs=[], next_actions=[], state=None,
                       error_summary="Tool execution failed (%s)." % type(exc).__name__)
        data = _to_utf8(_dump(payload))
    ok = _write_result(result_path, data)
    _flush_std()
    # Exit at once: a tool's leftover non-daemon threads or atexit hooks must neither
    # hang the run after result.json exists nor change the exit code.
    _exit(0 if ok else 1)


if __name__ == "__main__":
    main()
