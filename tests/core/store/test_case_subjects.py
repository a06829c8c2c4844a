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
