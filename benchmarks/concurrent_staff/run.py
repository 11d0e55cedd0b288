"""Eight staff at once against a real server: mixed reads and writes, errors and latency.

A fresh demo (``openiop demo --no-serve``: migrate and seed) in a temporary data folder, served by
gunicorn (2 workers x 4 threads, the deploy guide's small-clinic setup) on SQLite (the demo's
embedded database) or PostgreSQL (``--database-url``; the database is created afresh and dropped).
Each session logs in as one demo staff member and loops for ``--seconds``: client list, chart,
notes, note edits (PATCH), client phone changes (PATCH), new draft notes (the HTML form) and
signatures (re-authenticated). Prints requests, errors (5xx or no answer; must be 0), answers by
status and p50/p95 latency per kind. Not part of ``make test``; ``make bench`` runs it with 30 s.

    python -m benchmarks.concurrent_staff.run --seconds 120 [--database-url postgres://...]
"""

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "openiop-demo-2026"  # noqa: S105 - the demo's published password
STAFF = [
    "dana@westside.example",
    "alice@westside.example",
    "bob@westside.example",
    "dana@westside.example",
    "alice@westside.example",
    "bob@westside.example",
    "omar@pasadena.example",
    "carol@pasadena.example",
]
WRITERS = {"alice@westside.example", "bob@westside.example", "carol@pasadena.example", "dana@westside.example"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _fresh_postgres(url: str) -> Iterator[str]:
    import psycopg

    parts = urlsplit(url)
    name = f"openiop_bench_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def _server(env: dict[str, str], port: int, workers: int, threads: int) -> Iterator[str]:
    python = sys.executable
    seeded = subprocess.run(  # noqa: S603 - our own CLI
        [python, "-m", "openiop", "demo", "--no-serve"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if seeded.returncode:
        raise SystemExit(f"openiop demo --no-serve failed:\n{seeded.stderr[-4000:]}")
    gunicorn = Path(python).with_name("gunicorn")
    log = tempfile.TemporaryFile()  # noqa: SIM115 - read after the run
    proc = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "openiop.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers), "--threads", str(threads)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/accounts/login/", timeout=30).status_code == 200:
                    break
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(30)
        log.seek(0)
        errors = [line for line in log.read().decode(errors="replace").splitlines() if "Traceback" in line]
        if errors:
            print(f"  server log: {len(errors)} tracebacks")


class Staff:
    """One logged-in person clicking through their day."""

    def __init__(self, base: str, email: str, rng: random.Random) -> None:
        self.base, self.email, self.rng = base, email, rng
        self.http = requests.Session()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[int] = Counter()
        self.errors: list[str] = []
        self.clients: list[int] = []
        self.drafts: list[int] = []

    def _csrf(self) -> str:
        return str(self.http.cookies.get("csrftoken") or "")

    def _call(self, kind: str, method: str, path: str, **kwargs: object) -> requests.Response | None:
        headers = {"X-CSRFToken": self._csrf(), "Referer": self.base + "/"}
        start = time.perf_counter()
        try:
            answer = self.http.request(method, self.base + path, headers=headers, timeout=60, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as exc:
            self.errors.append(f"{kind}: {exc}")
            return None
        self.samples[kind].append(time.perf_counter() - start)
        self.statuses[answer.status_code] += 1
        # 409/412 are a fair answer to two people at once; any other 4xx is a broken request, also an error.
        if answer.status_code >= 500 or (answer.status_code >= 400 and answer.status_code not in (409, 412)):
            self.errors.append(f"{kind} {path}: {answer.status_code} {answer.text[:200]}")
        return answer

    def login(self) -> None:
        page = self.http.get(self.base + "/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, "no login form"
        answer = self.http.post(
            self.base + "/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "login": self.email, "password": PASSWORD},
            headers={"Referer": self.base + "/accounts/login/"},
            timeout=30,
        )
        assert answer.ok and "/accounts/login/" not in answer.url, f"{self.email} could not log in"
        listing = self._call("client list", "GET", "/api/v1/clients")
        assert listing is not None and listing.ok, f"{self.email}: client list {listing and listing.status_code}"
        self.clients = [c["id"] for c in listing.json()["items"]]

    def step(self) -> None:
        roll = self.rng.random()
        client = self.rng.choice(self.clients) if self.clients else None
        writer = self.email in WRITERS and client is not None
        if roll < 0.15:
            self._call("client list", "GET", "/api/v1/clients", params={"q": self.rng.choice(["", "a", "e"])})
        elif roll < 0.35 and client:
            self._call("chart page", "GET", f"/clients/{client}/")
        elif roll < 0.50 and client:
            self._call("client read", "GET", f"/api/v1/clients/{client}")
        elif roll < 0.65:
            self._call("note list", "GET", "/api/v1/notes", params={"client": client} if client else {})
        elif roll < 0.72 and client:
            phone = f"(310) 555-{self.rng.randrange(10000):04d}"
            self._call("client edit", "PATCH", f"/api/v1/clients/{client}", json={"phone": phone})
        elif roll < 0.84 and writer:
            self._new_note(client)  # type: ignore[arg-type]
        elif roll < 0.94 and writer and self.drafts:
            note = self.rng.choice(self.drafts)
            plan = f"Continue ({time.time():.0f})."
            text = {"data": "Reports cravings down.", "assessment": "Engaged.", "plan": plan}
            answer = self._call("note edit", "PATCH", f"/api/v1/notes/{note}", json={"sections": text})
            if answer is not None and answer.status_code == 409:
                self.drafts.remove(note)
        elif writer and self.drafts:
            note = self.drafts.pop()
            self._call("note sign", "POST", f"/api/v1/notes/{note}/sign", json={"password": PASSWORD})
        else:
            self._call("home page", "GET", "/")

    def _new_note(self, client: int) -> None:
        form = self._call("new note form", "GET", f"/clinical/clients/{client}/notes/new/")
        if form is None or form.status_code != 200:
            return
        token = re.search(r'name="token" value="([^"]*)"', form.text)
        # A naive local time, as the form's datetime-local field sends it (the site's time zone).
        start = dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC).replace(tzinfo=None)
        start += dt.timedelta(days=self.rng.randrange(5), minutes=self.rng.randrange(0, 8 * 60, 15))
        answer = self._call(
            "new note save",
            "POST",
            f"/clinical/clients/{client}/notes/new/",
            data={
                "csrfmiddlewaretoken": self._csrf(),
                "token": token.group(1) if token else "",
                "kind": "individual",
                "starts_at": f"{start:%Y-%m-%dT%H:%M}",
                "ends_at": f"{start + dt.timedelta(minutes=50):%Y-%m-%dT%H:%M}",
                "section_data": "Reports 3 days abstinent.",
                "section_assessment": "Engaged, future-oriented.",
                "section_plan": "Continue IOP.",
            },
            allow_redirects=False,
        )
        if answer is not None and answer.status_code == 302:
            found = re.search(r"/notes/(\d+)/", answer.headers.get("Location", ""))
            if found:
                self.drafts.append(int(found.group(1)))


def _percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(base: str, seconds: float, sessions: int, seed: int) -> dict[str, object]:
    people = [Staff(base, STAFF[i % len(STAFF)], random.Random(seed + i)) for i in range(sessions)]
    for person in people:
        person.login()
    barrier = threading.Barrier(sessions)
    deadline: list[float] = []

    def loop(person: Staff) -> None:
        barrier.wait()
        if not deadline:
            deadline.append(time.monotonic() + seconds)
        while time.monotonic() < deadline[0]:
            person.step()

    threads = [threading.Thread(target=loop, args=(p,)) for p in people]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    samples: dict[str, list[float]] = defaultdict(list)
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    for person in people:
        for kind, values in person.samples.items():
            samples[kind].extend(values)
        statuses.update(person.statuses)
        errors.extend(person.errors)
    everything = [v for values in samples.values() for v in values]
    return {
        "elapsed": elapsed,
        "requests": len(everything),
        "errors": errors,
        "statuses": dict(sorted(statuses.items())),
        "p50": _percentile(everything, 50),
        "p95": _percentile(everything, 95),
        "kinds": {k: (len(v), _percentile(v, 50), _percentile(v, 95)) for k, v in sorted(samples.items())},
    }


def _report(label: str, result: dict[str, object]) -> None:
    ms = 1000
    print(f"  {label}: {result['requests']} requests in {result['elapsed']:.0f} s, errors {len(result['errors'])}")  # type: ignore[arg-type]
    print(f"  answers by status {result['statuses']}; p50 {result['p50'] * ms:.0f} ms, p95 {result['p95'] * ms:.0f} ms")  # type: ignore[operator]
    print(f"  {'kind':<16} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for kind, (count, p50, p95) in result["kinds"].items():  # type: ignore[attr-defined]
        print(f"  {kind:<16} {count:>8} {p50 * ms:>7.0f} {p95 * ms:>7.0f}")
    for error in result["errors"][:10]:  # type: ignore[index]
        print(f"    error: {error}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="benchmarks.concurrent_staff.run", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the sessions work (default 30)")
    parser.add_argument("--sessions", type=int, default=8, help="concurrent staff sessions (default 8)")
    parser.add_argument("--database-url", default="", help="postgres://... (default: SQLite in a temp folder)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not (0 < args.seconds <= 3600 and 0 < args.sessions <= 64):
        parser.error("--seconds must be in (0, 3600] and --sessions in 1..64")
    with tempfile.TemporaryDirectory(prefix="openiop-bench-") as data:
        env = {**os.environ, "OPENIOP_ENV": "demo", "OPENIOP_DATA_DIR": data, "OPENIOP_DEBUG": "false"}
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env.pop("DATABASE_URL", None)
        with contextlib.ExitStack() as stack:
            label = "SQLite (WAL, IMMEDIATE)"
            if args.database_url:
                env["DATABASE_URL"] = stack.enter_context(_fresh_postgres(args.database_url))
                label = "PostgreSQL"
            base = stack.enter_context(_server(env, _free_port(), args.workers, args.threads))
            print(
                f"  {args.sessions} staff sessions x {args.seconds:.0f} s, gunicorn {args.workers} workers x "
                f"{args.threads} threads, {os.cpu_count()} cores"
            )
            result = run(base, args.seconds, args.sessions, args.seed)
            _report(label, result)
            if result["errors"]:
                raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
