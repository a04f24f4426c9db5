"""`python -m trialcmp` runs the command-line interface."""

from trialcmp.cli import main

main()
