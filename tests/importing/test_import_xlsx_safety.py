"""XLSX files are zips of XML from anywhere: bombs, entities, lies and damage are refused, quickly and in French."""

from __future__ import annotations

import time
import zipfile
import zlib
from pathlib import Path

import pytest
from import_support import equipment_file, item, write_xlsx

from ticeinventory.services.importing import ImportFileError
from ticeinventory.services.importing.mapping import CANONICAL
from ticeinventory.services.importing.tables import open_table
from ticeinventory.services.importing.xlsx import Limits

SHEET = "xl/worksheets/sheet1.xml"


def workbook(tmp_path: Path, rows=None) -> Path:
    return write_xlsx(tmp_path / "classeur.xlsx", rows or [["a", "b"], ["un", "deux"], ["trois", "quatre"]])


def rewrite(path: Path, target: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def read_all(path: Path, **kwargs) -> list[list[str]]:
    with open_table(path, **kwargs) as table:
        return [table.headers] + [r.cells for r in table.rows()]


def test_a_plain_workbook_reads(tmp_path):
    assert read_all(workbook(tmp_path)) == [["a", "b"], ["un", "deux"], ["trois", "quatre"]]


def test_a_zip_bomb_is_refused_in_no_time(tmp_path):
    bomb = tmp_path / "bombe.xlsx"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1 << 20)
    # a sheet that would inflate to 2 GB, written straight into the zip as deflated data
    body = b"".join(compressor.compress(chunk) for _ in range(2048)) + compressor.flush()
    rewrite(workbook(tmp_path), bomb, {})
    with zipfile.ZipFile(bomb, "a") as archive:
        info = zipfile.ZipInfo("xl/worksheets/sheet2.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size, info.compress_size, info.CRC = 2048 << 20, len(body), 0
        archive.fp.seek(archive.start_dir)
        info.header_offset = archive.fp.tell()
        archive.fp.write(info.FileHeader(zip64=True))
        archive.fp.write(body)
        archive.start_dir = archive.fp.tell()
        archive.filelist.append(info)
        archive.NameToInfo[info.filename] = info
        archive._didModify = True
    start = time.perf_counter()
    with pytest.raises(ImportFileError, match="bombe de décompression"):
        read_all(bomb)
    assert time.perf_counter() - start < 1.0


def test_the_total_uncompressed_size_is_limited(tmp_path):
    big = write_xlsx(tmp_path / "gros.xlsx", [["colonne"]] + [[f"ligne {n} " + "x" * 40] for n in range(20000)])
    with pytest.raises(ImportFileError, match="Mo une fois décompressé"):
        read_all(big, limits=Limits(uncompressed=512 * 1024))


def test_xml_entities_are_refused(tmp_path):
    """The « billion laughs »: nested entities that would expand to gigabytes."""
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        sheet = archive.read(SHEET)
    laughs = (b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet')
    evil = sheet.replace(b"<worksheet", laughs, 1).replace(
        b"<t>un</t>", b"<t>&lol3;</t>", 1)
    path = rewrite(original, tmp_path / "rires.xlsx", {SHEET: evil})
    with pytest.raises(ImportFileError, match="XML interdites"):
        read_all(path)


def test_an_external_entity_is_refused(tmp_path):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        book = archive.read("xl/workbook.xml")
    evil = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + book.split(b"?>", 1)[-1]
    path = rewrite(original, tmp_path / "xxe.xlsx", {"xl/workbook.xml": evil})
    with pytest.raises(ImportFileError, match="XML interdites"):
        read_all(path)


def test_a_wrong_dimension_does_not_cut_the_sheet(tmp_path):
    original = workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        sheet = archive.read(SHEET)
    assert b'<dimension ref="A1:B3" />' in sheet
    path = rewrite(original, tmp_path / "dim.xlsx", {SHEET: sheet.replace(b'ref="A1:B3"', b'ref="A1"')})
    assert read_all(path) == [["a", "b"], ["un", "deux"], ["trois", "quatre"]]


def test_a_formula_cell_gives_its_computed_value(tmp_path):
    original = workbook(tmp_path, [["n", "total"], [1, 2]])
    with zipfile.ZipFile(original) as archive:
        sheet = archive.read(SHEET)
    sheet = sheet.replace(b'<c r="B2" t="n"><v>2</v></c>', b'<c r="B2"><f>A2+1</f><v>2</v></c>')
    assert b"<f>A2+1</f>" in sheet
    assert read_all(rewrite(original, tmp_path / "f.xlsx", {SHEET: sheet})) == [["n", "total"], ["1", "2"]]


@pytest.mark.parametrize(("members", "words"), [
    ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}, "OpenDocument"),
    ({"word/document.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}, "traitement de texte"),
    ({"photo.jpg": b"\xff\xd8\xff"}, "pas un classeur Excel"),
])
def test_other_zips_are_named(tmp_path, members, words):
    path = tmp_path / "fichier.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ImportFileError, match=words):
        read_all(path)


def test_a_truncated_workbook(tmp_path):
    data = workbook(tmp_path).read_bytes()
    cut = tmp_path / "coupe.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match="endommagé ou tronqué"):
        read_all(cut)


def test_a_damaged_member(tmp_path):
    path = rewrite(workbook(tmp_path), tmp_path / "abime.xlsx", {SHEET: b"<worksheet><sheetData><row><c"})
    with pytest.raises(ImportFileError, match="endommagé"):
        read_all(path)


def test_an_encrypted_member_is_refused(tmp_path):
    path = workbook(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/secret.bin", b"x")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"xl/secret.bin") - 46  # the member's entry in the zip directory
    assert data[central:central + 4] == b"PK\x01\x02"
    data[central + 8] |= 0x1  # "encrypted"
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="chiffré"):
        read_all(path)


def test_a_csv_named_xlsx_and_an_xlsx_named_csv_are_read_for_what_they_are(tmp_path):
    csv_named_xlsx = equipment_file(tmp_path / "faux.xlsx", item())
    with open_table(csv_named_xlsx) as table:
        assert table.source.format == "csv" and table.headers == list(CANONICAL)
    xlsx_named_csv = workbook(tmp_path).rename(tmp_path / "faux.csv")
    with open_table(xlsx_named_csv) as table:
        assert table.source.format == "xlsx"
