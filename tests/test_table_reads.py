"""A table read many times is parsed once, yet every reader sees the file as it is now, and a table of its own."""

from newsfigures.tables.load import read


def test_a_file_changed_to_the_same_size_is_read_again(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("year,count\n2014,10\n")
    assert read(path)["count"].tolist() == [10]
    path.write_text("year,count\n2014,12\n")  # same size, written at once: only its content tells
    assert read(path)["count"].tolist() == [12]


def test_a_reader_that_changes_its_table_changes_no_one_elses(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("year,count\n2014,10\n")
    mine = read(path)
    mine.loc[0, "count"] = 99
    mine["note"] = "changed"
    assert read(path).to_dict("list") == {"year": [2014], "count": [10]}
