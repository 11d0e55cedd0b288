"""``schedule solve PROBLEM.json [-o SOLUTION.json] [--time-limit S]`` as a pure function.

The Django command ``openiop schedule`` hands its arguments straight to :func:`run_cli`,
so the command line can be tested without Django, files or a process. Exit codes: 0
with a solution (even if some clients are short of hours), 2 for input that cannot be
used (unreadable, not JSON, not the format, an argument out of range, or an output that
cannot be written).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from .problem import ProblemError, parse_problem
from .solve import solve

USAGE_ERROR = 2


class _ParserExitError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the given streams and raises instead of exiting."""

    def __init__(self, stdout: IO[str], stderr: IO[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._out = stdout
        self._err = stderr

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            (self._err if file is sys.stderr else self._out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise _ParserExitError(status)


MAX_TIME_LIMIT_S = 3600.0
MAX_SEED = 2**31 - 1  # CP-SAT's random_seed is a signed 32-bit integer


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (math.isfinite(value) and 0 < value <= MAX_TIME_LIMIT_S):  # refuses nan, inf, -5
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds in (0, {MAX_TIME_LIMIT_S:g}]")
    return value


def _seed(text: str) -> int:
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and int(digits) <= MAX_SEED):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number from 0 to {MAX_SEED}")
    return int(digits)


def run_cli(argv: Sequence[str], stdin: IO[str], stdout: IO[str], stderr: IO[str]) -> int:
    """Run ``schedule solve ...``; ``argv`` excludes the program name."""
    parser = _Parser(stdout, stderr, prog="openiop schedule", description="Solve a weekly schedule.")
    parser.add_argument("command", choices=["solve"])
    parser.add_argument("problem", help="problem file (format openiop.schedule.v1), or - for stdin")
    parser.add_argument("-o", "--output", help="write the solution here instead of to stdout")
    parser.add_argument("--time-limit", type=_positive, metavar="S", help="seconds (default: the problem's)")
    parser.add_argument("--seed", type=_seed, default=0, help=f"random seed, 0 to {MAX_SEED} (default 0)")
    parser.add_argument("--previous", metavar="SOLUTION.json", help="last week's solution, to keep routines")
    try:
        args = parser.parse_args(list(argv))
    except _ParserExitError as done:
        return done.code
    try:
        problem = _read_json(args.problem, stdin)
        previous = None if args.previous is None else _read_json(args.previous, stdin)
    except _ReadError as error:
        stderr.write(f"{error}\n")
        return USAGE_ERROR
    try:
        parsed = parse_problem(problem)
        solution = solve(parsed, time_limit_s=args.time_limit, seed=args.seed, previous=previous)
    except ProblemError as error:
        source = args.previous if error.path.startswith("previous") else args.problem
        stderr.write(f"{'<stdin>' if source == '-' else source}: {error}\n")
        return USAGE_ERROR
    text = json.dumps(solution, indent=2) + "\n"
    if args.output is None:
        stdout.write(text)
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        stderr.write(f"-o {args.output}: cannot write: {error.strerror or error}\n")
        return USAGE_ERROR
    short = sum(1 for client in solution["clients"] if not client["meets_target"])
    stdout.write(
        f"{solution['status']}: {len(solution['clients']) - short} of {len(solution['clients'])} "
        f"clients at target, written to {args.output}\n"
    )
    return 0


class _ReadError(Exception):
    """A file that cannot be used as input; the message names it."""


def _read_json(name: str, stdin: IO[str]) -> object:
    """Parse a file, or stdin for "-"."""
    label = "<stdin>" if name == "-" else name
    try:
        text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise _ReadError(f"{label}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise _ReadError(f"{label}: cannot read: not UTF-8 text") from error
    try:
        return json.loads(text, parse_constant=_no_constant)
    except ValueError as error:
        raise _ReadError(f"{label}: invalid JSON: {error}") from error
    except RecursionError:
        raise _ReadError(f"{label}: invalid JSON: nested too deeply") from None


def _no_constant(name: str) -> NoReturn:
    # Python's json accepts NaN and Infinity, which are not JSON.
    raise ValueError(f"{name} is not a JSON value")
