"""``openiop score CODE ANSWER... [--sex female|male]``: score one administration from the shell.

Pure like the instrument library: arguments and streams in, exit code out, so it is tested
without Django; the management command only hands it sys.argv and the standard streams.
Answers are integers; ``none``, ``null`` or ``-`` stands for an item skipped by the instrument's
own skip logic. Bad input exits 2 with a message naming the item.
"""

import json
from collections.abc import Sequence
from typing import TextIO

from openiop.core.bounds import INT32_MAX, ascii_int_problem
from openiop.measures.instruments import REGISTRY, ScoringError, score

EXIT_OK = 0
EXIT_INVALID = 2
SKIPPED = frozenset({"none", "null", "-"})

USAGE = f"""\
usage: openiop score CODE ANSWER... [--sex female|male]

Scores one administration and prints {{"code", "total", "band", "positive", "flags", "subscales"}}
as JSON. One answer per item, in item order; write none (or null, or -) for an item skipped by
the instrument's skip logic. --sex is required by auditc.
Instruments: {", ".join(REGISTRY)}. Rules: docs/algorithms/scoring.md.
"""


class _UsageError(Exception):
    pass


def _parse(argv: Sequence[str]) -> tuple[str, list[int | None], str | None]:
    sex: str | None = None
    words: list[str] = []
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--sex":
            if not args:
                raise ScoringError("sex", "sex: --sex needs a value (female or male)")
            sex = args.pop(0)
        elif arg.startswith("--sex="):
            sex = arg.removeprefix("--sex=")
        elif arg.startswith("--"):
            raise _UsageError(f"unknown option {arg}")
        else:
            words.append(arg)
    if not words:
        raise _UsageError("name an instrument")
    code, raw = words[0].lower(), words[1:]
    instrument = REGISTRY.get(code)
    if instrument is None:
        raise ScoringError("code", f"code: unknown instrument {words[0]!r} (known: {', '.join(REGISTRY)})")
    numbers = [item.number for item in instrument.items]
    answers: list[int | None] = []
    for position, word in enumerate(raw):
        if word.lower() in SKIPPED:
            answers.append(None)
            continue
        # ASCII digits only: int() would also take "٣", "１", " 3 " and "1_0".
        if ascii_int_problem(word, minimum=-INT32_MAX, maximum=INT32_MAX) or word != word.strip():
            name = numbers[position] if position < len(numbers) else str(position + 1)
            raise ScoringError.for_item(
                name, f"{word!r} is not an integer written with the digits 0-9 (or none for a skipped item)"
            )
        answers.append(int(word, 10))
    return code, answers, sex


def run_cli(argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run with the arguments after ``score``; return the exit code."""
    if any(arg in ("-h", "--help") for arg in argv):
        stdout.write(USAGE)
        return EXIT_OK
    try:
        code, answers, sex = _parse(argv)
        result = score(code, answers, sex=sex)
    except _UsageError as error:
        stderr.write(f"openiop score: {error}\n{USAGE}")
        return EXIT_INVALID
    except ScoringError as error:
        stderr.write(f"openiop score: {error.message}\n")
        return EXIT_INVALID
    stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    return EXIT_OK
