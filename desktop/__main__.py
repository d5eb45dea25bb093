"""``python -m desktop`` runs the headless command line (``review-desk``)."""

from desktop.cli import main

raise SystemExit(main())
