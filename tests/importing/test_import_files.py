"""Reading files as they come: encodings, delimiters, line endings, and clear refusals of what is not a table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from import_support import write_csv

from ticeinventory.services.importing import ImportFileError
from ticeinventory.services.importing.cells import cell_text, neutralise, restore
from ticeinventory.services.importing.sniff import detect_delimiter
from ticeinventory.services.importing.tables import open_table

ROWS = [["Identifiant", "Nom", "Commune"], ["0210001M", "École élémentaire Jean Macé", "Dijon"],
        ["0210002N", "École maternelle Colette", "Chenôve"]]


@pytest.mark.parametrize(("encoding", "shown"), [("utf-8-sig", "UTF-8 (BOM)"), ("utf-8", "UTF-8"),
                                                 ("cp1252", "Windows-1252"), ("utf-16", "UTF-16")])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_encodings_delimiters_and_line_endings(tmp_path, encoding, shown, delimiter, newline):
    path = write_csv(tmp_path / "f.csv", ROWS, encoding=encoding, delimiter=delimiter, newline=newline)
    with open_table(path) as table:
        assert table.headers == ROWS[0]
        assert table.source.encoding == shown and table.source.delimiter == delimiter
        rows = list(table.rows())
    assert [r.cells for r in rows] == ROWS[1:]
    assert [r.line for r in rows] == [2, 3]


def test_windows_1252_accents_late_in_the_file_are_not_mangled(tmp_path):
    """A file whose first hundred kilobytes are plain ASCII is still recognised as Windows-1252."""
    rows = [["a", "b"]] + [[str(i), "x" * 50] for i in range(3000)] + [["9999", "Élémentaire Côte-d'Or œuvre"]]
    path = write_csv(tmp_path / "f.csv", rows, encoding="cp1252")
    with open_table(path) as table:
        assert table.source.encoding == "Windows-1252"
        assert list(table.rows())[-1].cells == ["9999", "Élémentaire Côte-d'Or œuvre"]


def test_quoted_values_with_delimiters_and_line_breaks(tmp_path):
    rows = [["n", "notes"], ["1", "écran; rayé,\r\nà changer"], ["2", 'dit "fragile"']]
    path = write_csv(tmp_path / "f.csv", rows, delimiter=";")
    with open_table(path) as table:
        read = list(table.rows())
    assert [r.cells for r in read] == rows[1:]
    assert [r.line for r in read] == [2, 4]  # the record of line 2 spans two lines


def test_blank_lines_are_skipped_and_extra_empty_cells_tolerated(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a;b\r\n;\r\n1;2;;\r\n\r\n3;4\r\n", encoding="utf-8")
    with open_table(path) as table:
        rows = list(table.rows())
    assert [(r.line, r.cells, r.problem) for r in rows] == [(3, ["1", "2"], None), (5, ["3", "4"], None)]


def test_a_row_too_long_is_reported_not_cut(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a;b\n1;2;3\n", encoding="utf-8")
    with open_table(path) as table:
        (row,) = table.rows()
    assert "3 colonnes" in row.problem and "2" in row.problem


def test_a_truncated_last_line_is_reported(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("a;b;c\n1;2;3\n4;5", encoding="utf-8")
    with open_table(path) as table:
        rows = list(table.rows())
    assert rows[0].problem is None
    assert "tronqué" in rows[1].problem


def test_an_unclosed_quote_means_a_truncated_file(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('a;b\n1;"début de remarque\n', encoding="utf-8")
    with open_table(path) as table, pytest.raises(ImportFileError, match="tronqué"):
        list(table.rows())


def test_a_file_cut_in_the_middle_of_a_character(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("a;b\n1;Élé".encode()[:-1])
    with pytest.raises(ImportFileError, match="tronqué"):
        open_table(path).__enter__()


@pytest.mark.parametrize(("content", "words"), [
    (b"", "vide"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "97-2003"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    (bytes(range(256)) * 40, "binaires"),
    (b"PK\x03\x04" + bytes(200), "endommagé"),
])
def test_what_is_not_a_table_gets_a_french_message(tmp_path, content, words):
    path = tmp_path / "equipements.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=words):
        open_table(path).__enter__()


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ImportFileError, match="n'existe pas"):
        open_table(tmp_path / "absent.csv").__enter__()
    with pytest.raises(ImportFileError, match="dossier"):
        open_table(tmp_path).__enter__()


def test_delimiter_is_the_one_that_splits_consistently():
    assert detect_delimiter("uai;prix\n0210001M;1 234,50\n0210002N;12,00\n", complete=True) == ";"
    assert detect_delimiter("uai,prix\n0210001M,\"1 234,50\"\n", complete=True) == ","
    assert detect_delimiter("uai\tnom\n0210001M\tÉcole; annexe\n", complete=True) == "\t"


@pytest.mark.parametrize("text", ["=1+1", "+33 6 12", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "''-1"])
def test_formula_neutralisation(text):
    assert neutralise(text).startswith("'")
    assert restore(neutralise(text)) == text


@given(st.text())
def test_neutralise_then_restore_gives_back_any_text(text):
    assert restore(neutralise(text)) == text
    assert neutralise(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_cell_text_of_spreadsheet_values():
    from datetime import date, datetime
    assert cell_text(None) == "" and cell_text(3) == "3" and cell_text(549.0) == "549"
    assert cell_text(1234.5) == "1234.5" and cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(datetime(2009, 7, 6)) == "06/07/2009" and cell_text(date(2015, 12, 1)) == "01/12/2015"
    assert cell_text("'=A1") == "=A1" and cell_text("'abc") == "'abc"
