"""GCG services: what the Secretariat does, checked against the database and the audit log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from alliance87.core.exceptions import TransitionRefused, ValidationError
from alliance87.core.models import AuditEntry
from alliance87.governance import seed, selectors, services
from alliance87.governance.models import Attendance, Decision, Meeting, Member, Seat
from alliance87.groups.models import Group
from alliance87.pathfinders.models import Pathfinder
from tests.pathfinders.helpers import make_ready

from .helpers import TODAY, fill_gcg, make_meeting, mark_present, quorum_members, seat

pytestmark = pytest.mark.django_db


def test_the_seed_ships_32_seats_the_chair_and_vice_chair_and_the_5th_meeting_idempotently():
    seed.load()
    summary = seed.load()
    assert Seat.objects.count() == 32
    assert summary.startswith("32 seats, 2 members, 1 meeting, 8 agenda items")
    chair = Member.objects.get(seat__constituency="chair")
    assert (chair.country_id, chair.person) == ("FRA", None)
    assert Member.objects.get(seat__constituency="vice_chair").country_id == "ARG"
    meeting = Meeting.objects.get(number=5)
    assert meeting.starts_at.isoformat() == "2019-07-17T14:30:00+00:00"  # 10:30 in New York
    assert "Madison Ballroom" in meeting.place["es"]
    assert (meeting.city["es"], meeting.city["en"], meeting.city["pt"]) == (
        "Nueva York",
        "New York",
        "Nova York",
    )
    titles = [a.titles["es"] for a in meeting.agenda.all()]
    assert titles[0] == "Bienvenida y entrega de la nueva presidencia."
    assert titles[3] == "Pausa para el café"
    assert len(titles) == 8


def test_it_refuses_a_seat_assignment_that_breaks_the_composition(secretariat):
    seed.load()
    africa = Seat.objects.get(constituency="regional", regional_group="african")
    services.seat_assign(
        actor=secretariat,
        seat_id=africa.pk,
        country_iso3="NGA",
        term_start=TODAY,
        nominated_by="regional_group",
    )
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.seat_assign(
            actor=secretariat,
            seat_id=seat("development_partner").pk,
            country_iso3="NGA",
            term_start=TODAY,
        )
    assert "already holds a government seat" in str(err.value)
    assert Member.objects.filter(seat__constituency="development_partner").count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_a_government_term_ends_after_three_years_and_is_audited(secretariat):
    seed.load()
    m = services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner").pk,
        country_iso3="NOR",
        term_start=dt.date(2020, 1, 1),
    )
    assert m.term_end == dt.date(2022, 12, 31)
    entry = AuditEntry.objects.get(event="governance.member.assigned")
    assert entry.changes["holder"][1] == "Norway"


def test_a_gcg_member_cannot_assign_a_seat(gcg_member):
    seed.load()
    with pytest.raises(Exception) as err:
        services.seat_assign(
            actor=gcg_member, seat_id=seat("ngo").pk, country_iso3="NOR", term_start=TODAY
        )
    assert type(err.value).__name__ == "PermissionDenied"
    assert not Member.objects.filter(seat__constituency="ngo").exists()


def test_recording_attendance_updates_the_quorum_and_names_the_missing_groups(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    governments = [m for m in members if m.seat.stakeholder_group == "governments"]
    un = [m for m in members if m.seat.stakeholder_group == "un_igo"]
    mark_present(secretariat, meeting, governments + un[:1])
    q = selectors.meeting_quorum(meeting)
    assert q.present == 16 and not q.holds
    assert [g.value for g in q.missing_groups] == ["employers", "workers", "ngos"]
    assert AuditEntry.objects.filter(event="governance.attendance.recorded").count() == 16


def test_it_refuses_attendance_for_someone_who_held_no_seat_that_day(secretariat):
    members = fill_gcg(secretariat, start=TODAY)
    meeting = make_meeting(secretariat, day=TODAY - dt.timedelta(days=10))
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(
            actor=secretariat, meeting_id=meeting.pk, member_id=members[0].pk, presence="present"
        )
    assert not Attendance.objects.exists()
    assert AuditEntry.objects.count() == before


def test_it_refuses_a_decision_without_quorum_and_writes_nothing(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members, 15))
    audit_before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as err:
        services.decision_record(actor=secretariat, meeting_id=meeting.pk, text="Adopt the plan")
    assert "15 of the 16" in err.value.message
    assert not Decision.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_with_quorum_and_no_objection_the_decision_is_adopted(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    d = services.decision_record(actor=secretariat, meeting_id=meeting.pk, text="Adopt the plan")
    assert (d.outcome, d.present_count) == ("adopted", 16)
    assert AuditEntry.objects.get(event="governance.decision.adopted").object_label == d.reference


def test_one_objection_means_the_proposal_is_not_adopted(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    present = quorum_members(members)
    mark_present(secretariat, meeting, present)
    d = services.decision_record(
        actor=secretariat, meeting_id=meeting.pk, text="x", objector_ids=[present[3].pk]
    )
    assert d.outcome == "not_adopted"
    assert [o.member_id for o in d.objections.all()] == [present[3].pk]


def test_only_members_present_can_object(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    present = quorum_members(members)
    mark_present(secretariat, meeting, present)
    absent = next(m for m in members if m not in present)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=secretariat, meeting_id=meeting.pk, text="x", objector_ids=[absent.pk]
        )
    assert not Decision.objects.exists()
    assert AuditEntry.objects.count() == before


def test_observers_never_count_towards_quorum(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members, 15))
    obs = services.observer_invite(
        actor=secretariat,
        meeting_id=meeting.pk,
        name="Guest",
        organisation="Regional body",
        informed_secretariat_on=TODAY,
        informed_group_on=TODAY,
    )
    obs.present = True
    obs.save()
    assert not selectors.meeting_quorum(meeting).holds


def test_a_decision_creating_a_group_creates_it_active_in_the_same_transaction(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    d = services.decision_record(
        actor=secretariat,
        meeting_id=meeting.pk,
        kind="create_group",
        text="Create an action group on data",
        group_name="Data",
    )
    group = Group.objects.get(pk=d.group_id)
    assert (group.status, group.decision_ref) == ("active", d.reference)


def test_a_pathfinder_grant_changes_the_countrys_status(secretariat):
    members = fill_gcg(secretariat)
    make_ready(secretariat, "UGA")
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    d = services.decision_record(
        actor=secretariat,
        meeting_id=meeting.pk,
        kind="grant_pathfinder",
        text="Grant Uganda pathfinder status",
        country_iso3="UGA",
    )
    assert d.outcome == "adopted"
    assert Pathfinder.objects.get(pk="UGA").status == "active"


def test_a_refused_pathfinder_grant_rolls_the_decision_back(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    with pytest.raises(Exception):  # noqa: B017 - the pathfinders app refuses: no candidate
        services.decision_record(
            actor=secretariat,
            meeting_id=meeting.pk,
            kind="grant_pathfinder",
            text="Grant",
            country_iso3="UGA",
        )
    assert not Decision.objects.exists()


def test_three_unexcused_absences_flag_the_seat_and_the_secretariat_confirms(secretariat):
    members = fill_gcg(secretariat, start=TODAY - dt.timedelta(days=400))
    target = members[5]
    for i in range(3):
        meeting = make_meeting(secretariat, day=TODAY - dt.timedelta(days=300 - 100 * i))
        services.meeting_record_attendance(
            actor=secretariat,
            meeting_id=meeting.pk,
            member_id=target.pk,
            presence="absent_without_notice",
        )
    assert [m.pk for m in selectors.dashboard().forfeited] == [target.pk]
    services.forfeiture_confirm(actor=secretariat, member_id=target.pk)
    target.refresh_from_db()
    assert target.status == "forfeited"
    assert selectors.dashboard().forfeited == []


def test_forfeiture_is_refused_after_only_two_absences(secretariat):
    members = fill_gcg(secretariat, start=TODAY - dt.timedelta(days=400))
    for i in range(2):
        meeting = make_meeting(secretariat, day=TODAY - dt.timedelta(days=300 - 100 * i))
        services.meeting_record_attendance(
            actor=secretariat,
            meeting_id=meeting.pk,
            member_id=members[0].pk,
            presence="absent_without_notice",
        )
    with pytest.raises(TransitionRefused):
        services.forfeiture_confirm(actor=secretariat, member_id=members[0].pk)
    members[0].refresh_from_db()
    assert members[0].status == "active"


def test_the_dashboard_shows_terms_ending_within_six_months_and_thin_years(secretariat):
    seed.load()
    m = services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner").pk,
        country_iso3="NOR",
        term_start=TODAY - dt.timedelta(days=3 * 365 - 30),
    )
    d = selectors.dashboard()
    assert m in d.terms_ending
    assert d.years_below_minimum[2019] == 1 and d.years_below_minimum[2020] == 0


def test_minutes_are_circulated_to_every_member_with_the_pdf(
    secretariat, django_capture_on_commit_callbacks
):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    services.minutes_save(
        actor=secretariat, meeting_id=meeting.pk, conclusions="We agreed.", prepared_by="The chair"
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = services.minutes_circulate(actor=secretariat, meeting_id=meeting.pk)
    assert (
        count == 30
    )  # every member with a known e-mail (the seeded chair and vice-chair have none)
    assert len(mail.outbox) == 30
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    assert mail.outbox[0].attachments[0][1][:4] == b"%PDF"
    assert len(members) == 30  # the 2019 chair and vice-chair's terms have ended


def test_minutes_cannot_be_circulated_before_they_are_written(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    with pytest.raises(TransitionRefused):
        services.minutes_circulate(actor=secretariat, meeting_id=meeting.pk)


def test_open_action_points_carry_over_to_the_next_meeting(secretariat):
    seed.load()
    first = make_meeting(secretariat, day=TODAY - dt.timedelta(days=100))
    services.action_point_add(
        actor=secretariat,
        meeting_id=first.pk,
        text="Draft the note",
        owner="Secretariat",
        due_on=TODAY,
    )
    done = services.action_point_add(
        actor=secretariat, meeting_id=first.pk, text="Book a room", owner="Secretariat"
    )
    services.action_point_set_status(actor=secretariat, action_point_id=done.pk, status="done")
    second = make_meeting(secretariat)
    carried = selectors.meeting_get(second.pk).carried_over
    assert [p.text for p in carried] == ["Draft the note"]


def test_the_chair_prepares_the_minutes_and_invites_observers(secretariat, make_user):
    from django.core.exceptions import PermissionDenied

    from alliance87.partners.models import Person

    seed.load()
    chair_user = make_user(None, full_name="Chair Person")
    person = Person.objects.create(full_name="Chair Person", user=chair_user)
    services.seat_assign(
        actor=secretariat,
        seat_id=seat("chair").pk,
        country_iso3="BRA",
        person_id=person.pk,
        term_start=TODAY,
    )
    meeting = make_meeting(secretariat)
    minutes = services.minutes_save(
        actor=chair_user, meeting_id=meeting.pk, conclusions="Agreed.", prepared_by="The chair"
    )
    assert minutes.conclusions == "Agreed."
    services.observer_invite(
        actor=chair_user,
        meeting_id=meeting.pk,
        name="Observer",
        organisation="",
        informed_secretariat_on=TODAY,
        informed_group_on=TODAY,
    )
    with pytest.raises(PermissionDenied):  # recording decisions stays with the Secretariat
        services.decision_record(actor=chair_user, meeting_id=meeting.pk, text="x")
    other = make_user(None)
    with pytest.raises(PermissionDenied):
        services.minutes_save(actor=other, meeting_id=meeting.pk, conclusions="No")


def test_scheduling_a_meeting_e_mails_each_invited_member_an_ics_after_commit(
    secretariat, django_capture_on_commit_callbacks
):
    from alliance87.governance.models import Invitation

    members = fill_gcg(secretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting = make_meeting(secretariat, title="Septième réunion", language="fr", city="Genève")
    assert mail.outbox == []  # nothing goes out before the transaction commits
    for callback in callbacks:
        callback()
    assert Invitation.objects.filter(meeting=meeting).count() == len(members) == 30
    assert len(mail.outbox) == 30
    message = mail.outbox[0]
    assert message.subject == "Invitation : Septième réunion"
    assert "Genève" in message.body
    name, ics, mimetype = message.attachments[0]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert (name, mimetype) == (f"gcg-meeting-{meeting.pk}.ics", "text/calendar")
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Septième réunion" in ics
    assert {m.to[0] for m in mail.outbox} == {m.person.email for m in members}


def test_members_without_an_e_mail_are_invited_but_not_mailed(
    secretariat, django_capture_on_commit_callbacks
):
    members = fill_gcg(secretariat)
    members[0].person.email = ""
    members[0].person.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(secretariat)
    assert meeting.invitations.count() == 30 and len(mail.outbox) == 29
    entry = AuditEntry.objects.get(event="governance.meeting.created")
    assert entry.changes == {"invited": [None, 30], "e-mailed": [None, 29]}


def test_observers_never_count_and_are_recorded_without_speaking_rights(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members, 15))
    observers = [
        services.observer_invite(
            actor=secretariat,
            meeting_id=meeting.pk,
            name=f"Guest {i}",
            organisation="Regional body",
            informed_secretariat_on=TODAY,
            informed_group_on=TODAY,
        )
        for i in range(3)
    ]
    for obs in observers:
        q = services.observer_record_presence(actor=secretariat, observer_id=obs.pk, present=True)
    assert (q.present, q.holds) == (15, False)
    entry = AuditEntry.objects.filter(event="governance.observer.invited").first()
    assert entry.changes["speaking_rights"] == [None, False]
    assert entry.changes["counts_towards_quorum"] == [None, False]
    assert AuditEntry.objects.filter(event="governance.observer.presence").count() == 3


def test_an_observer_is_invited_only_after_the_secretariat_and_the_group_are_informed(
    secretariat,
):
    seed.load()
    meeting = make_meeting(secretariat, day=TODAY)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.observer_invite(
            actor=secretariat,
            meeting_id=meeting.pk,
            name="Late guest",
            organisation="",
            informed_secretariat_on=TODAY,
            informed_group_on=TODAY + dt.timedelta(days=1),
        )
    assert not meeting.observers.exists()
    assert AuditEntry.objects.count() == before


def _forfeit(secretariat, member) -> None:
    for i in range(3):
        meeting = make_meeting(secretariat, day=TODAY - dt.timedelta(days=300 - 100 * i))
        services.meeting_record_attendance(
            actor=secretariat,
            meeting_id=meeting.pk,
            member_id=member.pk,
            presence="absent_without_notice",
        )
    services.forfeiture_confirm(actor=secretariat, member_id=member.pk)


def test_a_forfeited_seat_goes_to_another_representative_of_the_same_stakeholder_group(
    secretariat,
):
    members = fill_gcg(secretariat, start=TODAY - dt.timedelta(days=400))
    target = next(m for m in members if m.seat.constituency == "workers")
    _forfeit(secretariat, target)
    assert [m.pk for m in selectors.dashboard().open_after_forfeiture] == [target.pk]
    with pytest.raises(ValidationError) as err:  # not back to the holder that forfeited it
        services.seat_assign(
            actor=secretariat,
            seat_id=target.seat_id,
            partner_id=target.partner_id,
            nominated_by="ituc",
            term_start=TODAY,
        )
    assert "another representative" in str(err.value)
    with pytest.raises(ValidationError):  # nor to another stakeholder group
        services.seat_assign(
            actor=secretariat, seat_id=target.seat_id, country_iso3="KEN", term_start=TODAY
        )
    from alliance87.partners.models import Partner

    union = Partner.objects.create(slug="union", names={"en": "Union"}, category="workers")
    new = services.seat_assign(
        actor=secretariat,
        seat_id=target.seat_id,
        partner_id=union.pk,
        nominated_by="ituc",
        term_start=TODAY,
    )
    assert new.seat.stakeholder_group == "workers"
    assert selectors.dashboard().open_after_forfeiture == []


def test_the_dashboard_lists_terms_already_ended_awaiting_rotation(secretariat):
    seed.load()  # France and Argentina from 2019: their three-year terms ended in 2022
    d = selectors.dashboard()
    assert {m.country_id for m in d.terms_ended} == {"FRA", "ARG"}
    assert d.terms_ending == []


def test_the_dashboard_shows_a_term_ending_in_six_months_but_not_in_seven(secretariat):
    seed.load()
    start = lambda months: rules_add(TODAY, months - 36) + dt.timedelta(days=1)  # noqa: E731
    six = services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner", 1).pk,
        country_iso3="NOR",
        term_start=start(6),
    )
    seven = services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner", 2).pk,
        country_iso3="SWE",
        term_start=start(7),
    )
    ending = selectors.dashboard().terms_ending
    assert six in ending and seven not in ending


def rules_add(day, months):
    from alliance87.governance.rules import add_months

    return add_months(day, months)


def test_minutes_go_to_members_of_the_day_and_current_members(
    secretariat, django_capture_on_commit_callbacks
):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    services.member_leave(actor=secretariat, member_id=members[0].pk)  # left after the meeting
    services.minutes_save(actor=secretariat, meeting_id=meeting.pk, conclusions="Agreed.")
    with django_capture_on_commit_callbacks(execute=True):
        count = services.minutes_circulate(actor=secretariat, meeting_id=meeting.pk)
    assert count == 30
    assert members[0].person.email in {m.to[0] for m in mail.outbox}
    entry = AuditEntry.objects.get(event="governance.minutes.circulated")
    assert entry.changes["members_without_email"] == [None, 0]


def test_resource_needs_reported_since_the_previous_meeting_appear_on_the_next_one(secretariat):
    from alliance87.groups import seed as group_seed
    from alliance87.groups import services as group_services
    from alliance87.groups.models import Group

    seed.load()
    group_seed.load()
    group = Group.objects.get(slug="migration")
    first = make_meeting(secretariat, day=TODAY - dt.timedelta(days=60))
    nxt = make_meeting(secretariat, day=TODAY + dt.timedelta(days=30))

    def need(text, days_ago):
        return group_services.resource_need_add(
            actor=secretariat,
            group_id=group.pk,
            description=text,
            reported_to_gcg_on=TODAY - dt.timedelta(days=days_ago)
            if days_ago is not None
            else None,
        )

    need("Before the first meeting", 90)
    need("Since the first meeting", 10)
    need("Not reported yet", None)
    assert [r.description for r in selectors.meeting_get(nxt.pk).resource_needs] == [
        "Since the first meeting"
    ]
    assert [r.description for r in selectors.meeting_get(first.pk).resource_needs] == [
        "Before the first meeting"
    ]
    assert len(selectors.dashboard().resource_needs) == 2


def test_an_action_point_done_at_a_later_meeting_no_longer_carries_over(secretariat):
    seed.load()
    first = make_meeting(secretariat, day=TODAY - dt.timedelta(days=100))
    point = services.action_point_add(
        actor=secretariat, meeting_id=first.pk, text="Draft the note", owner="Secretariat"
    )
    second = make_meeting(secretariat, day=TODAY - dt.timedelta(days=50))
    third = make_meeting(secretariat)
    assert [p.pk for p in selectors.meeting_get(second.pk).carried_over] == [point.pk]
    assert [p.pk for p in selectors.meeting_get(third.pk).carried_over] == [point.pk]
    services.action_point_set_status(actor=secretariat, action_point_id=point.pk, status="done")
    assert selectors.meeting_get(third.pk).carried_over == []
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.action_point_set_status(
            actor=secretariat, action_point_id=point.pk, status="finished"
        )
    point.refresh_from_db()
    assert point.status == "done" and AuditEntry.objects.count() == before


def test_a_holder_assigned_after_a_meeting_is_scheduled_is_invited_to_it(
    secretariat, django_capture_on_commit_callbacks
):
    from alliance87.partners.models import Person

    seed.load()
    past = make_meeting(secretariat, day=TODAY - dt.timedelta(days=5))
    upcoming = make_meeting(secretariat, day=TODAY + dt.timedelta(days=20), title="Next one")
    person = Person.objects.create(full_name="Delegate", email="delegate@gov.example")
    with django_capture_on_commit_callbacks(execute=True):
        member = services.seat_assign(
            actor=secretariat,
            seat_id=seat("development_partner").pk,
            country_iso3="NOR",
            person_id=person.pk,
            term_start=TODAY - dt.timedelta(days=1),
        )
    assert list(member.invitations.values_list("meeting_id", flat=True)) == [upcoming.pk]
    assert not past.invitations.filter(member=member).exists()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["delegate@gov.example"], "Invitation: Next one")
    ]


def test_a_decision_not_adopted_acts_on_nothing(secretariat, partner_member):
    from alliance87.groups import services as group_services

    members = fill_gcg(secretariat)
    proposal = group_services.group_propose(actor=partner_member, name="Data")
    meeting = make_meeting(secretariat)
    present = quorum_members(members)
    mark_present(secretariat, meeting, present)
    d = services.decision_record(
        actor=secretariat,
        meeting_id=meeting.pk,
        kind="create_group",
        text="Create the data group",
        group_id=proposal.pk,
        objector_ids=[present[0].pk],
    )
    assert d.outcome == "not_adopted" and d.group_id is None
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and proposal.decision_ref == ""


def test_a_group_decision_the_groups_app_refuses_rolls_the_decision_back(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    from alliance87.groups import seed as group_seed

    group_seed.load()
    active = Group.objects.get(slug="migration")  # already active: cannot be created again
    audit_before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused):
        services.decision_record(
            actor=secretariat,
            meeting_id=meeting.pk,
            kind="create_group",
            text="Create the migration group",
            group_id=active.pk,
        )
    assert not Decision.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_a_member_who_leaves_is_no_longer_invited_to_later_meetings(secretariat):
    members = fill_gcg(secretariat, start=TODAY - dt.timedelta(days=60))
    past = make_meeting(secretariat, day=TODAY - dt.timedelta(days=10))
    upcoming = make_meeting(secretariat, day=TODAY + dt.timedelta(days=10))
    services.member_leave(actor=secretariat, member_id=members[0].pk)
    assert past.invitations.filter(member=members[0]).exists()  # it was invited then
    assert not upcoming.invitations.filter(member=members[0]).exists()
    assert upcoming.invitations.count() == 29
    entry = AuditEntry.objects.get(event="governance.member.left")
    assert entry.changes["invitations_withdrawn"] == [None, 1]


def test_a_meeting_is_chaired_by_the_chair_in_office_on_its_day(secretariat):
    seed.load()
    assert make_meeting(secretariat).chair_country_id is None  # France's term ended in 2022
    services.seat_assign(
        actor=secretariat, seat_id=seat("chair").pk, country_iso3="BRA", term_start=TODAY
    )
    assert make_meeting(secretariat, day=TODAY + dt.timedelta(days=7)).chair_country_id == "BRA"
    assert make_meeting(secretariat, day=dt.date(2020, 3, 1)).chair_country_id == "FRA"


# --- the database keeps one holder per seat (one chair) -----------------------------------


def test_the_database_keeps_one_chair_through_the_service(secretariat):
    """The rule (``test_rules.test_it_refuses_a_second_chair``) and the database agree: a
    second active holder of the chair's seat is refused with our message, nothing written."""
    seed.load()
    chair_seat = seat("chair")
    first = services.seat_assign(
        actor=secretariat, seat_id=chair_seat.pk, country_iso3="BRA", term_start=TODAY
    )
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.seat_assign(
            actor=secretariat, seat_id=chair_seat.pk, country_iso3="KEN", term_start=TODAY
        )
    assert err.value.message_dict == {"seat": ["This seat already has a holder."]}
    assert list(Member.objects.filter(seat=chair_seat, status="active")) == [first]
    assert AuditEntry.objects.count() == audit_before


