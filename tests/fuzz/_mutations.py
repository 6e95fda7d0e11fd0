"""Mutations of a submission CSV, each with what the grader must make of it.

A mutation takes a ``Base`` (a valid submission as header + rows of text, and its bytes) and a
``random.Random`` and returns the mutated file's bytes. Its expectation says what grading must
give: ``SAME`` (the base's score: BOM, CRLF, row order, quoting), ``INVALID`` (a reason, never a
score: blank/NaN/duplicated/missing/extra ids, text in a number column, …) or ``ANY`` (a finite
score or a reason). Cells are edited as text and written back with the csv module, so what the
grader reads is exactly what a careless or hostile author could write.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

SAME, INVALID, ANY = "same", "invalid", "any"


@dataclass(frozen=True)
class Base:
    """A valid submission: its header, its rows as text, which columns are ids and targets."""

    name: str
    header: list[str]
    rows: list[list[str]]
    id_columns: list[int]
    numeric_targets: list[int]  # target columns whose every value is a number
    text_targets: list[int]
    allow_empty: bool
    extra_ids_ok: bool = False  # rows for ids outside the test set are ignored (the sample lists more ids)
    spare_rows: bool = False  # this base holds such rows, so losing one of its rows may be harmless

    @property
    def targets(self) -> list[int]:
        return self.numeric_targets + self.text_targets

    def write(self, header: list[str], rows: list[list[str]]) -> bytes:
        """``write(header, rows)``, reusing the base's encoded lines for the rows a mutation kept as they were."""
        cache = self.__dict__.get("_lines")
        if cache is None:
            cache = {id(r): line for r, line in zip(self.rows, _lines(self.rows))}
            object.__setattr__(self, "_lines", cache)
        return b"".join([*_lines([header]), *(cache.get(id(r)) or _lines([r])[0] for r in rows)])


def write(header: list[str], rows: list[list[str]], *, quoting: int = csv.QUOTE_MINIMAL) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _lines(rows: list[list[str]]) -> list[bytes]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    lines = []
    for r in rows:
        writer.writerow(r)
        lines.append(out.getvalue().encode("utf-8"))
        out.seek(0)
        out.truncate()
    return lines


def base_from_frame(name: str, df, *, id_columns: list[str], target_columns: list[str], numeric_columns: list[str],
                    allow_empty: bool, extra_ids_ok: bool = False, spare_rows: bool = False) -> Base:
    """A ``Base`` from a valid submission DataFrame, written the way ``to_csv(index=False)`` writes it."""
    text = df.to_csv(index=False, lineterminator="\n")
    header, *rows = list(csv.reader(io.StringIO(text)))
    numeric = [header.index(c) for c in target_columns if c in numeric_columns]
    others = [header.index(c) for c in target_columns if c not in numeric_columns]
    return Base(name, header, rows, [header.index(c) for c in id_columns], numeric, others, allow_empty, extra_ids_ok, spare_rows)


Mutation = Callable[[Base, random.Random], "tuple[bytes, str]"]
MUTATIONS: dict[str, Mutation] = {}


def mutation(fn: Mutation) -> Mutation:
    MUTATIONS[fn.__name__] = fn
    return fn


def _with_cell(base: Base, row: int, col: int, value: str) -> list[list[str]]:
    rows = list(base.rows)
    rows[row] = list(rows[row])
    rows[row][col] = value
    return rows


def _cell(base: Base, rng: random.Random, cols: list[int], value: str, expect: str) -> tuple[bytes, str]:
    row, col = rng.randrange(len(base.rows)), rng.choice(cols)
    return base.write(base.header, _with_cell(base, row, col, value)), expect


def _unknown_id(base: Base) -> str:
    """What a row whose id is not in the test set must give."""
    return ANY if base.extra_ids_ok else INVALID


def _lost_row(base: Base) -> str:
    """What a row gone (or its id replaced) must give."""
    return ANY if base.spare_rows else INVALID


def _int_like(value: str) -> bool:
    return value.strip().lstrip("-").isdigit()


# --- ids -------------------------------------------------------------------------------------


@mutation
def id_blank(base, rng):
    return _cell(base, rng, base.id_columns, "", INVALID)


@mutation
def id_nan(base, rng):
    return _cell(base, rng, base.id_columns, rng.choice(["NaN", "nan", "NA", "null", "N/A"]), INVALID)


@mutation
def id_blank_shuffled(base, rng):
    rows = _with_cell(base, rng.randrange(len(base.rows)), rng.choice(base.id_columns), "")
    rng.shuffle(rows)
    return base.write(base.header, rows), INVALID


@mutation
def id_blank_extra_row(base, rng):
    row = list(base.rows[rng.randrange(len(base.rows))])
    for c in base.id_columns:
        row[c] = ""
    rows = list(base.rows)
    rows.insert(rng.randrange(len(rows) + 1), row)
    return base.write(base.header, rows), INVALID


