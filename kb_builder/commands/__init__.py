"""One module per ``kb`` command: ``register(subparsers)`` adds it, its ``handler`` runs it."""