def test_the_database_keeps_one_chair_on_a_direct_save(secretariat):
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.db import IntegrityError, transaction

    from alliance87.core.models import Country

    seed.load()
    chair_seat = seat("chair")
    assert Member.objects.filter(seat=chair_seat, status="active").count() == 1  # France
    second = Member(seat=chair_seat, country=Country.objects.get(pk="BRA"), term_start=TODAY)
    with pytest.raises(DjangoValidationError) as err:  # what a form or service sees first
        second.full_clean()
    assert "This seat already has a holder." in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # and what the database enforces
        second.save()
    assert Member.objects.filter(seat=chair_seat, status="active").count() == 1
    second.status = Member.Status.ENDED  # an ended holder beside the active one is history
    second.save()
    assert Member.objects.filter(seat=chair_seat).count() == 2


# --- refusals write nothing; audit rows name the actor and the old and new values ---------


def test_leaving_twice_is_refused_and_writes_nothing(secretariat):
    seed.load()
    member = services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner").pk,
        country_iso3="NOR",
        term_start=TODAY - dt.timedelta(days=30),
    )
    services.member_leave(actor=secretariat, member_id=member.pk, on=TODAY)
    entry = AuditEntry.objects.get(event="governance.member.left")
    assert entry.actor == secretariat
    assert entry.changes["status"] == ["active", "ended"]
    assert entry.changes["term_end"][1] == TODAY.isoformat()
    before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as err:
        services.member_leave(actor=secretariat, member_id=member.pk)
    assert err.value.code == "governance.member.not_allowed_from"
    assert str(err.value) == "This member no longer holds the seat."
    member.refresh_from_db()
    assert (member.status, member.term_end) == ("ended", TODAY)
    assert AuditEntry.objects.count() == before


