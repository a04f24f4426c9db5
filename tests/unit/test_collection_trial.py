"""collection.Trial: a typed record, or a cached record's JSON decoded when first read."""

from __future__ import annotations

import msgspec
import pytest

from tests.conftest import DATA_DIR
from trialcmp import model
from trialcmp.collection import Trial
from trialcmp.yamlio import load_document

BC19 = DATA_DIR / "ChiCTR2000033567.yaml"


def _document() -> dict[str, object]:
    data = load_document(BC19).data
    assert isinstance(data, dict)
    return data


def test_a_trial_of_a_record_reads_from_it() -> None:
    record = model.build(_document())
    trial = Trial("x.yaml", record)
    assert trial.record is record
    assert (trial.id, trial.label) == ("ChiCTR2000033567", "BC19")
    assert trial.names() == ["ChiCTR2000033567", "BC19", *record.aliases, *record.other_ids]
    assert not hasattr(trial, "data")  # the document's dict is gone: every command reads record


def test_a_trial_of_cached_json_decodes_its_record_only_when_first_read() -> None:
    document = _document()
    raw = msgspec.Raw(msgspec.json.encode(document))
    trial = Trial("x.yaml", document=raw, names=["ChiCTR2000033567", "BC19"])
    assert (trial.id, trial.names()) == ("ChiCTR2000033567", ["ChiCTR2000033567", "BC19"])
    assert trial.document is raw and trial._record is None  # names come without decoding
    assert trial.record == model.build(document)
    assert trial.record is trial.record  # decoded once
    assert trial.label == "BC19"


def test_trials_compare_by_file_and_content_and_need_one_of_them() -> None:
    record = model.build(_document())
    raw = msgspec.Raw(msgspec.json.encode(_document()))
    assert Trial("x.yaml", record) == Trial("x.yaml", document=raw, names=["ChiCTR2000033567"])
    assert Trial("x.yaml", record) != Trial("y.yaml", record)
    with pytest.raises(TypeError):
        Trial("x.yaml")
    with pytest.raises(TypeError):  # cached JSON needs the names it answers to
        Trial("x.yaml", document=raw)
