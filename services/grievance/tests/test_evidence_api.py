"""Evidence attachments through the API: stored outside the database, checked, station-scoped.

The deployment's limit is 64 KiB in these tests (10 MiB by default).
"""

from __future__ import annotations

from grievance_fixtures import STAFF_JD, STAFF_XZ, case_body

from unionfed.common.auth import Role
from unionfed.common.testing.tokens import token

FED_ADMIN = token(Role.federation_admin, subject="fed-admin")

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


async def new_case(client) -> str:
    return (await client.post("/cases", json=case_body(), headers=STAFF_XZ)).json()["id"]


async def upload(client, case_id, name, data, content_type, headers=STAFF_XZ):
    return await client.post(
        f"/cases/{case_id}/evidence", headers=headers, files={"file": (name, data, content_type)}
    )


async def test_a_pdf_is_stored_listed_and_read_back(grievance, tmp_path):
    case_id = await new_case(grievance)
    response = await upload(grievance, case_id, "工资条.pdf", PDF, "application/pdf")
    assert response.status_code == 201, response.text
    record = response.json()
    assert (record["content_type"], record["size"], record["name"]) == (
        "application/pdf",
        len(PDF),
        "工资条.pdf",
    )
    assert list((tmp_path / "evidence").rglob(record["sha256"]))  # the file is on disk
    listed = (await grievance.get(f"/cases/{case_id}/evidence", headers=STAFF_XZ)).json()
    assert [e["id"] for e in listed] == [record["id"]]
    back = await grievance.get(f"/cases/{case_id}/evidence/{record['id']}", headers=STAFF_XZ)
    assert back.content == PDF and back.headers["content-type"] == "application/pdf"
    case = (await grievance.get(f"/cases/{case_id}", headers=STAFF_XZ)).json()
    assert case["timeline"][-1]["action"] == "add_evidence"


async def test_wrong_type_and_too_big_are_refused_naming_the_file(grievance, tmp_path):
    case_id = await new_case(grievance)
    fake = await upload(grievance, case_id, "合同.pdf", b"PK\x03\x04zipzipzip", "application/pdf")
    big = await upload(grievance, case_id, "big.pdf", PDF + b"0" * 70_000, "application/pdf")
    for response, rule in ((fake, "type"), (big, "too_large")):
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0] == {
            **response.json()["errors"][0],
            "field": "file",
            "rule": rule,
        }
    listed = (await grievance.get(f"/cases/{case_id}/evidence", headers=STAFF_XZ)).json()
    assert listed == []
    assert not [p for p in (tmp_path / "evidence").rglob("*") if p.is_file()]


async def test_another_station_cannot_add_or_read_evidence(grievance):
    case_id = await new_case(grievance)
    record = (await upload(grievance, case_id, "a.pdf", PDF, "application/pdf")).json()
    assert (
        await upload(grievance, case_id, "b.pdf", PDF, "application/pdf", headers=STAFF_JD)
    ).status_code == 404
    assert (
        await grievance.get(f"/cases/{case_id}/evidence/{record['id']}", headers=STAFF_JD)
    ).status_code == 404


async def test_downloading_evidence_is_audited(grievance):
    case_id = await new_case(grievance)
    record = (await upload(grievance, case_id, "a.pdf", PDF, "application/pdf")).json()
    await grievance.get(f"/cases/{case_id}/evidence/{record['id']}", headers=STAFF_XZ)
    entries = (await grievance.get(f"/audit?case_id={case_id}", headers=FED_ADMIN)).json()
    assert [(e["action"], e["fields"]) for e in entries["items"]] == [
        ("download", f"evidence:{record['id']}")
    ]
