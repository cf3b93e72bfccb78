"""triage: turn a complaints-mailbox backlog into a short, ordered list of cases."""

# The one place the version is written (pyproject.toml reads it from here): looking
# it up in the installed metadata cost every command 40 ms.
__version__ = "0.1.0"
