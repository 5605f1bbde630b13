"""Files of a country (letters, evidence, reports) are never served from a guessable public URL:
a view checks permission first (rule 5: safe file uploads)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alliance87.core.models import Role
from alliance87.pathfinders.models import Document, Pathfinder, PathfinderEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def nepal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = Pathfinder.objects.create(
        country_id="NPL",
        status="active",
        stage="implementation",
        became_active_on=dt.date(2020, 1, 10),
    )
    letter = PathfinderEvent.objects.create(
        pathfinder=p,
        type="expression_of_interest",
        on=dt.date(2019, 1, 5),
        file=SimpleUploadedFile("Carta ministro.pdf", PDF),
    )
    report = Document.objects.create(
        pathfinder=p,
        kind="report",
        year=2021,
        state="finalised",
        file=SimpleUploadedFile("informe.pdf", PDF),
    )
    return p, letter, report


def test_stored_names_are_unguessable(nepal):
    _p, letter, report = nepal
    assert "Carta" not in letter.file.name and "informe" not in report.file.name


def _reviewing(user, document):
    Document.objects.filter(pk=document.pk).update(reviewer=user)
    return user


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("gcg_member", False),
        ("other_focal", False),
        ("focal", True),
        ("reviewer_of_the_report", True),
        ("reviewer_of_another_country", False),
        ("reviewer_of_a_draft", False),
        ("reviewer_unassigned", False),
        ("secretariat", True),
    ],
)
def test_a_ministers_letter_is_downloaded_only_by_those_who_see_the_history(
    nepal, make_user, who, allowed
):
    p, letter, report = nepal
    user = {
        "anonymous": lambda: None,
        "outsider": lambda: make_user(None),
        "gcg_member": lambda: make_user(Role.GCG_MEMBER),
        "other_focal": lambda: make_user(
            Role.FOCAL_POINT,
            scope=Pathfinder.objects.create(country_id="PER", status="candidate", stage="planning"),
        ),
        "focal": lambda: make_user(Role.FOCAL_POINT, scope=p),
        "reviewer_of_the_report": lambda: _reviewing(make_user(Role.REVIEWER), report),
        "reviewer_of_another_country": lambda: _reviewing(
            make_user(Role.REVIEWER),
            Document.objects.create(
                pathfinder=Pathfinder.objects.create(
                    country_id="PER", status="active", stage="implementation"
                ),
                kind="report",
                year=2021,
                state="submitted",
            ),
        ),
        "reviewer_of_a_draft": lambda: _reviewing(
            make_user(Role.REVIEWER),
            Document.objects.create(pathfinder=p, kind="report", year=2022),
        ),
        "reviewer_unassigned": lambda: make_user(Role.REVIEWER),
        "secretariat": lambda: make_user(Role.SECRETARIAT),
    }[who]()
    response = client_for(user).get(f"/en/pathfinders/events/{letter.pk}/file/")
    if allowed:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(
            'attachment; filename="NPL-expression_of_interest-2019-01-05.pdf"'
        )
        assert b"".join(response.streaming_content) == PDF
    else:
        assert response.status_code in (302, 403)


def test_a_report_file_is_public_only_once_published_on_a_published_profile(nepal):
    p, _letter, report = nepal
    url = f"/en/pathfinders/documents/{report.pk}/file/"
    assert client_for(None).get(url).status_code == 302  # to sign in
    Document.objects.filter(pk=report.pk).update(published=True)
    assert client_for(None).get(url).status_code == 302  # profile not yet published
    Pathfinder.objects.filter(pk=p.pk).update(profile_published=True)
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_refused_expression_of_interest_leaves_no_letter_behind(settings, tmp_path, secretariat):
    """The letter is written with its event; when the step is then refused (here a focal
    point's name too long for its field) the transaction rolls back and the file goes too."""
    from alliance87.core.exceptions import ValidationError
    from alliance87.pathfinders import services

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.pathfinder_express_interest(
            actor=secretariat,
            country_iso3="NPL",
            on=dt.date(2026, 1, 5),
            addressed_to="ilo_director_general",
            minister="Minister of Labour",
            focal_point_name="N" * 201,
            letter=SimpleUploadedFile("carta.pdf", PDF, content_type="application/pdf"),
        )
    assert not Pathfinder.objects.filter(country_id="NPL").exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
