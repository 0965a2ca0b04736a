"""`python -m cleaners`: the command line."""

from cleaners.cli import main

raise SystemExit(main())
