"""Skriptoteket in-sandbox harness (tool contract v2), started as ``/usr/bin/python3 /runner/harness.py``.

Imports the tool script as module ``tool_script``, calls its entrypoint positionally with
(input_dir, output_dir) and writes result.json atomically, also when the tool failed. All
paths come from the SKRIPTOTEKET_* environment variables, so it runs outside a sandbox too.
Latency matters, so nothing that a bare interpreter has not loaded already is imported
(no json, no re; see _harness_json), and this module is imported by the small harness.py,
so that its compiled form is used (a script run as __main__ is compiled at every start).
"""

import os
import stat
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [_HERE] + [p for p in sys.path if p != _HERE]  # tools import our helpers

from _harness_json import dump, safe, to_str, to_utf8  # noqa: E402

_DEFAULT_USER_MESSAGE = "Ett fel inträffade."

# Taken before the tool runs, so a tool that monkeypatches these modules cannot break us.
_environ_get = os.environ.get
_open, _write, _close, _replace, _unlink = os.open, os.write, os.close, os.replace, os.unlink
_listdir, _lstat, _dup, _exit, _getpid = os.listdir, os.lstat, os.dup, os._exit, os.getpid
_S_ISDIR, _S_ISREG = stat.S_ISDIR, stat.S_ISREG
_str_str, _list_iter = str.__str__, list.__iter__

try:
    _ERR_FD = _dup(2)  # a private copy survives a tool that closes or redirects stderr
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


# --- the run -----------------------------------------------------------------------

def _interpret(value):
    """The entrypoint's return value -> (outputs, next_actions, state)."""
    if isinstance(value, str):
        return ([{"kind": "html_sandboxed", "html": _str_str(value)}] if value else []), [], None
    if isinstance(value, dict):
        def objects(raw):
            raw = list(_list_iter(raw)) if isinstance(raw, list) else []
            return [safe(item) for item in raw if isinstance(item, dict)]

        state = dict.get(value, "state")
        state = safe(state) if isinstance(state, dict) else None
        return objects(dict.get(value, "outputs")), objects(dict.get(value, "next_actions")), state
    if type(value).__name__ == "coroutine" and hasattr(value, "close"):
        value.close()  # no "never awaited" warning
        raise TypeError("The entrypoint is async; it must be a plain (synchronous) function.")
    raise TypeError("The entrypoint returned %s; expected str (HTML) or dict."
                    % type(value).__name__)


def _error_summary(exc, user_error_class):
    """The user-visible error of a failed run (contract §2, status table)."""
    if not isinstance(exc, user_error_class):
        return "Tool execution failed (%s)." % type(exc).__name__
    try:
        message = getattr(exc, "safe_message", None)
        message = message if isinstance(message, str) else str(exc)
        return _str_str(message).strip() or _DEFAULT_USER_MESSAGE
    except BaseException:
        return _DEFAULT_USER_MESSAGE


def _report(exc):
    """Message and traceback, without harness and importlib frames, to stderr only."""
    tb = exc.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename == __file__
                              or tb.tb_frame.f_code.co_filename.startswith("<frozen ")):
        tb = tb.tb_next
    try:
        import traceback
        text = "".join(traceback.format_exception(type(exc), exc, tb))
    except BaseException:
        text = "%s: %s\n" % (type(exc).__name__, to_str(exc))
    _err(text)


def _load_script(path):
    # What importlib.util re-exports, without its own imports (contextlib, collections: ~5 ms per run).
    from importlib._bootstrap import module_from_spec
    from importlib._bootstrap_external import SourceFileLoader, spec_from_file_location

    loader = SourceFileLoader("tool_script", path)
    module = module_from_spec(spec_from_file_location("tool_script", path, loader=loader))
    sys.modules["tool_script"] = module  # dataclasses, pickle and typing look it up here
    loader.exec_module(module)
    return module


def _list_artifacts(root):
    """Regular files under root, recursively, sorted; symlinks are never followed."""
    found, stack = [], [("", root)]
    try:
        if not _S_ISDIR(_lstat(root).st_mode):
            return found
    except OSError:
        return found
    while stack:
        rel, directory = stack.pop()
        try:
            names = _listdir(directory)
        except OSError:
            continue
        for name in names:
            try:
                st = _lstat(directory + "/" + name)
            except OSError:
                continue
            if _S_ISDIR(st.st_mode):
                stack.append((rel + name + "/", directory + "/" + name))
            elif _S_ISREG(st.st_mode):
                found.append({"path": "output/" + rel + name, "bytes": st.st_size})
    found.sort(key=lambda a: a["path"])
    return found


