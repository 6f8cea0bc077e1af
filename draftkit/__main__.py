"""`python -m draftkit`: the command line."""

from .cli import main

main()
