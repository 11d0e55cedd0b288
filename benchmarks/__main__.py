"""`make bench`: run every benchmark suite in turn and print its figures."""

import importlib
import pkgutil
import sys

import benchmarks


def main() -> int:
    suites = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.ispkg)
    for name in suites:
        module = importlib.import_module(f"benchmarks.{name}.run")
        print(f"\n=== benchmarks/{name}")
        module.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
