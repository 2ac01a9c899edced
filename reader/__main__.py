"""`python -m reader` runs the ntreader command line."""

from reader.cli import main

main()
