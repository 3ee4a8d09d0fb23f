/**
 * Runs inside the syntax checker's sandbox (never outside it): parses the source (never runs it), then reports
 * compile errors, pyflakes findings (Debian's python3-pyflakes), the entrypoint's shape, and uses of the network,
 * other programs and writes outside the output folder. Columns are 0-based characters. Prints one JSON line.
 */
export const DIAGNOSE_PROGRAM = String.raw`
import ast, json, sys

source = sys.stdin.buffer.read()
entrypoint = sys.argv[1] if len(sys.argv) > 1 else "run_tool"
LIMIT = 100
found = []
lines = source.decode("utf-8", "replace").splitlines()

def chars(line, offset):
    # AST columns count UTF-8 bytes of the line; people (and the editor) count characters.
    if line < 1 or line > len(lines) or offset is None or offset < 0:
        return 0
    return len(lines[line - 1].encode("utf-8")[:offset].decode("utf-8", "ignore"))

def add(code, severity, line, col, end_line=None, end_col=None, args=()):
    if len(found) < LIMIT:
        found.append({"code": code, "severity": severity, "line": line, "col": col,
                      "endLine": end_line, "endCol": end_col, "args": [str(a)[:200] for a in args]})

def at_node(code, severity, node, args=()):
    line = getattr(node, "lineno", 1) or 1
    end_line = getattr(node, "end_lineno", None)
    end = getattr(node, "end_col_offset", None)
    add(code, severity, line, chars(line, node.col_offset),
        end_line, chars(end_line, end) if end_line else None, args)

def syntax_column(e):
    if not e.text or not e.offset or e.offset < 1:
        return max((e.offset or 1) - 1, 0)
    try:
        import codecs, io, tokenize
        encoding = codecs.lookup(tokenize.detect_encoding(io.BytesIO(source).readline)[0]).name
        encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        return len(e.text.encode(encoding)[: e.offset - 1].decode(encoding, "ignore"))
    except Exception:
        return e.offset - 1

def report():
    found.sort(key=lambda d: (d["line"], d["col"]))
    sys.stdout.write(json.dumps({"diagnostics": found}))

try:
    tree = compile(source, "/work/script.py", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
except SyntaxError as e:
    add("syntax-error", "error", max(e.lineno or 1, 1), syntax_column(e), None, None, [e.msg])
    report()
    sys.exit(0)
except (RecursionError, MemoryError, ValueError) as e:
    add("too-complex", "error", 1, 0, None, None, [type(e).__name__])
    report()
    sys.exit(0)

try:
    sys.path.append("/usr/lib/python3/dist-packages")
    from pyflakes import checker as flakes
except Exception:
    flakes = None
    add("pyflakes-unavailable", "info", 1, 0)

def located(line, col, name):
    """The name's own range on its line at or after col, so the underline sits under the name."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    at = text.find(name, col) if name else -1
    return (at, at + len(name)) if at >= 0 else (col, None)

if flakes is not None:
    try:
        for m in sorted(flakes.Checker(tree, filename="/work/script.py").messages, key=lambda m: (m.lineno, m.col)):
            kind = type(m).__name__
            args = list(m.message_args)
            col, end = located(m.lineno, chars(m.lineno, m.col), str(args[0]).split(" as ")[-1] if args else None)
            add(kind, "error" if kind in ("UndefinedName", "UndefinedLocal", "UndefinedExport") else "warning",
                m.lineno, col, m.lineno if end is not None else None, end, args)
    except RecursionError:
        add("too-complex", "error", 1, 0, None, None, ["RecursionError"])

defined = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == entrypoint]
def binds(node):
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == entrypoint for t in node.targets)
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        return isinstance(node.target, ast.Name) and node.target.id == entrypoint
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return any((a.asname or a.name.split(".")[0]) == entrypoint for a in node.names)
    return False
if not defined and not any(binds(n) for n in tree.body):
    add("entrypoint-missing", "error", 1, 0, None, None, [entrypoint])
elif defined:
    fn = defined[-1]
    start, end = located(fn.lineno, chars(fn.lineno, fn.col_offset), entrypoint)
    a = fn.args
    positional = a.posonlyargs + a.args
    required = len(positional) - len(a.defaults)
    required_keywords = [k.arg for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is None]
    if isinstance(fn, ast.AsyncFunctionDef):
        add("entrypoint-async", "error", fn.lineno, start, fn.lineno, end, [entrypoint])
    elif required > 2 or (len(positional) < 2 and a.vararg is None) or required_keywords:
        add("entrypoint-signature", "error", fn.lineno, start, fn.lineno, end, [entrypoint])

NETWORK = ("socket", "ssl", "requests", "httpx", "aiohttp", "urllib3", "urllib.request", "http.client",
           "ftplib", "smtplib", "poplib", "imaplib", "telnetlib", "xmlrpc.client", "websocket", "websockets")
PROCESS_CALLS = ("system", "popen", "fork", "forkpty", "execl", "execle", "execlp", "execlpe", "execv",
                 "execve", "execvp", "execvpe", "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv",
                 "spawnve", "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp")
WRITABLE = ("/work/output/", "/tmp/")

def matches(name, modules):
    return any(name == m or name.startswith(m + ".") for m in modules)

def imported_names(node):
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.module and node.level == 0:
        return [node.module] + [node.module + "." + a.name for a in node.names]
    return []

def literal_str(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

for node in ast.walk(tree):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names = imported_names(node)
        net = next((n for n in names if matches(n, NETWORK)), None)
        if net:
            at_node("network", "warning", node, [net])
        elif any(matches(n, ("subprocess", "pty", "multiprocessing")) for n in names):
            at_node("subprocess", "warning", node, [names[0]])
    elif isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "os" and f.attr in PROCESS_CALLS:
            at_node("subprocess", "warning", node, ["os." + f.attr])
            continue
        is_open = (isinstance(f, ast.Name) and f.id == "open") or (
            isinstance(f, ast.Attribute) and f.attr == "open" and isinstance(f.value, ast.Name) and f.value.id in ("io", "codecs"))
        if not is_open or not node.args:
            continue
        path = literal_str(node.args[0])
        mode = literal_str(node.args[1]) if len(node.args) > 1 else None
        for k in node.keywords:
            if k.arg == "mode":
                mode = literal_str(k.value)
        if path is None or mode is None or not any(c in mode for c in "wax+"):
            continue
        if not (path + "/").startswith("/work/output/") and not path.startswith(WRITABLE):
            at_node("write-outside-output", "warning", node.args[0], [path])

report()
`;
