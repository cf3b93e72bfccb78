"""The review TUI (Textual): the only package that imports textual."""