def test_a_decision_without_quorum_is_refused_with_its_code_and_writes_nothing(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, members[:3])
    before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as err:
        services.decision_record(actor=secretariat, meeting_id=meeting.pk, text="Adopt the plan")
    assert err.value.code == "governance.decision.no_quorum"
    assert err.value.params["present"] == 3
    assert "No quorum" in err.value.message
    assert not Decision.objects.filter(meeting=meeting).exists()
    assert AuditEntry.objects.count() == before


def test_circulating_unwritten_minutes_writes_nothing(secretariat):
    from alliance87.governance.models import Minutes

    seed.load()
    meeting = make_meeting(secretariat)
    before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as err:
        services.minutes_circulate(actor=secretariat, meeting_id=meeting.pk)
    assert err.value.code == "governance.minutes.not_written"
    assert not Minutes.objects.filter(meeting=meeting).exists()
    assert AuditEntry.objects.count() == before
    assert mail.outbox == []


def test_saving_stale_minutes_is_a_conflict_and_writes_nothing(secretariat):
    from alliance87.core.exceptions import Conflict

    seed.load()
    meeting = make_meeting(secretariat)
    minutes = services.minutes_save(
        actor=secretariat, meeting_id=meeting.pk, conclusions="First", prepared_by="Chair"
    )
    entry = AuditEntry.objects.get(event="governance.minutes.saved")
    assert entry.actor == secretariat and entry.changes["conclusions"] == ["", "First"]
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        services.minutes_save(
            actor=secretariat,
            meeting_id=meeting.pk,
            conclusions="Second",
            expected_version=minutes.version - 1,
        )
    minutes.refresh_from_db()
    assert minutes.conclusions == "First"
    assert AuditEntry.objects.count() == before


