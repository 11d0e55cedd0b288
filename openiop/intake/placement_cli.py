"""``openiop placement recommend FILE.json``: the placement rules from the shell.

Pure like the rules themselves: streams in, exit code out, so it is tested without
Django; the management command only hands it sys.argv and the standard streams.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from openiop.intake.placement import (
    PlacementInputError,
    parse_input,
    recommend,
    recommendation_to_dict,
)

EXIT_OK = 0
EXIT_INVALID = 2

USAGE = """\
usage: openiop placement recommend FILE.json
       openiop placement recommend -        (reads standard input)

Prints openiop's level-of-care recommendation (decision support) as JSON.
Input and output are described in docs/algorithms/placement.md.
"""


class _UnreadableInputError(Exception):
    """The file or stdin could not be read or is not JSON; the message names it."""


def run_cli(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run with the arguments after ``placement``; return the exit code."""
    if list(argv) in (["-h"], ["--help"]):
        stdout.write(USAGE)
        return EXIT_OK
    if len(argv) != 2 or argv[0] != "recommend":
        stderr.write(USAGE)
        return EXIT_INVALID
    try:
        recommendation = recommend(parse_input(_load_json(argv[1], stdin)))
    except (_UnreadableInputError, PlacementInputError) as error:
        stderr.write(f"{error}\n")
        return EXIT_INVALID
    output = recommendation_to_dict(recommendation)
    stdout.write(json.dumps(output, indent=2, ensure_ascii=False) + "\n")
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
    # Python's json accepts NaN and Infinity; JSON itself does not.
    raise ValueError(f"{name} is not allowed")