@mutation
def id_all_blank(base, rng):
    rows = [[("" if i in base.id_columns else v) for i, v in enumerate(r)] for r in base.rows]
    return base.write(base.header, rows), INVALID


@mutation
def id_float_formatted(base, rng):
    row, col = rng.randrange(len(base.rows)), rng.choice(base.id_columns)
    value = base.rows[row][col]
    return base.write(base.header, _with_cell(base, row, col, value + ".0" if _int_like(value) else value)), ANY


@mutation
def id_huge(base, rng):
    value = rng.choice(["1e308", "-1e308", "123456789012345678901234567890", "9" * 400, "inf"])
    return _cell(base, rng, base.id_columns, value, _lost_row(base))


@mutation
def id_hex(base, rng):
    row, col = rng.randrange(len(base.rows)), rng.choice(base.id_columns)
    value = base.rows[row][col]
    hexed = hex(int(value)) if _int_like(value) else "0x10"
    return base.write(base.header, _with_cell(base, row, col, hexed)), _lost_row(base)


@mutation
def id_boolean(base, rng):
    return _cell(base, rng, base.id_columns, rng.choice(["true", "False", "TRUE"]), _lost_row(base))


@mutation
def id_whitespace(base, rng):
    row, col = rng.randrange(len(base.rows)), rng.choice(base.id_columns)
    pad = rng.choice([" ", "  ", "\t"])
    return base.write(base.header, _with_cell(base, row, col, pad + base.rows[row][col] + pad)), ANY


@mutation
def id_newline(base, rng):
    row, col = rng.randrange(len(base.rows)), rng.choice(base.id_columns)
    return base.write(base.header, _with_cell(base, row, col, base.rows[row][col] + "\nx")), _lost_row(base)


@mutation
def id_case(base, rng):
    row, col = rng.randrange(len(base.rows)), rng.choice(base.id_columns)
    return base.write(base.header, _with_cell(base, row, col, base.rows[row][col].swapcase())), ANY


@mutation
def id_duplicated(base, rng):
    if len(base.rows) < 2:
        return base.write(base.header, base.rows + base.rows), INVALID
    a, b = rng.sample(range(len(base.rows)), 2)
    rows = list(base.rows)
    rows[a] = [base.rows[b][i] if i in base.id_columns else v for i, v in enumerate(rows[a])]
    return base.write(base.header, rows), INVALID


@mutation
def id_missing(base, rng):
    rows = list(base.rows)
    del rows[rng.randrange(len(rows))]
    return base.write(base.header, rows), _lost_row(base)


@mutation
def id_extra(base, rng):
    row = list(base.rows[rng.randrange(len(base.rows))])
    for c in base.id_columns:
        row[c] = rng.choice(["not_a_test_id", "999999999", "-1", row[c] + "_extra"])
    rows = list(base.rows)
    rows.insert(rng.randrange(len(rows) + 1), row)
    return base.write(base.header, rows), _unknown_id(base)


# --- values ----------------------------------------------------------------------------------


def _value(base: Base, rng: random.Random, values: list[str], invalid_in_numbers: bool) -> tuple[bytes, str]:
    cols = base.targets
    col = rng.choice(cols)
    expect = INVALID if invalid_in_numbers and col in base.numeric_targets else ANY
    return base.write(base.header, _with_cell(base, rng.randrange(len(base.rows)), col, rng.choice(values))), expect


@mutation
def value_missing(base, rng):
    return _value(base, rng, ["", "NaN", "nan", "NA"], invalid_in_numbers=not base.allow_empty)


@mutation
def value_infinite(base, rng):
    return _value(base, rng, ["inf", "-inf", "Infinity", "-Infinity", "1e400"], invalid_in_numbers=False)


@mutation
def value_huge(base, rng):
    return _value(base, rng, ["1e308", "-1e308", "123456789012345678901234567890", "1.7976931348623157e308"],
                  invalid_in_numbers=False)


@mutation
def value_text(base, rng):
    return _value(base, rng, ["abc", "0.5.1", "1,5", "--", "½", "१२"], invalid_in_numbers=True)


@mutation
def value_boolean(base, rng):
    return _value(base, rng, ["true", "false", "True", "FALSE"], invalid_in_numbers=True)


@mutation
def value_hex(base, rng):
    return _value(base, rng, ["0x10", "0X1", "0x0", "-0x1"], invalid_in_numbers=True)


@mutation
def value_huge_text(base, rng):  # a grader must not allocate rows x the longest cell
    return _value(base, rng, ["x" * 1_000_000], invalid_in_numbers=True)


@mutation
def value_huge_number(base, rng):
    return _value(base, rng, ["1" * 100_000, "0." + "1" * 100_000], invalid_in_numbers=False)