def test_an_action_point_status_change_is_audited_with_old_and_new(secretariat):
    seed.load()
    meeting = make_meeting(secretariat)
    point = services.action_point_add(
        actor=secretariat, meeting_id=meeting.pk, text="Draft", owner="Chair"
    )
    services.action_point_set_status(actor=secretariat, action_point_id=point.pk, status="done")
    entry = AuditEntry.objects.get(event="governance.action_point.status_changed")
    assert entry.actor == secretariat and entry.changes == {"status": ["open", "done"]}


def test_e_mails_are_composed_in_each_recipients_language(
    secretariat, make_user, django_capture_on_commit_callbacks
):
    """The invitation goes in the language of the representative's account, else in the
    meeting's language."""
    from alliance87.partners.models import Person

    seed.load()
    user = make_user(None, full_name="Ana Delegada")
    user.preferred_language = "es"
    user.save()
    person = Person.objects.create(full_name="Ana Delegada", email="ana@gov.example", user=user)
    other = Person.objects.create(full_name="Other", email="other@gov.example")
    services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner").pk,
        country_iso3="NOR",
        person_id=person.pk,
        term_start=TODAY,
    )
    services.seat_assign(
        actor=secretariat,
        seat_id=seat("development_partner", 2).pk,
        country_iso3="SWE",
        person_id=other.pk,
        term_start=TODAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(secretariat, title="Next", day=TODAY + dt.timedelta(days=3))
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "ana@gov.example": "Convocatoria: Next",
        "other@gov.example": "Invitation: Next",
    }
    # The date in words in the reader's language, and a link to the meeting's page in it.
    from django.utils import formats, translation

    bodies = {m.to[0]: m.body for m in mail.outbox}
    day = TODAY + dt.timedelta(days=3)
    with translation.override("es"):
        assert formats.date_format(day, "DATE_FORMAT") in bodies["ana@gov.example"]
    assert day.isoformat() not in bodies["ana@gov.example"]
    assert "/es/gcg/meetings/" in bodies["ana@gov.example"]
    assert "/en/gcg/meetings/" in bodies["other@gov.example"]


