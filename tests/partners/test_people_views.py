"""Pages for a partner's people: the people page, adding and editing, inviting, removing; and
what the public profile shows of them (focal points' names and positions, never contacts)."""

from __future__ import annotations

import pytest
from django.core import mail

from alliance87.core.models import AuditEntry, Role, User
from alliance87.partners import services
from alliance87.partners.models import Person

from ..conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(make_partner):
    return make_partner("anl", names={"en": "Free Childhood Association"}, countries=["PER"])


@pytest.fixture
def admin(make_user, partner):
    return make_user(Role.PARTNER_ADMIN, scope=partner, full_name="Ana Admin")


@pytest.fixture
def people(partner, admin):
    focal = services.person_add(
        actor=admin,
        partner_id=partner.pk,
        data={
            "full_name": "Luis Quispe",
            "position": "Programme coordinator",
            "email": "luis@private.example",
            "phone": "+51 1 555 0199",
            "is_focal_point": True,
            "languages": ["es"],
        },
    )
    other = services.person_add(
        actor=admin,
        partner_id=partner.pk,
        data={
            "full_name": "Rosa Mamani",
            "position": "Accountant",
            "email": "rosa@private.example",
        },
    )
    return focal, other


def test_the_public_profile_shows_focal_points_names_and_positions_only(client, people, outsider):
    for c in (client, client_for(outsider)):
        html = c.get("/en/partners/anl/").content.decode()
        assert "Luis Quispe" in html and "Programme coordinator" in html and "Focal points" in html
        assert "Rosa Mamani" not in html and "Accountant" not in html
        assert "private.example" not in html and "555" not in html


def test_the_partners_own_people_see_everyone_with_contact_details(people, partner, make_user):
    member = make_user(Role.PARTNER_MEMBER, scope=partner)
    html = client_for(member).get("/en/partners/anl/").content.decode()
    assert "Rosa Mamani" in html and "rosa@private.example" in html and "+51 1 555 0199" in html


def test_the_people_page_lists_people_with_their_access(people, admin, partner):
    services.person_grant_access(
        actor=admin, person_id=people[0].pk, role="partner_member", expected_version=1
    )
    html = client_for(admin).get("/en/partners/anl/people/").content.decode()
    assert "rosa@private.example" in html and "Partner member" in html and "No access" in html
    assert "Spanish" in html
    html = client_for(admin).get("/es/partners/anl/people/").content.decode()
    assert "español" in html.lower()


