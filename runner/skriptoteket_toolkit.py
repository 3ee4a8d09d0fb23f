"""Helpers for Skriptoteket tool scripts (tool contract v2, section 1).

The platform passes the run's data in environment variables and in memory.json. These
helpers parse them and never raise: missing or malformed data gives a safe default.

    from skriptoteket_toolkit import get_action_parts, list_input_files, read_inputs

    action_id, action_input, state = get_action_parts()
    inputs = action_input if action_id else read_inputs()
    paths = [f["path"] for f in list_input_files()]

Every call parses afresh and returns new objects, so callers may mutate them.
``json`` is imported on first use, so importing this module costs next to nothing.
"""

import os

__all__ = [
    "ActionPayload",
    "JsonValue",
    "ManifestFile",
    "get_action_parts",
    "list_input_files",
    "read_action",
    "read_input_manifest",
    "read_inputs",
    "read_memory",
    "read_settings",
]

_NOTHING = object()


def _parse(raw):
    """JSON text or bytes -> value, or _NOTHING if missing or malformed."""
    if not raw or not raw.strip():
        return _NOTHING
    try:
        import json

        return json.loads(raw)
    except Exception:  # ValueError, RecursionError, MemoryError, ...
        return _NOTHING


def _env_json(name):
    return _parse(os.environ.get(name))


def _object(value):
    return value if type(value) is dict else {}


def read_inputs():
    """SKRIPTOTEKET_INPUTS: the run form's values as a dict ({} if missing/invalid)."""
    return _object(_env_json("SKRIPTOTEKET_INPUTS"))


def read_input_manifest():
    """SKRIPTOTEKET_INPUT_MANIFEST as a dict whose "files" is always a list.

    The entries are as the platform sent them; use list_input_files() for checked ones.
    """
    manifest = _object(_env_json("SKRIPTOTEKET_INPUT_MANIFEST"))
    if not isinstance(manifest.get("files"), list):
        manifest["files"] = []
    return manifest


def list_input_files():
    """The uploaded files as [{"name", "path", "bytes"}], well-formed entries only."""
    files = []
    for item in read_input_manifest()["files"]:
        if type(item) is not dict:
            continue
        name, path, size = item.get("name"), item.get("path"), item.get("bytes")
        if type(name) is str and type(path) is str and type(size) is int:  # bool is not int
            files.append({"name": name, "path": path, "bytes": size})
    return files


def read_action():
    """SKRIPTOTEKET_ACTION as {"action_id", "input", "state"}, or None.

    None when this is not an action run or the payload is malformed (no non-blank
    string action_id). A non-object input or state becomes {}.
    """
    payload = _env_json("SKRIPTOTEKET_ACTION")
    if type(payload) is not dict:
        return None
    action_id = payload.get("action_id")
    if type(action_id) is not str or not action_id.strip():
        return None
    return {
        "action_id": action_id.strip(),
        "input": _object(payload.get("input")),
        "state": _object(payload.get("state")),
    }


def get_action_parts():
    """(action_id, input, state) on an action run, else (None, {}, {})."""
    action = read_action()
    if action is None:
        return None, {}, {}
    return action["action_id"], action["input"], action["state"]


def read_memory():
    """The JSON object in SKRIPTOTEKET_MEMORY_PATH ({} if unset, unreadable or invalid)."""
    try:
        path = os.environ.get("SKRIPTOTEKET_MEMORY_PATH", "").strip()
        if not path:
            return {}
        with open(path, "rb") as handle:
            raw = handle.read()
    except Exception:
        return {}
    return _object(_parse(raw))


def read_settings():
    """The user's saved settings: memory["settings"] if it is an object, else {}."""
    return _object(read_memory().get("settings"))


def __getattr__(name):
    """Type aliases of the earlier toolkit, built on first use (typing is slow to import)."""
    if name == "JsonValue":
        alias = str | int | float | bool | None | dict[str, "JsonValue"] | list["JsonValue"]
        globals()["JsonValue"] = alias
        return alias
    if name in ("ManifestFile", "ActionPayload"):
        from typing import TypedDict

        types = {
            "ManifestFile": TypedDict("ManifestFile", {"name": str, "path": str, "bytes": int}),
            "ActionPayload": TypedDict(
                "ActionPayload", {"action_id": str, "input": dict, "state": dict}
            ),
        }
        globals().update(types)
        return types[name]
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
