"""`python -m playground` and the `playground` command."""

import multiprocessing
import os
import sys


def main() -> int:
    multiprocessing.freeze_support()
    if sys.stdout is None or sys.stderr is None:  # a frozen windowed app has no console to print to
        devnull = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        sys.stdout = sys.stdout or devnull
        sys.stderr = sys.stderr or devnull
    if sys.argv[1:2] == ["--self-test"]:  # the packaged app's smoke test: see self_test.py
        from .self_test import main as self_test_main

        return self_test_main(sys.argv[1:])
    if sys.argv[1:2] == ["--measure-start"]:  # one cold start, for `playground bench`: see bench_suite.py
        from .bench_suite import measure_start

        return measure_start(sys.argv[1:])
    from .cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
