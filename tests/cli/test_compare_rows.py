"""`trialcmp compare` rows for what records hold beyond the named fields (issue 12): ECOG and
ISS stage from `population.other`, MRD-negative CR/sCR from `efficacy.subgroups`, haematologic
toxicity in every patient ('all 40'), infections, HLH/MAS and DLTs — exact output at 80
columns on two fixture records (tests/fixtures/compare-rows)."""

from __future__ import annotations

from tests.conftest import FIXTURES, CliFn

FIX = str(FIXTURES / "compare-rows")

POPULATION_80 = """\
                     NCT00000011                   NCT00000012
                     Delta                         Epsilon
Population ─────────────────────────────────────────────────────────────────────
   Median age        NR [1]                        NR [2]
   Median prior      NR [1]                        NR [2]
   lines
   Female            NR [1]                        NR [2]
≠  ECOG              ECOG 0: 45% (18/40)           NR
                     ECOG 1–2: 55% (22/40) [1]
≠  ISS stage         ISS III: 25% (10/40)          NR
                     R-ISS II: 60% [1]
   Extramedullary    NR [1]                        NR [2]
   disease
   High-risk         NR [1]                        NR [2]
   cytogenetics
   Prior ASCT        NR [1]                        NR [2]
   Triple            NR [1]                        NR [2]
   refractory
   Prior CAR-T       NR [1]                        NR [2]
Sources ────────────────────────────────────────────────────────────────────────
[1] Delta D, et al. Delta CAR-T in RRMM. J Test Med 2025;3:1–9
[2] Epsilon E, et al. Epsilon CAR-T in RRMM. J Test Med 2025;4:10–19
Legend ─────────────────────────────────────────────────────────────────────────
NR = not reported by the sources; n/a = not applicable; 0 is a reported zero; no
CI = neither counts nor an interval are given
≠ = the trials differ in this row
[n] = source, listed under Sources
"""

EFFICACY_80 = """\
                     NCT00000011                   NCT00000012
                     Delta                         Epsilon
Efficacy ───────────────────────────────────────────────────────────────────────
≠  Report            Primary report [1]            Interim report [2]
   Data cutoff       NR [1]                        NR [2]
   Median follow-up  NR [1]                        NR [2]
≠  ORR (≥PR)         NR                            75%* (15/20; 95% CI 51–91‡)
                                                   [2]
   ≥CR               NR                            NR
   sCR               NR                            NR
   CR                NR                            NR
   VGPR              NR                            NR
   PR                NR                            NR
≠  MRD negativity    67%* (20/30; 95% CI 47–83‡),  NR
                     patients tested for MRD [1]
≠  MRD-negative      40% (16/40; 95% CI 25–57‡),   NR
   CR/sCR            all patients
                     89%* (16/18; 95% CI 65–99‡),
                     patients with CR or sCR
                     tested for MRD [1]
   MRD threshold     NR                            NR
   MRD method        NR                            NR
   Median PFS        NR                            NR
   Median OS         NR                            NR
   Median DOR        NR                            NR
   Landmark rates    NR                            NR
Caution: cross-trial comparisons are confounded by population, design and
follow-up.
Sources ────────────────────────────────────────────────────────────────────────
[1] Delta D, et al. Delta CAR-T in RRMM. J Test Med 2025;3:1–9
[2] Epsilon E, et al. Epsilon CAR-T in RRMM. J Test Med 2025;4:10–19
Legend ─────────────────────────────────────────────────────────────────────────
NR = not reported by the sources; n/a = not applicable; 0 is a reported zero; no
CI = neither counts nor an interval are given
‡ = exact 95% CI (Clopper–Pearson) computed by trialcmp from n/N, in whole
percent (one decimal when a bound would round to 0 or 100)
* = percentage computed from n/N (the source gives none)
≠ = the trials differ in this row
[n] = source, listed under Sources
"""

SAFETY_80 = """\
                     NCT00000011                   NCT00000012
                     Delta                         Epsilon
Safety ─────────────────────────────────────────────────────────────────────────
≠  Report            Primary report [1]            Interim report [2]
   Data cutoff       NR [1]                        NR [2]
   Median follow-up  NR [1]                        NR [2]
≠  CRS, any grade    NR                            60%* (12/20; 95% CI 36–81‡)
                                                   [2]
   CRS, grade ≥3     NR                            NR
   CRS grading       NR                            NR
   ICANS /           NR                            NR
   neurotoxicity,
   any grade
   ICANS /           NR                            NR
   neurotoxicity,
   grade ≥3
   Neurotoxicity     NR                            NR
   term; grading
≠  Haematologic      neutropenia: 95% (38/40; 95%  NR
   toxicity, grade   CI 83–99‡) [1]
   ≥3
≠  Haematologic      neutropenia: all 40 (95% CI   NR
   toxicity, any     91–100‡)
   grade             anaemia (all 40 infused
                     patients): 70% (n/N NR; no
                     CI) [1]
   Haematologic      NR                            NR
   toxicity, grade
   not stated
≠  Infections        infections: any grade 50%     NR
                     (20/40; 95% CI 34–66‡);
                     grade ≥3 15% (6/40; 95% CI
                     6–30‡)
                     pneumonia after day 90
                     (patients alive at day 90):
                     any grade 11%* (4/36; 95% CI
                     3–26‡) [1]
≠  HLH / MAS         IEC-HS (HLH-like syndrome):   NR
                     grade not stated 3%* (1/40;
                     95% CI 0.1–13‡) [1]
   Tocilizumab       NR                            NR
   given
   Corticosteroids   NR                            NR
   given
≠  Dose-limiting     0%* (0/12; 95% CI 0–26‡) [1]  NR
   toxicities
   Deaths            NR                            NR
Sources ────────────────────────────────────────────────────────────────────────
[1] Delta D, et al. Delta CAR-T in RRMM. J Test Med 2025;3:1–9
[2] Epsilon E, et al. Epsilon CAR-T in RRMM. J Test Med 2025;4:10–19
Legend ─────────────────────────────────────────────────────────────────────────
NR = not reported by the sources; n/a = not applicable; 0 is a reported zero; no
CI = neither counts nor an interval are given
‡ = exact 95% CI (Clopper–Pearson) computed by trialcmp from n/N, in whole
percent (one decimal when a bound would round to 0 or 100)
* = percentage computed from n/N (the source gives none)
≠ = the trials differ in this row
[n] = source, listed under Sources
"""


def _compare(cli: CliFn, section: str) -> str:
    run = cli("--data-dir", FIX, "compare", "delta", "epsilon", "--section", section, width=80)
    assert run.exit_code == 0, run.stderr
    return str(run.stdout)


def test_population_shows_ecog_and_iss_entries_without_intervals(cli: CliFn) -> None:
    assert _compare(cli, "population") == POPULATION_80


def test_efficacy_shows_mrd_negative_cr_with_its_denominators(cli: CliFn) -> None:
    assert _compare(cli, "efficacy") == EFFICACY_80


def test_safety_shows_all_n_infections_hlh_and_dlts(cli: CliFn) -> None:
    assert _compare(cli, "safety") == SAFETY_80
