"""Pieces every ``openiop`` sub-command parser shares (pure; argparse only): a parser whose errors
go to the given stream and end in an exception carrying the exit code (2 for bad arguments,
naming the option), and date arguments within the absolute bounds of ``core.bounds``."""

import argparse
import datetime as dt
from typing import IO, Any, NoReturn

from openiop.core import bounds


class ExitError(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Parser(argparse.ArgumentParser):
    def __init__(self, stderr: IO[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._err = stderr

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            self._err.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._err.write(message)
        raise ExitError(status)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def bounded_date(text: str) -> dt.date:
    value = iso_date(text)
    problem = bounds.date_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{text!r}: {problem}")
    return value
