from accounts import scope
from cooperatives.models import Collective
from tests.factories import CollectiveFactory


def test_district_scope_covers_its_communes_and_their_whole_2025_successors(units):
    ids = units["198"].__class__.objects.within_ids(units["198"])
    codes = set(units["198"].__class__.objects.filter(pk__in=ids).values_list("code", flat=True))
    assert {"198", "06838", "06841", "06844", "06847", "06853", "06856", "06859", "06850"} <= codes
    assert {"N13861", "N10277", "N10533"} <= codes
    # Tiên Yên only received part of Vô Ngại: not Bình Liêu.
    assert "N-TIENYEN" not in codes


def test_new_commune_scope_covers_the_communes_it_wholly_succeeded(units):
    ids = units["N10277"].__class__.objects.within_ids(units["N10277"])
    codes = set(units["N10277"].__class__.objects.filter(pk__in=ids).values_list("code", flat=True))
    assert codes == {"N10277", "06841", "06847"}


def test_commune_officer_sees_only_their_commune(units, commune_officer):
    mine = CollectiveFactory(unit=units["06841"])
    CollectiveFactory(unit=units["06856"])
    assert list(scope.visible(commune_officer, Collective.objects.all())) == [mine]