def test_an_administrator_adds_a_person_through_the_page(admin, partner):
    response = client_for(admin).post(
        "/en/partners/anl/people/add/",
        {
            "full_name": "Eva Ruiz",
            "position": "Director",
            "email": "eva@anl.example",
            "phone": "+51 1 555 0101",
            "languages": ["es", "en"],
            "is_focal_point": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/en/partners/anl/people/")
    person = Person.objects.get()
    assert (person.full_name, person.languages, person.is_focal_point) == (
        "Eva Ruiz",
        ["es", "en"],
        True,
    )
    assert AuditEntry.objects.filter(event="partners.person.created", actor=admin).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"full_name": "Eva", "email": "not-an-address"}, "email"),
        ({"full_name": "Eva", "phone": "call me maybe"}, "phone"),
        ({"full_name": "Eva", "languages": ["tlh"]}, "languages"),
    ],
)
def test_the_person_form_names_the_field_at_fault_and_saves_nothing(admin, partner, data, field):
    response = client_for(admin).post("/en/partners/anl/people/add/", data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert (
        not Person.objects.exists()
        and not AuditEntry.objects.filter(event__startswith="partners.person").exists()
    )


def test_a_duplicate_e_mail_is_shown_next_to_the_field(people, admin):
    response = client_for(admin).post(
        "/en/partners/anl/people/add/", {"full_name": "Other", "email": "luis@private.example"}
    )
    assert "email" in response.context["form"].errors and Person.objects.count() == 2


def test_an_edit_made_on_a_stale_page_is_refused_and_overwrites_nothing(
    people, admin, partner, make_user
):
    focal = people[0]
    other_admin = make_user(Role.PARTNER_ADMIN, scope=partner)
    assert (
        client_for(other_admin)
        .post(
            f"/en/partners/anl/people/{focal.pk}/edit/",
            {"full_name": "Luis Quispe", "position": "Director", "version": 1},
        )
        .status_code
        == 302
    )
    response = client_for(admin).post(
        f"/en/partners/anl/people/{focal.pk}/edit/",
        {"full_name": "Luis Quispe", "position": "Intern", "version": 1},
    )
    assert (
        response.status_code == 200
        and "Someone else changed this person" in response.content.decode()
    )
    focal.refresh_from_db()
    assert focal.position == "Director" and focal.version == 2


def test_an_edit_without_its_version_is_refused(people, admin):
    response = client_for(admin).post(
        f"/en/partners/anl/people/{people[0].pk}/edit/", {"full_name": "X"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    people[0].refresh_from_db()
    assert people[0].full_name == "Luis Quispe"


def test_the_edit_form_shows_the_current_values(people, admin):
    response = client_for(admin).get(f"/en/partners/anl/people/{people[0].pk}/edit/")
    assert 'value="luis@private.example"' in response.content.decode()


def test_inviting_from_the_page_gives_access_and_sends_the_e_mail(
    people, admin, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            f"/en/partners/anl/people/{people[1].pk}/access/",
            {"role": "partner_admin", "version": 1},
        )
    assert response.status_code == 302
    user = User.objects.get(email="rosa@private.example")
    assert Person.objects.get(pk=people[1].pk).user == user
    assert mail.outbox[-1].to == ["rosa@private.example"] and "set-password" in mail.outbox[-1].body


def test_an_invitation_with_an_unknown_role_changes_nothing(people, admin):
    response = client_for(admin).post(
        f"/en/partners/anl/people/{people[1].pk}/access/", {"role": "secretariat", "version": 1}
    )
    assert response.status_code == 302
    assert not User.objects.filter(email="rosa@private.example").exists()


def test_the_last_administrator_is_told_why_they_cannot_leave(partner, secretariat):
    person = services.person_add(
        actor=secretariat,
        partner_id=partner.pk,
        data={"full_name": "Only", "email": "only@anl.example"},
    )
    services.person_grant_access(
        actor=secretariat, person_id=person.pk, role="partner_admin", expected_version=1
    )
    only = User.objects.get(email="only@anl.example")
    response = client_for(only).post(
        f"/en/partners/anl/people/{person.pk}/remove-access/", {"version": 2}, follow=True
    )
    assert "at least one administrator" in response.content.decode()
    assert Person.objects.get(pk=person.pk).user == only


def test_removing_a_person_from_the_page(people, admin):
    response = client_for(admin).post(
        f"/en/partners/anl/people/{people[1].pk}/remove/", {"version": 1}
    )
    assert response.status_code == 302 and not Person.objects.filter(pk=people[1].pk).exists()


def test_a_person_of_another_partner_is_not_found_through_this_one(people, make_partner, make_user):
    make_partner("other")
    other_admin = make_user(Role.PARTNER_ADMIN, scope=make_partner("third"))
    assert (
        client_for(other_admin).get(f"/en/partners/third/people/{people[0].pk}/edit/").status_code
        == 404
    )
    assert (
        client_for(other_admin)
        .post(f"/en/partners/third/people/{people[0].pk}/remove/", {"version": 1})
        .status_code
        == 404
    )
    assert Person.objects.filter(pk=people[0].pk).exists()


def test_the_people_page_of_an_unknown_partner_is_not_found(admin):
    assert client_for(admin).get("/en/partners/nobody/people/").status_code == 404


def test_exports_and_the_directory_never_carry_peoples_contact_details(client, people):
    import io

    from openpyxl import load_workbook

    csv_body = client.get("/en/partners/export.csv").content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(client.get("/en/partners/export.xlsx").content)).active
    xlsx_body = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    directory = client.get("/en/partners/").content.decode()
    for body in (csv_body, xlsx_body, directory):
        assert "Free Childhood Association" in body
        assert "private.example" not in body and "555 0199" not in body


@pytest.mark.parametrize(
    "path", ["/en/partners/anl/people/", "/api/partners/anl/people", "/en/partners/anl/"]
)
def test_people_lists_run_the_same_number_of_queries_for_3_and_30_people(path, partner, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(n: int) -> int:
        Person.objects.filter(partner=partner).delete()
        Person.objects.bulk_create(
            Person(
                partner=partner,
                full_name=f"Person {i}",
                email=f"p{i}@anl.example",
                is_focal_point=i % 2 == 0,
            )
            for i in range(n)
        )
        c = client_for(admin)
        c.get(path)  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(path)
        assert response.status_code == 200 and f"p{n - 1}@anl.example" in response.content.decode()
        return len(ctx.captured_queries)

    assert queries_with(3) == queries_with(30)
