"""Eligibility pre-screening: profile fields and units, rules, and the check engine."""