def _write_file(path, data):
    fd = _open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[_write(fd, view):]
    finally:
        _close(fd)


def _write_result(path, data):
    """Temp file + rename; else a direct write (if only the file itself is writable)."""
    tmp = "%s.%d.tmp" % (path, _getpid())
    try:
        _write_file(tmp, data)
        _replace(tmp, path)
        return True
    except OSError:
        try:
            _unlink(tmp)
        except OSError:
            pass
    try:
        _write_file(path, data)
        return True
    except OSError as exc:
        _err("harness: could not write %s: %s\n" % (path, exc))
        return False


def main():
    sys.dont_write_bytecode = True  # never write __pycache__ into /work
    sys.set_int_max_str_digits(0)  # integers of any size must round-trip (contract §2)
    from tool_errors import ToolUserError  # the same class object that the tool imports

    def env(name, default):
        return _environ_get(name, "").strip() or default

    script_path = os.path.abspath(env("SKRIPTOTEKET_SCRIPT_PATH", "/work/script.py"))
    entrypoint = env("SKRIPTOTEKET_ENTRYPOINT", "run_tool")
    input_dir = env("SKRIPTOTEKET_INPUT_DIR", "/work/input")
    output_dir = env("SKRIPTOTEKET_OUTPUT_DIR", "/work/output")
    output_abs = os.path.abspath(output_dir)  # absolute before the tool can chdir
    result_path = os.path.abspath(env("SKRIPTOTEKET_RESULT_PATH", "/work/result.json"))
    recursion_limit = max(sys.getrecursionlimit(), 1000)

    status, error_summary, outputs, next_actions, state = "failed", None, [], [], None
    try:
        try:
            os.makedirs(output_abs, exist_ok=True)
        except OSError:
            pass
        function = getattr(_load_script(script_path), entrypoint, None)
        if function is None or not callable(function):
            raise RuntimeError("Entrypoint %r not found in the tool script (expected a "
                               "function named %s)." % (entrypoint, entrypoint))
        value = function(input_dir, output_dir)
        sys.setrecursionlimit(max(sys.getrecursionlimit(), recursion_limit))
        outputs, next_actions, state = _interpret(value)
        status = "succeeded"
    except BaseException as exc:
        outputs, next_actions, state = [], [], None
        error_summary = _error_summary(exc, ToolUserError)
        _report(exc)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), recursion_limit))
    payload = {"contract_version": 2, "status": status, "error_summary": error_summary,
               "outputs": outputs, "next_actions": next_actions, "state": state,
               "artifacts": _list_artifacts(output_abs)}
    try:
        data = to_utf8(dump(payload))
    except BaseException as exc:  # e.g. MemoryError on a huge result
        _err("harness: could not encode the result: %r\n" % (exc,))
        payload.update(status="failed", outputs=[], next_actions=[], state=None,
                       error_summary="Tool execution failed (%s)." % type(exc).__name__)
        data = to_utf8(dump(payload))
    ok = _write_result(result_path, data)
    _flush_std()
    # Exit at once: a tool's leftover non-daemon threads or atexit hooks must neither hold
    # the run open after result.json exists nor change the exit code.
    _exit(0 if ok else 1)


# --- pooled sandboxes ----------------------------------------------------------------

