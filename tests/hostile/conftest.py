"""Shared by the hostile-input tests: the corpus folder and what must never reach a terminal."""

from __future__ import annotations

import re

import pytest
from hostile_corpus import write_corpus

# Bytes a terminal acts on. Our CLI output uses none of them: no ESC at all, no other C0 control
# but tab/CR/LF, no DEL, no C1 control (UTF-8 C2 80..C2 9F), no bidi control.
_CLI_FORBIDDEN = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c"
)


def assert_cli_clean(output: bytes) -> None:
    """No byte of ``output`` can drive a terminal."""
    if m := _CLI_FORBIDDEN.search(output):
        raise AssertionError(f"terminal control {m[0]!r} reached the pty: {output[max(0, m.start() - 60):m.end() + 60]!r}")


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "reports"
    write_corpus(folder)
    return folder