def test_a_workers_organisation_cannot_be_put_on_a_un_seat_nor_a_seat_without_its_nomination(
    secretariat,
):
    from alliance87.partners.models import Partner

    seed.load()
    union = Partner.objects.create(slug="ituc-union", names={"en": "A union"}, category="workers")
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        services.seat_assign(
            actor=secretariat, seat_id=seat("un_igo").pk, partner_id=union.pk, term_start=TODAY
        )
    assert "stakeholder group “Workers”" in str(err.value)
    with pytest.raises(ValidationError) as err:
        services.seat_assign(
            actor=secretariat, seat_id=seat("workers").pk, partner_id=union.pk, term_start=TODAY
        )
    assert "nominated by the ITUC" in str(err.value)
    assert not Member.objects.filter(partner=union).exists()
    assert AuditEntry.objects.count() == audit_before
    services.seat_assign(
        actor=secretariat,
        seat_id=seat("workers").pk,
        partner_id=union.pk,
        nominated_by="ituc",
        term_start=TODAY,
    )
    assert Member.objects.get(partner=union).seat.constituency == "workers"


def test_a_decision_declaring_a_candidate_inactive_is_refused_and_rolled_back(secretariat):
    members = fill_gcg(secretariat)
    make_ready(secretariat, "UGA")
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    with pytest.raises(TransitionRefused) as err:
        services.decision_record(
            actor=secretariat,
            meeting_id=meeting.pk,
            kind="declare_inactive",
            text="Declare Uganda inactive",
            country_iso3="UGA",
        )
    assert err.value.code == "pathfinder.not_allowed_from"
    assert not Decision.objects.exists()
    assert Pathfinder.objects.get(pk="UGA").status == "candidate"


