"""`make bench`: the benchmark harness (the code lives in bench/; `--help` lists the options)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
