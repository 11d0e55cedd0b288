"""``openiop outcomes retention FILE.json``: the retention estimate from the shell (pure; no Django).

Streams in, exit code out; the management command only hands it sys.argv and the standard streams.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from openiop.reports.retention import RetentionInputError, estimate, parse_input, to_dict

EXIT_OK = 0
EXIT_INVALID = 2

USAGE = """\
usage: openiop outcomes retention FILE.json
       openiop outcomes retention -        (reads standard input)

Prints the Kaplan–Meier retention estimate as JSON (docs/algorithms/retention.md).
"""


class _UnreadableInputError(Exception):
    pass


def run_cli(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run with the arguments after ``outcomes``; return the exit code."""
    if list(argv) in (["-h"], ["--help"]):
        stdout.write(USAGE)
        return EXIT_OK
    if len(argv) != 2 or argv[0] != "retention":
        stderr.write(USAGE)
        return EXIT_INVALID
    try:
        as_of, stays = parse_input(_load_json(argv[1], stdin))
    except (_UnreadableInputError, RetentionInputError) as error:
        stderr.write(f"{error}\n")
        return EXIT_INVALID
    stdout.write(json.dumps(to_dict(estimate(stays, as_of)), indent=2) + "\n")
    return EXIT_OK


def _load_json(path: str, stdin: TextIO) -> object:
    name = "<stdin>" if path == "-" else path
    try:
        text = stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise _UnreadableInputError(f"{name}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise _UnreadableInputError(f"{name}: cannot read: not UTF-8 ({error})") from error
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise _UnreadableInputError(f"{name}: invalid JSON: {error}") from error
    except RecursionError:
        raise _UnreadableInputError(f"{name}: invalid JSON: nested too deeply") from None


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not allowed")
