"""Word 97 (.doc) and WPS (.wps) through LibreOffice; OLE files told apart by their streams; OFD.

LibreOffice is optional for the product (without it a .doc fails with the reason to install it), so the
conversion tests skip when `soffice` is missing — except in CI, which installs it (.ci/run) and where a
missing `soffice` is an error, so the tests cannot pass by skipping.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest

from extract.process import process
from extract.readers import office, read_document
from extract.readers.office import SOFFICE_MISSING
from extract.readers.ofd import OFD_REASON
from extract.readers.sniff import sniff

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "samples" / "formats"
DOC = FORMATS / "meitan-yibao-2023.doc"


def _need_soffice() -> None:
    if office.find_soffice():
        return
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer-nogui")
    pytest.skip("LibreOffice (soffice) not installed: the .doc/.wps conversion cannot run here")


@pytest.fixture(scope="module")
def doc_report():
    _need_soffice()
    return process(DOC)


def test_doc_sample_reads_like_its_pdf(doc_report):
    """The held-out report saved as Word 97 gives what the held-out PDF gives."""
    exp = json.loads((FORMATS / "meitan-yibao-2023.expected.json").read_text("utf-8"))
    r = doc_report
    assert r.document.file_type == "ole" and r.document.status == "ok" and r.document.error is None
    for key, value in exp["meta"].items():
        assert str(getattr(r.meta, key)) == str(value), key
    assert [(s.number, s.title) for s in r.sections] == [(n, t) for _, n, t in exp["headings"]]
    fields = {k: str(v.value) for k, v in r.fields.items()}
    for key, value in exp["fields"].items():
        assert fields[key] == value or (key != "self_grade" and float(fields[key]) == float(value)), key
    got = [(str(f.value), f.unit) for f in r.figures]
    assert all(tuple(f) in got for f in exp["figures"])
    assert [[i["level3"], i["weight"], i["score"]] for i in r.indicators] == exp["indicators"]
    assert {f.category for f in r.findings} >= {f["category"] for f in exp["findings"]}


def test_doc_and_wps_convert_in_parallel(tmp_path, monkeypatch):
    """Two conversions at once (as two batch workers do) each use their own LibreOffice profile; a WPS
    Office .wps (Word 97 inside) reads the same; nothing is left in the temporary folder."""
    _need_soffice()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    wps = tmp_path / "报告 副本.wps"
    shutil.copy(DOC, wps)
    docs = {}

    def run(path):
        docs[path.suffix] = read_document(path)

    threads = [threading.Thread(target=run, args=(p,)) for p in (DOC, wps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert docs[".doc"].status == docs[".wps"].status == "ok"
    assert docs[".doc"].text == docs[".wps"].text and "湄潭县医疗保障局" in docs[".wps"].text
    assert not docs[".wps"].warnings                            # .wps is a name a Word 97 file may have
    assert list((tmp_path / "tmp").iterdir()) == []


def test_without_libreoffice_the_reason_says_what_to_install(monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    doc = read_document(DOC)
    assert doc.status == "failed" and doc.error == SOFFICE_MISSING
    assert doc.error == "install LibreOffice (libreoffice-writer-nogui) to read .doc/.wps files"


def test_conversion_timeout_is_a_reason(tmp_path, monkeypatch):
    _need_soffice()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out, error = office.convert(office.find_soffice(), DOC, Path(tempfile.mkdtemp()), ".doc", "docx", timeout=0.2)
    assert out is None and error == "LibreOffice did not convert the file within 0.2 s"


def test_ole_files_are_told_apart_by_their_streams(tmp_path):
    assert sniff(DOC) == "ole"
    assert sniff(FORMATS / "laixi-shuiku-2024-zipingbiao.xls") == "xls"
    misnamed = tmp_path / "自评表.doc"                    # an Excel 97 workbook named .doc
    shutil.copy(FORMATS / "laixi-shuiku-2024-zipingbiao.xls", misnamed)
    doc = read_document(misnamed)
    assert doc.file_type == "xls" and doc.status == "ok" and len(doc.tables) == 3
    assert doc.warnings and "Excel 97-2003 workbook" in doc.warnings[0]


def test_encrypted_and_unknown_ole_files_fail_with_a_reason(tmp_path):
    # a Word 97 file whose FIB says it is encrypted (fEncrypted, bit 8 of the flags at offset 10)
    import olefile
    data = bytearray(DOC.read_bytes())
    with olefile.OleFileIO(str(DOC)) as ole:
        head = ole.openstream("WordDocument").read(12)
    at = bytes(data).find(head)
    assert at > 0
    data[at + 11] |= 0x01
    enc = tmp_path / "enc.doc"
    enc.write_bytes(bytes(data))
    doc = read_document(enc)
    assert doc.status == "failed" and doc.error == "encrypted Word document (a password is required)"
    junk = tmp_path / "junk.doc"
    junk.write_bytes(DOC.read_bytes()[:2048])               # an OLE header with nothing behind it
    doc = read_document(junk)
    assert doc.status == "failed" and doc.error.startswith("broken OLE file")


def test_ofd_fails_with_the_reason_to_convert(tmp_path):
    path = tmp_path / "报告.ofd"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
                              'DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
                              '</ofd:DocBody></ofd:OFD>')
    doc = read_document(path)
    assert doc.file_type == "ofd" and doc.status == "failed" and doc.error == OFD_REASON == "OFD: convert to PDF first"
