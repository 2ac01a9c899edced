"""The one exception type the user sees as a one-line message (exit status 1)."""


class UserError(Exception):
    """A problem caused by the user's input: a missing path, a bad address, an undecodable file."""
