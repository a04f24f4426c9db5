"""Reporters: pure formatters from core values to text or Rich renderables.

Each command has a registry `NAME -> formatter`; its keys are the `--format` choices.
Nothing here prints.
"""
