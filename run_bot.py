"""Entry point: `python run_bot.py chat | classify | eval | validate | serve | ...`."""
import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
