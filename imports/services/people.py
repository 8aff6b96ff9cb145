"""Importing people with their memberships and management roles.

One row per person and collective: the person (matched by full name, birth year and
commune), optionally a membership of a collective (matched by person and collective) and
a management role there (matched by person, collective and role). A person who belongs
to two collectives takes two rows, with the same personal details.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.services import scoped_update
from cooperatives.ethnicity import Ethnicity, ethnicity_from_text, person_ethnicity
from cooperatives.models import (
    Education,
    Gender,
    ManagementRole,
    Membership,
    MemberType,
    Person,
    PersonKind,
    RoleKind,
)
from core.text import fold
from imports.services.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Column,
    Importer,
    ParsedRow,
    RowErrors,
    chunks,
    fail,
)
from imports.services.cells import CellError, ChoiceReader, parse_text

GENDER = ChoiceReader(Gender)


class EthnicityReader(ChoiceReader):
    """A group of the official list by its name (accents or not, other spellings, a local
    group such as Sán Chỉ for its group) or its GSO code: cooperatives.ethnicity."""

    def __call__(self, value) -> str:
        found = ethnicity_from_text(parse_text(value))
        if found is None:
            raise CellError(_("“%(v)s” không có trong danh mục 54 dân tộc (Tổng cục Thống kê); hãy ghi tên "
                              "dân tộc, ví dụ Tày, Dao, Sán Chay, hoặc mã của nó (02, 09, 15). Nhóm địa phương "
                              "ghi ở cột “Nhóm địa phương”.") % {"v": value})
        return str(found[0])


ETHNICITY = EthnicityReader(Ethnicity)
EDUCATION = ChoiceReader(Education, {
    "Thạc sĩ": "postgraduate", "Tiến sĩ": "postgraduate", "Trên đại học": "postgraduate",
    "Sơ cấp nghề": "elementary", "Chưa đào tạo": "none", "Không": "none",
})
PERSON_KIND = ChoiceReader(PersonKind, {"Hộ": "household", "Hộ gia đình": "household"})
MEMBER_TYPE = ChoiceReader(MemberType, {"Chính thức": "official", "Liên kết": "associate"})
ROLE = ChoiceReader(RoleKind, {
    "Chủ tịch": "chair", "Chủ tịch Hội đồng quản trị": "chair", "Phó Giám đốc": "deputy_director",
    "Kế toán": "chief_accountant", "Kiểm soát viên": "controller", "Trưởng ban kiểm soát": "controller",
    "Tổ trưởng": "group_leader",
})

PERSON_FIELDS = ("full_name", "birth_year", "unit", "gender", "ethnicity", "ethnic_subgroup", "education", "phone")
MEMBERSHIP_FIELDS = {"member_type": "member_type", "joined_on": "joined_on", "left_on": "left_on",
                     "capital_contribution": "capital_contribution"}
ROLE_FIELDS = {"role": "role", "role_started_on": "started_on", "role_ended_on": "ended_on"}


class PeopleImporter(Importer):
    kind = "people"
    title = _l("Thành viên, cán bộ quản lý")
    sheet_name = _l("Thành viên, cán bộ quản lý")
    description = _l("Mỗi dòng là một người và (nếu có) tư cách thành viên, chức danh của người đó ở một tổ "
                     "chức. Người được nhận ra theo họ tên, năm sinh và xã; người tham gia hai tổ chức ghi "
                     "hai dòng.")
    columns = [
        Column("full_name", _l("Họ và tên"), required=True, example="Hoàng Thị Lan"),
        Column("birth_year", _l("Năm sinh"), "year", example="1982"),
        Column("unit", _l("Xã / phường / thị trấn (nơi ở)"), "unit", required=True, example="Xã Hoành Mô"),
        Column("gender", _l("Giới tính"), GENDER, example="Nữ"),
        Column("ethnicity", _l("Dân tộc"), ETHNICITY, help=_l("Tên hoặc mã dân tộc (54 dân tộc, mã của Tổng cục "
                                                             "Thống kê)."), example="Tày"),
        Column("ethnic_subgroup", _l("Nhóm địa phương"), help=_l("Ví dụ: Sán Chỉ.")),
        Column("education", _l("Trình độ chuyên môn"), EDUCATION, example="Trung cấp"),
        Column("person_kind", _l("Loại (cá nhân, hộ, tổ chức)"), PERSON_KIND, help=_l("Để trống là cá nhân.")),
        Column("phone", _l("Điện thoại")),
        Column("registration_code", _l("Mã số HTX của tổ chức"),
               help=_l("Với tổ hợp tác, để trống và ghi tên tổ chức."), example="5701234567"),
        Column("collective_name", _l("Tên tổ chức"), help=_l("Chỉ dùng khi không có mã số.")),
        Column("member_type", _l("Loại thành viên"), MEMBER_TYPE, help=_l("Để trống nếu không là thành viên."),
               example="Thành viên chính thức"),
        Column("joined_on", _l("Ngày gia nhập"), "date", example="01/02/2019"),
        Column("left_on", _l("Ngày ra khỏi"), "date"),
        Column("capital_contribution", _l("Vốn góp (đồng)"), "money", example="20.000.000"),
        Column("role", _l("Chức danh quản lý"), ROLE, help=_l("Để trống nếu không giữ chức danh."),
               example="Giám đốc"),
        Column("role_started_on", _l("Ngày bắt đầu giữ chức danh"), "date", example="01/02/2019"),
        Column("role_ended_on", _l("Ngày thôi giữ chức danh"), "date"),
    ]
    field_columns = {"kind": "person_kind", "collective": "registration_code", "person": "full_name"}
    main_model = Person
    link_name = "cooperatives:person_detail"
    label_columns = ("full_name", "birth_year")

    def prepare(self, rows: list[ParsedRow]) -> None:
        self.collectives.prefetch(r.values.get("registration_code") for r in rows)
        unit_ids = {r.values["unit"].pk for r in rows if "unit" in r.values}
        self.people: dict[tuple, Person] = {}
        for part in chunks(unit_ids):
            for person in Person.objects.filter(unit__in=part).select_related("unit").order_by("pk"):
                self.people.setdefault((fold(person.full_name), person.birth_year, person.unit_id), person)
        self.person_rows: dict[tuple, tuple[int, dict]] = {}

    def _save(self, row: ParsedRow, model, instance, values: dict, mapping: dict[str, str]):
        """Create or update one record; returns (record, action). Errors name the row's columns."""
        try:
            if instance is None:
                return self.create(row, model, values), CREATED
            changes = self.changes_for(instance, values, row)
            if not changes:
                return instance, UNCHANGED
            return scoped_update(instance, actor=self.actor, changes=changes,
                                 expected_version=instance.version), UPDATED
        except ValidationError as exc:
            raise RowErrors(self.errors_from_validation(exc, mapping)) from exc

    def import_row(self, row: ParsedRow) -> str:
        values = row.values
        person_values = {k: values[k] for k in PERSON_FIELDS if k in values}
        if "person_kind" in values:
            person_values["kind"] = values["person_kind"]
        if "ethnicity" in values:
            # As the person page stores it: "Sán Chỉ" is 15 Sán Chay with "Sán Chỉ" as the
            # local group, unless the row writes another; a blank subgroup cell changes nothing.
            found = person_ethnicity(parse_text(row.raw["ethnicity"]), values.get("ethnic_subgroup", ""))
            if found is not None:
                person_values["ethnicity"], subgroup = found
                if subgroup:
                    person_values["ethnic_subgroup"] = subgroup
        key = (fold(values["full_name"]), values.get("birth_year"), values["unit"].pk)
        self.agree_with_earlier(self.person_rows, key, row, person_values, "full_name",
                                _("Thông tin của người này khác với dòng %(row)s của tệp."))

        person, person_action = self._save(row, Person, self.people.get(key), person_values,
                                           {"kind": "person_kind"})
        self.people[key] = person
        self.count(Person, person_action)
        actions = [person_action]

        wants_membership = any(k in values for k in MEMBERSHIP_FIELDS)
        wants_role = any(k in values for k in ROLE_FIELDS)
        has_collective = values.get("registration_code") or values.get("collective_name")
        if (wants_membership or wants_role) and not has_collective:
            fail("registration_code", _("Hãy ghi mã số HTX hoặc tên tổ chức mà người này tham gia."))
        if has_collective:
            collective = self.collectives.resolve(code=values.get("registration_code"),
                                                  name=values.get("collective_name"), unit=None)
            if not (wants_membership or wants_role):
                fail("member_type", _("Hãy ghi loại thành viên, ngày gia nhập hoặc chức danh ở tổ chức này."))
            if wants_membership:
                actions.append(self._membership(row, person, collective))
            if wants_role:
                actions.append(self._role(row, person, collective))

        if actions[0] == CREATED:
            return CREATED
        return UPDATED if any(a != UNCHANGED for a in actions) else UNCHANGED

    def _membership(self, row: ParsedRow, person: Person, collective) -> str:
        values = {target: row.values[source] for source, target in MEMBERSHIP_FIELDS.items() if source in row.values}
        self.once(("membership", person.pk, collective.pk), row, "registration_code",
                  _("Tư cách thành viên của người này ở tổ chức này trùng với dòng %(row)s của tệp."))
        existing = None
        if person.pk:
            candidates = list(Membership.objects.filter(person=person, collective=collective).order_by("-joined_on"))
            same_day = [m for m in candidates if m.joined_on == values.get("joined_on")]
            existing = next(iter(same_day or candidates), None)
        if existing is None and "joined_on" not in values:
            fail("joined_on", _("Hãy nhập ngày gia nhập."))
        _record, action = self._save(row, Membership, existing, {"person": person, "collective": collective, **values},
                                     {"person": "full_name", "collective": "registration_code"})
        self.count(Membership, action)
        return action

    def _role(self, row: ParsedRow, person: Person, collective) -> str:
        values = {target: row.values[source] for source, target in ROLE_FIELDS.items() if source in row.values}
        if "role" not in values:
            fail("role", _("Hãy ghi chức danh."))
        self.once(("role", person.pk, collective.pk, values["role"]), row, "role",
                  _("Chức danh này của người này ở tổ chức này trùng với dòng %(row)s của tệp."))
        candidates = list(ManagementRole.objects.filter(person=person, collective=collective, role=values["role"])
                          .order_by("-started_on"))
        same_day = [r for r in candidates if r.started_on == values.get("started_on")]
        existing = next(iter(same_day or candidates), None)
        if existing is None and "started_on" not in values:
            fail("role_started_on", _("Hãy nhập ngày bắt đầu giữ chức danh."))
        _record, action = self._save(
            row, ManagementRole, existing, {"person": person, "collective": collective, **values},
            {"started_on": "role_started_on", "ended_on": "role_ended_on", "person": "full_name",
             "collective": "registration_code"},
        )
        self.count(ManagementRole, action)
        return action