@mutation
def value_negative(base, rng):
    return _value(base, rng, ["-1", "-0.5", "-1e-300"], invalid_in_numbers=False)


@mutation
def value_column_all_boolean(base, rng):
    if not base.numeric_targets:
        return base.write(base.header, base.rows), SAME
    col = rng.choice(base.numeric_targets)
    rows = [list(r) for r in base.rows]
    for i, r in enumerate(rows):
        r[col] = "true" if i % 2 else "false"
    return base.write(base.header, rows), INVALID


# --- rows, columns, header -------------------------------------------------------------------


@mutation
def rows_shuffled(base, rng):
    rows = list(base.rows)
    rng.shuffle(rows)
    return base.write(base.header, rows), SAME


@mutation
def rows_header_only(base, rng):
    return base.write(base.header, []), INVALID


@mutation
def rows_doubled(base, rng):
    return base.write(base.header, base.rows + base.rows), INVALID


@mutation
def rows_half(base, rng):
    rows = list(base.rows)
    rng.shuffle(rows)
    return base.write(base.header, rows[: len(rows) // 2]), _lost_row(base)


@mutation
def columns_reordered(base, rng):
    order = list(range(len(base.header)))
    rng.shuffle(order)
    return base.write([base.header[i] for i in order], [[r[i] for i in order] for r in base.rows]), SAME


@mutation
def column_dropped(base, rng):
    drop = rng.choice(base.targets + base.id_columns)
    keep = [i for i in range(len(base.header)) if i != drop]
    return base.write([base.header[i] for i in keep], [[r[i] for i in keep] for r in base.rows]), INVALID


@mutation
def column_extra(base, rng):
    return base.write([*base.header, "extra"], [[*r, "1"] for r in base.rows]), ANY


@mutation
def header_case(base, rng):
    header = [h.swapcase() for h in base.header]
    return base.write(header, base.rows), SAME if header == base.header else INVALID


@mutation
def header_missing(base, rng):
    return base.write(base.rows[0], base.rows[1:]), INVALID


@mutation
def header_repeated(base, rng):
    rows = list(base.rows)
    rows.insert(rng.randrange(len(rows) + 1), list(base.header))
    return base.write(base.header, rows), _unknown_id(base)


@mutation
def column_duplicated_name(base, rng):
    col = rng.choice(base.targets)
    return base.write([*base.header, base.header[col]], [[*r, r[col]] for r in base.rows]), INVALID


# --- bytes: encodings, separators, quoting, damage --------------------------------------------


@mutation
def bom(base, rng):
    return b"\xef\xbb\xbf" + base.write(base.header, base.rows), SAME


@mutation
def crlf(base, rng):
    return base.write(base.header, base.rows).replace(b"\n", b"\r\n"), SAME


@mutation
def bom_crlf_shuffled(base, rng):
    rows = list(base.rows)
    rng.shuffle(rows)
    return b"\xef\xbb\xbf" + base.write(base.header, rows).replace(b"\n", b"\r\n"), SAME


@mutation
def quoted_everywhere(base, rng):
    return write(base.header, base.rows, quoting=csv.QUOTE_ALL), SAME


@mutation
def trailing_blank_lines(base, rng):
    return base.write(base.header, base.rows) + b"\n\n\n", SAME


@mutation
def utf16(base, rng):
    return base.write(base.header, base.rows).decode().encode(rng.choice(["utf-16", "utf-16-le", "utf-32"])), INVALID


@mutation
def latin1_byte(base, rng):
    row, col = rng.randrange(len(base.rows)), rng.choice(base.targets + base.id_columns)
    data = base.write(base.header, _with_cell(base, row, col, base.rows[row][col] + "\x00MARK"))
    return data.replace(b"\x00MARK", b"\xe9"), INVALID


@mutation
def separator(base, rng):
    out = io.StringIO()
    sep = rng.choice([";", "\t", "|"])
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(base.header)
    writer.writerows(base.rows)
    return out.getvalue().encode(), INVALID


@mutation
def stray_quote(base, rng):
    data = bytearray(base.write(base.header, base.rows))
    data.insert(rng.randrange(len(data) + 1), ord('"'))
    return bytes(data), ANY


@mutation
def byte_flips(base, rng):
    data = bytearray(base.write(base.header, base.rows))
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data), ANY


@mutation
def truncated(base, rng):
    data = base.write(base.header, base.rows)
    return data[: rng.randrange(len(data))], ANY


@mutation
def nul_bytes(base, rng):
    data = bytearray(base.write(base.header, base.rows))
    data[rng.randrange(len(data)) : 0] = b"\x00" * rng.randint(1, 8)
    return bytes(data), ANY


@mutation
def empty_file(base, rng):
    return rng.choice([b"", b"\n", b"\xef\xbb\xbf", b" "]), INVALID
