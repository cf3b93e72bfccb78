"""Core modules never pull in the UI libraries (STYLE.md, "Dependency direction").

Each module is imported in a fresh interpreter, so that what another test or module
imported first cannot hide a dependency (harlequin's test_import_hygiene.py). cli and
render are the UI layer and may import typer and rich; tui/ may import textual.
"""

import json
import subprocess
import sys

import pytest

CORE_MODULES = [
    "errors",
    "paths",
    "config",
    "records",
    "store",
    "migrations",
    "mail",
    "text",
    "reply",
    "reply_markers",
    "importer",
    "pipeline",
    "accounts",
    "credentials",
    "hooks",
    "imap",
    "lock",
    "sync",
    "report",
    "dates",
    "demo",
    "export",
    "language",
    "rules.lexicon",
    "rules.builtin",
    "rules.customers",
    "rules.engine",
    "rules.user",
    "rules.settings",
    "rules.catalogue",
    "processes",
    "cases.subjects",
    "cases.identifiers",
    "cases.grouping",
    "cases.identity",
    "cases.engine",
    "cases.settings",
    "cases.digest",
    "cases.priority",
    "cases.queue",
    "review",
    "drafts",
    "outbox",
    "store.drafts",
    "store.case_facts",
    "store.sqltext",
    "keywords",
]
UI_LIBRARIES = ("typer", "textual", "rich")

_PROBE = """
import json, sys
import triage.{module}
print(json.dumps(sorted(
    name for name in sys.modules if name.split(".")[0] in {libraries!r}
)))
"""


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_ui_libraries(module: str) -> None:
    code = _PROBE.format(module=module, libraries=UI_LIBRARIES)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], f"triage.{module} imports UI libraries"


@pytest.mark.parametrize(
    ("module", "library"),
    [("cli", "typer"), ("render", "rich"), ("tui.app", "textual")],
)
def test_the_probe_sees_ui_libraries_when_they_are_imported(
    module: str, library: str
) -> None:
    # Guard against a probe that can never fail: these modules do pull them in.
    code = _PROBE.format(module=module, libraries=UI_LIBRARIES)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    found = {name.split(".")[0] for name in json.loads(done.stdout)}
    assert library in found
