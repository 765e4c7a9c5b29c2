"""Buttons in messages already sent must keep working: their data stays byte-identical."""

from __future__ import annotations

import pytest

from core.buttons import ButtonData, StaleButton
from handlers import invitations, language, officer, privacy
from handlers.faq import buttons as faq
from handlers.registration import buttons as rg

KEPT: list[tuple[ButtonData, str]] = [
    (rg.Consent(True), "rg:c:1"), (rg.Consent(False), "rg:c:0"), (rg.OrgType(5), "rg:t:5"),
    (rg.Kind(2), "rg:k:2"), (rg.Province(14), "rg:p:14"), (rg.Commune(4123), "rg:w:4123"),
    (rg.Sheet(3), "rg:s:3"), (rg.Stars(4), "rg:st:4"), (rg.Skip(), "rg:sk"),
    (rg.Attach(17), "rg:a:17"), (rg.Edit(12), "rg:e:12"), (rg.Submit(), "rg:go"),
    (rg.Accept(9), "rg:ok:9"), (rg.AskInfo(9), "rg:in:9"), (rg.Reject(9), "rg:no:9"),
    (rg.Reply(9), "rg:rp:9"),
    (officer.ListStatus(1), "cb:l:1"), (officer.OpenRegistration(9), "cb:o:9"),
    (officer.Questions(), "cb:q"), (officer.ExportExcel(), "cb:x"), (officer.ExportCsv(), "cb:v"),
    (invitations.Officers(0), "iv:l:0"), (invitations.ChooseProvince(14), "iv:p:14"),
    (invitations.WholeProvince(14), "iv:w:14"), (invitations.ChooseCommune(14, 4123),
                                                 "iv:c:14:4123"),
    (invitations.ConfirmRevoke(7_123_456_789), "iv:r:7123456789"),
    (invitations.Revoke(7_123_456_789), "iv:ry:7123456789"),
    (privacy.Download(), "pv:j"), (privacy.AskDelete(), "pv:d"), (privacy.KeepData(), "pv:n"),
    (privacy.ConfirmDelete(1_764_500_000), "pv:y:1764500000"),
    (faq.Entry("objectives-goals"), "fq:e:objectives-goals"), (faq.Helpful(5, True), "fq:h:5:1"),
    (faq.Helpful(5, False), "fq:h:5:0"), (faq.Forward(5), "fq:f:5"), (faq.Reply(2), "fq:r:2"),
    (faq.AddToFaq(2), "fq:a:2"), (language.Language("vi"), "lang:vi"),
]


@pytest.mark.parametrize(("data", "packed"), KEPT, ids=[packed for _, packed in KEPT])
def test_data_is_unchanged_and_reads_back(data: ButtonData, packed: str) -> None:
    assert data.pack() == packed
    assert type(data).unpack(packed) == data


def test_each_press_matches_exactly_one_kind() -> None:
    kinds = {type(data) for data, _ in KEPT}
    for _, packed in KEPT:
        matching = []
        for kind in kinds:
            try:
                kind.unpack(packed)
            except StaleButton:
                continue
            matching.append(kind)
        assert len(matching) == 1, (packed, matching)


def test_an_entry_id_that_cannot_travel_gets_no_button() -> None:
    assert faq.entry_button("x", "officer-12") is not None
    assert faq.entry_button("x", "has space") is None
    assert faq.entry_button("x", "x" * 70) is None
