"""collection.Trial: the typed record first; the raw dict (deprecated) only on demand."""

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
    assert trial.data == _document()  # rebuilt from the record when there is no document


def test_a_trial_of_cached_json_decodes_its_dict_only_when_asked() -> None:
    document = _document()
    raw = msgspec.Raw(msgspec.json.encode(document))
    trial = Trial("x.yaml", model.from_json(raw), raw)
    assert trial.document is raw
    assert trial.data == document
    assert list(trial.data) == list(document)  # the file's key order
    assert trial.data is trial.data  # decoded once


def test_a_trial_of_a_document_builds_its_record_when_first_read() -> None:
    document = _document()
    trial = Trial("x.yaml", data=document)
    assert trial.id == "ChiCTR2000033567"
    assert trial.record == model.build(document)
    assert trial.record is trial.record
    partial = Trial("y.yaml", data={"id": "NCT00000099"})  # incomplete: fine until .record
    assert partial.names() == ["NCT00000099"]
    with pytest.raises(msgspec.ValidationError):
        _ = partial.record


def test_trials_compare_by_file_and_content_and_need_one_of_them() -> None:
    record = model.build(_document())
    assert Trial("x.yaml", record) == Trial("x.yaml", data=_document())
    assert Trial("x.yaml", record) != Trial("y.yaml", record)
    with pytest.raises(TypeError):
        Trial("x.yaml")
