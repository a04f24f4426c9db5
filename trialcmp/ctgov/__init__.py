"""ClinicalTrials.gov API v2: read a study record, turn it into a trial-record skeleton,
fetch records over HTTP, and refresh the `registry` block of curated records."""
