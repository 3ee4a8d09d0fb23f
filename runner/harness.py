"""Skriptoteket's in-sandbox harness: ``/usr/bin/python3 /runner/harness.py [options]``.

All of it is in _harness.py, imported from here: Python compiles a script it is started with at every start, but
reads an imported module's compiled form (runner/__pycache__, written by the sandbox host when it starts).
"""

import _harness

_harness.entry()