def test_the_pathfinders_app_reads_a_decision_with_its_quorum(secretariat):
    members = fill_gcg(secretariat)
    meeting = make_meeting(secretariat)
    mark_present(secretariat, meeting, quorum_members(members))
    d = services.decision_record(actor=secretariat, meeting_id=meeting.pk, text="General")
    facts = selectors.decision_facts(d.reference)
    assert (facts.kind, facts.adopted, facts.quorum_held) == ("general", True, True)
    assert facts.taken_on == TODAY
    assert selectors.decision_facts("nope") is None


def test_each_member_is_invited_in_their_own_language_whatever_the_meetings(
    secretariat, make_user, django_capture_on_commit_callbacks
):
    """Issue 13: a Spanish-speaking representative invited to an English meeting reads the
    invitation, its date and its calendar entry in Spanish."""
    from alliance87.core import words

    members = fill_gcg(secretariat)
    person = next(m.person for m in members if m.person and m.person.email)
    user = make_user(None, email=person.email)
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    person.user = user
    person.save(update_fields=["user"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(secretariat, title="Seventh meeting", language="en", city="Geneva")
    message = next(m for m in mail.outbox if m.to == [person.email])
    assert message.subject.startswith("Convocatoria")
    day = words.date_in_words(meeting.starts_at, "es")
    assert day in message.body and "Grupo de Coordinación Mundial" in message.body
    other = next(m for m in mail.outbox if m.to != [person.email])
    assert other.subject.startswith("Invitation") and "Global Coordinating Group" in other.body


def test_minutes_written_by_someone_else_since_the_page_showed_none_are_not_overwritten(
    secretariat,
):
    """Two people open the meeting page before any minutes exist (no version to send); the
    second to save is told, instead of silently replacing the first one's minutes."""
    from alliance87.core.exceptions import Conflict
    from alliance87.governance.models import Minutes

    seed.load()
    meeting = make_meeting(secretariat)
    services.minutes_save(actor=secretariat, meeting_id=meeting.pk, conclusions="First")
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        services.minutes_save(actor=secretariat, meeting_id=meeting.pk, conclusions="Second")
    assert Minutes.objects.get(meeting=meeting).conclusions == "First"
    assert AuditEntry.objects.count() == before


def test_a_gcg_member_invited_on_a_seat_naming_no_person_receives_the_meeting_invitation(
    secretariat, django_capture_on_commit_callbacks
):
    """The seeded chair and vice-chair name no person: whoever the Secretariat invites to the
    platform as GCG member on a seat's member (People and roles) is invited to its meetings,
    in their own language."""
    from alliance87.core import services as core_services

    members = fill_gcg(secretariat)
    Member.objects.filter(pk=members[0].pk).update(person=None)
    with django_capture_on_commit_callbacks(execute=True):
        core_services.user_invite(
            actor=secretariat,
            email="delegada@gov.example",
            full_name="Ana Delegada",
            preferred_language="es",
            role="gcg_member",
            scope_id=str(members[0].pk),
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(secretariat, title="Next one", language="en")
    to_her = [m for m in mail.outbox if m.to == ["delegada@gov.example"]]
    assert [m.subject for m in to_her] == ["Convocatoria: Next one"]
    assert f"/es/gcg/meetings/{meeting.pk}/" in to_her[0].body
    assert len(mail.outbox) == 30  # the 29 other seats' people, and her
    entry = AuditEntry.objects.get(event="governance.meeting.created")
    assert entry.changes == {"invited": [None, 30], "e-mailed": [None, 30]}
    # The meeting page and the API name her as the member's representative, e-mailed.
    from tests.conftest import client_for

    client = client_for(secretariat)
    page = client.get(f"/en/gcg/meetings/{meeting.pk}/").content.decode()
    row = page.split(f'data-invitation="{members[0].pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Ana Delegada" in row and "not sent" not in row
    api = client.get(f"/api/gcg/meetings/{meeting.pk}").json()
    mine = next(i for i in api["invitations"] if i["member_id"] == members[0].pk)
    assert mine["representative"] == "Ana Delegada" and mine["emailed"] is True
    # So do the minutes' circulation list.
    emails, without = selectors.circulation_list(meeting)
    assert "delegada@gov.example" in emails and members[0].pk not in [m.pk for m in without]


def test_a_representative_without_an_account_is_invited_in_a_language_their_record_lists(
    secretariat, django_capture_on_commit_callbacks
):
    """A Spanish-speaking delegate with no account yet (the contact record says Spanish)
    reads the invitation to an English meeting in Spanish, not in the meeting's English."""
    members = fill_gcg(secretariat)
    person = next(m.person for m in members if m.person and m.person.email and not m.person.user)
    person.languages = ["qu", "es"]  # Quechua first: not a platform language
    person.save(update_fields=["languages"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_meeting(secretariat, title="Seventh meeting", language="en", city="Geneva")
    message = next(m for m in mail.outbox if m.to == [person.email])
    assert message.subject.startswith("Convocatoria")
    assert "/es/gcg/meetings/" in message.body
