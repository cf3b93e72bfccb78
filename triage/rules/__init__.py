"""The rules pass: built-in and user rules label each message, and say why."""
