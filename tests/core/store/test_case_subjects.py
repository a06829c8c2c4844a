"""A case's operator against the operators the cache knows, now that an operator is the employee ID its
tickets carry: the pickers list each as the window names it (``Ines Brontë (E1014)``; one without an ID by
its name), and a case's operator is known by that text, by the name or by the ID — a new case from tickets
of E1014 is filed under "Ines Brontë (E1014)" and was asked about as unknown."""

from __future__ import annotations

from ows_desktop.store.case_subjects import KnownSubjects


class Reader:
    def distinct_values(self, column: str) -> list[str]:
        return ["S027", "S063"]

    def terminals(self) -> list[tuple[str, str]]:
        return [("S027", "S027-R01")]

    def operators(self) -> list[tuple[str, str, str]]:
        return [("S027", "E1014", "Ines Brontë"), ("S063", "E1053", "Ines Brontë"), ("S063", "", "Ana")]


def test_an_operator_is_listed_by_name_and_id_and_known_by_either() -> None:
    known = KnownSubjects.read(Reader())
    assert known.operators == ("Ana", "Ines Brontë (E1014)", "Ines Brontë (E1053)")
    for typed in ("Ines Brontë (E1014)", "E1053", "Ines Brontë", "Ana"):
        assert known.unknown(operator=typed) == [], typed
    assert [u.value for u in known.unknown(operator="Nobody Here")] == ["Nobody Here"]
    assert [u.value for u in known.unknown(operator="Ana (no employee ID)")] == ["Ana (no employee ID)"]


def test_a_value_differing_only_in_accents_case_or_spacing_is_offered_as_the_known_one() -> None:
    """ "Yuki Bronte" was asked about as unknown with nothing offered, though the search finds "Brontë" for it:
    the question now offers the known operator (by its name before the ID too), store or register."""
    known = KnownSubjects.read(Reader())
    (ines,) = known.unknown(operator="ines  BRONTE")
    assert ines.near == "Ines Brontë (E1014)"  # the first of the two; the picker lists both
    (ana,) = known.unknown(operator="Anà")
    assert ana.near == "Ana"
    (store,) = known.unknown(location="s027")
    assert store.near == "S027"
    (nobody,) = known.unknown(operator="Ines Bronx")
    assert nobody.near is None


class Renamed(Reader):
    def operators(self) -> list[tuple[str, str, str]]:  # E1099's name differs between stores; E1031 alone
        return [*super().operators(), ("S027", "E1099", "Bo Lind"), ("S063", "E1099", "Bo Lindqvist"),
                ("S027", "E1031", "Yuki Brontë"), ("S063", "E1031", "E1031")]  # fmt: skip


def test_an_employee_id_typed_is_the_operator_the_picker_lists_when_it_names_one() -> None:
    """A tester typed the operator as "E1031" and the case's subject, its header and the PDF's cover said
    "operator E1031" where the picker offered "Yuki Brontë (E1031)": an ID that names exactly one listed
    operator is that operator (a ticket naming no one but the ID is the same person); one naming several
    names, or none, stays as typed, as does a name (names repeat across stores)."""
    known = KnownSubjects.read(Renamed())
    assert known.operator_of("E1031") == "Yuki Brontë (E1031)"
    assert known.operator_of(" E1014 ") == "Ines Brontë (E1014)"
    assert known.operator_of("E1099") == "E1099"  # Bo Lind or Bo Lindqvist: not chosen for the person
    assert known.operator_of("E9999") == "E9999"  # no ticket names it: asked about (unknown) as before
    assert known.operator_of("Ines Brontë") == "Ines Brontë"  # two cashiers of that name
    assert known.operator_of("Yuki Brontë (E1031)") == "Yuki Brontë (E1031)"
    assert known.operator_of("") == ""
    # an ID in another letter case is not known: the question offers the operator ("Use “…”")
    (typed,) = known.unknown(operator="e1031")
    assert typed.near == "Yuki Brontë (E1031)"
    (several,) = known.unknown(operator="e1099")
    assert several.near is None