def _vm_bytes():
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _wait_for_run(preload):
    """A pooled sandbox: import `preload` (the tool is not charged for it), say so on fd 4, then wait
    for the one run this sandbox will ever get. The host writes it on stdin and closes it: the run's
    CPU and memory budgets and its SKRIPTOTEKET_* environment, applied here before any tool code
    runs, counted from now; fd 4 then says the run has begun. Empty stdin: the host drains
    the pool; exit without a run."""
    base_vm = _vm_bytes()
    devnull = _open("/dev/null", os.O_RDWR)
    saved = _dup(1), _dup(2)
    os.dup2(devnull, 1)  # import-time warnings are not the tool's output
    os.dup2(devnull, 2)
    for name in preload:
        try:
            __import__(name)
        except BaseException:
            pass  # not installed here: the tool imports it itself, as in a cold run
    # What the hand-over and main() import come before "ready" too: the run pays for none of it.
    import resource
    import importlib.machinery  # noqa: F401
    import tool_errors  # noqa: F401
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
    _close(saved[0])
    _close(saved[1])

    _write(4, b"ready\n")
    chunks = []
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.dup2(devnull, 0)  # the tool's stdin is empty, as in a cold run
    _close(devnull)
    if not chunks:
        _exit(0)
    # NUL-separated (no json import: its regular expressions cost every sandbox ~10 ms of CPU):
    # CPU seconds, memory bytes, the run's core, then NAME=value for each variable (no variable holds a NUL).
    fields = b"".join(chunks).decode("utf-8").split("\0")
    _pin(fields[2])  # chosen now, so that concurrent runs spread over the cores
    for field in fields[3:]:
        name, _, value = field.partition("=")
        if name.startswith("SKRIPTOTEKET_"):
            os.environ[name] = value
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(usage.ru_utime + usage.ru_stime) + 1 + int(fields[0])
    memory = int(fields[1]) + max(0, _vm_bytes() - base_vm)
    for which, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_AS, memory)):
        hard = resource.getrlimit(which)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))
    # The host learns that the run began here: a sandbox that ends before this line (killed from outside just
    # as it was taken) ran nothing, and the host runs the tool cold instead. fd 4 is closed before tool code.
    try:
        _write(4, b"started\n")
    except OSError:
        pass
    _close(4)


def _pin(cpu):
    """One core per run (contract §5): the host hands them out in turn; inherited by the tool's children."""
    try:
        os.sched_setaffinity(0, {int(cpu)})
    except (OSError, ValueError):
        pass  # not a core this process may use: it keeps the ones it has


# --- the run's limits --------------------------------------------------------------------

def _limit(spec):
    """The kernel limits of this sandbox, set first of all (before any tool code is loaded), soft = hard so that
    nothing in it can raise them: address space, CPU seconds, processes (of this uid), file size and open files as
    the host passed them, and no core files. They are inherited by every process the tool starts. A limit that
    cannot be set ends the sandbox here: no tool runs without its limits."""
    try:
        import resource
        values = [int(value) for value in spec.split(",")]
        if len(values) != 5 or min(values) < 0:
            raise ValueError("expected five limits, got %r" % spec)
        kinds = (resource.RLIMIT_AS, resource.RLIMIT_CPU, resource.RLIMIT_NPROC, resource.RLIMIT_FSIZE,
                 resource.RLIMIT_NOFILE, resource.RLIMIT_CORE)
        for which, value in zip(kinds, values + [0]):
            hard = resource.getrlimit(which)[1]
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, value))
    except BaseException as exc:
        _err("harness: could not set the sandbox's limits: %s\n" % (exc,))
        _exit(70)


# --- without the site module ------------------------------------------------------------

def _without_site(dirs):
    """What the site module would have done (the host started Python with -S and found these folders of its
    libraries): the folders on sys.path, and exit(), quit(), help() and friends. site itself costs every sandbox
    several milliseconds of CPU (it reads every .pth file and looks for customize modules); .pth files' import
    lines are not run."""
    for entry in dirs.split(":"):
        if entry and entry not in sys.path:
            sys.path.append(entry)
    import builtins
    import _sitebuiltins
    builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")
    builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
    builtins.copyright = _sitebuiltins._Printer("copyright", sys.copyright)
    builtins.credits = _sitebuiltins._Printer("credits", "Thanks to CWI, CNRI, BeOpen, Zope Corporation, the "
                                              "Python Software Foundation, and a cast of thousands for "
                                              "supporting Python development.")
    builtins.license = _sitebuiltins._Printer("license", "See https://www.python.org/psf/license/")
    builtins.help = _sitebuiltins._Helper()


def entry():
    """harness.py's only call: the command-line options the host passed, then the run."""
    _args = sys.argv[1:]
    del sys.argv[1:]  # the tool sees the argv of a plain `python3 harness.py`, whatever the host passed
    if len(_args) >= 2 and _args[0] == "--limits":
        _limit(_args[1])
        _args = _args[2:]
    if len(_args) >= 2 and _args[0] == "--site":
        _without_site(_args[1])
        _args = _args[2:]
    if len(_args) >= 2 and _args[0] == "--cpu":  # a cold run; a pooled one learns its core at the hand-over
        _pin(_args[1])
        _args = _args[2:]
    if len(_args) == 2 and _args[0] == "--pool":
        _wait_for_run([name for name in _args[1].split(",") if name])
    main()
