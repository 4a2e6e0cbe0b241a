"""Server-rendered pages: sign-in, CSRF, rate limit, headers, worklist, case file, task forms with
field-level messages in Dutch and English, overviews, inbox, admin and policy pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from engine.ports import Actor

from .conftest import WebEnv, csrf_token

DECIDE = {"outcome": "positive", "reasons": "Voldoende indicaties van uitbuiting."}


def test_login_logout_and_home_by_role(env: WebEnv) -> None:
    client = env.client()
    assert client.get("/worklist").status_code == 302  # to the login page
    response = env.login(client, "lawyer")
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith("/lawyer/")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/lawyer/")})
    assert client.get("/lawyer/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(env: WebEnv) -> None:
    client = env.client()
    response = env.login(client, "lawyer", "wrong-password")
    assert response.status_code == 401
    assert "Gebruikersnaam, wachtwoord of code onjuist" in response.get_data(as_text=True)
    assert env.login(client, "nobody", "wrong-password").status_code == 401


def test_login_is_rate_limited_even_for_the_right_password(env: WebEnv) -> None:
    from engine.application.login_limit import LoginLimiter
    from engine.clock import SystemClock, VirtualClock

    wall = VirtualClock(SystemClock().now())  # the limiter counts in real time; this stands in for it
    env.app.extensions["erkend_login_limiter"] = LoginLimiter(wall, env.services.sessions)
    client = env.client()
    for _ in range(5):
        assert env.login(client, "panel", "wrong-password").status_code == 401
    assert env.login(client, "panel").status_code == 429
    wall.advance(dt.timedelta(minutes=16))
    assert env.login(client, "panel").status_code == 302


def test_the_rate_limit_holds_across_server_processes(env: WebEnv) -> None:
    """Two app instances on one database (two server processes): failures at one block the other."""
    from web import create_app

    other = create_app(services=env.services).test_client()
    for _ in range(5):
        assert env.login(env.client(), "panel", "wrong-password").status_code == 401
    assert env.login(other, "panel").status_code == 429


def test_failed_and_blocked_sign_ins_are_in_the_audit_log(env: WebEnv) -> None:
    from sqlalchemy import select

    from engine.store.tables import Event

    client = env.client()
    for _ in range(5):
        env.login(client, "panel", "wrong-password")
    env.login(client, "panel")
    with env.services.sessions() as session:
        kinds = list(session.scalars(select(Event.kind).where(Event.actor == "panel").order_by(Event.id)))
        stored = list(session.scalars(select(Event.details).where(Event.kind == "login_failed")))
    assert kinds == ["login_failed"] * 5 + ["login_blocked"]
    assert all(set(d) == {"address"} for d in stored), "no password or other form data is logged"


def test_totp_is_required_when_the_user_has_a_secret(env: WebEnv) -> None:
    import pyotp
    from sqlalchemy import update

    from engine.store.tables import User

    secret = pyotp.random_base32()
    with env.services.sessions() as session:
        session.execute(update(User).where(User.username == "coordinator")
                        .values(totp_secret=env.services.box.seal(secret)))
        session.commit()
    client = env.client()
    assert env.login(client, "coordinator").status_code == 401
    token = csrf_token(client, "/login")
    ok = client.post(
        "/login",
        data={
            "username": "coordinator",
            "password": "pw-coordinator-123",
            "totp": pyotp.TOTP(secret).now(),
            "csrf_token": token,
        },
    )
    assert ok.status_code == 302


def test_every_form_post_needs_the_csrf_token(env: WebEnv) -> None:
    client = env.client()
    no_token = client.post("/login", data={"username": "coordinator", "password": "pw-coordinator-123"})
    assert no_token.status_code == 400
    env.login(client, "coordinator")
    refused = client.post("/coordinator/cases", data={"process_id": "default:reference_case"})
    assert refused.status_code == 400
    with env.services.sessions() as session:
        from sqlalchemy import func, select

        from engine.store.tables import Case

        assert session.scalar(select(func.count(Case.id))) == 0  # nothing was started


def test_security_headers_and_cookie_flags(env: WebEnv) -> None:
    client = env.client()
    page = client.get("/login")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["X-Content-Type-Options"] == "nosniff"
    html = page.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert all(body.strip() == "" and ' src="/static/' in attrs for attrs, body in scripts)  # our own files only
    assert "style=" not in html
    cookie = env.login(client, "panel").headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert env.app.config["SESSION_COOKIE_SECURE"] is False  # the tests run over plain http
    from web.settings import Settings

    assert Settings(database_url="sqlite://").secure_cookies is True  # production default


def test_coordinator_starts_a_case_and_completes_intake_in_the_browser(env: WebEnv) -> None:
    client = env.client()
    env.login(client, "coordinator")
    listing = client.get("/coordinator/cases").get_data(as_text=True)
    assert "Procedure slachtoffer mensenhandel (ontkoppelde identificatie)" in listing
    assert "reference_case" not in listing and ":referral" not in listing  # only the procedure is offered
    refused = client.post(
        "/coordinator/cases",
        data={"process_id": "default:reference_case", "csrf_token": csrf_token(client, "/coordinator/cases")},
    )
    assert refused.status_code == 422
    started = client.post(
        "/coordinator/cases",
        data={"process_id": "nl-decoupled:procedure", "csrf_token": csrf_token(client, "/coordinator/cases")},
    )
    assert started.status_code == 302
    case_page = client.get(started.headers["Location"]).get_data(as_text=True)
    task_url = re.search(r'href="(/cases/\d+/tasks/[^"]+)"', case_page).group(1)
    form = client.get(task_url).get_data(as_text=True)
    assert "Roepnaam (pseudoniem)" in form and 'type="date"' in form
    token = csrf_token(client, task_url)
    done = client.post(task_url, data={
        "signal_source": "police", "signal_date": "2026-01-05", "signal_time": "08:30", "person_alias": "Anna V.",
        "legal_name": "Anna Visser",
        "birth_date": "1990-04-01", "residence_status": "tcn_unlawful", "exploitation_form": "labour", "age_doubt": "false", "suspected_offence": "false",
        "csrf_token": token,
    })
    assert done.status_code == 302, re.findall(r"class=\"error\"[^>]*>([^<]*)", done.get_data(as_text=True))
    case_id = int(re.search(r"/cases/(\d+)", task_url).group(1))
    assert "register_signal" not in [t.name for t in env.services.cases.get_case(case_id).tasks]


def test_task_form_shows_errors_at_the_field_in_dutch_and_english(env: WebEnv) -> None:
    case_id = env.start_case()
    env.link(case_id, "panel", "panel")
    task_id = env.services.cases.get_case(case_id).tasks[0].id
    client = env.client()
    env.login(client, "panel")
    url = f"/cases/{case_id}/tasks/{task_id}"
    response = client.post(url, data={"reasons": "kort", "csrf_token": csrf_token(client, url)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="outcome-error">Dit veld is verplicht\.', html)
    assert re.search(r'id="reasons-error">Lengte moet tussen 10 en 5000 tekens liggen\.', html)
    assert 'aria-describedby="reasons-error"' in html
    assert env.services.cases.get_case(case_id).tasks[0].id == task_id  # nothing changed
    client.post("/language/en", data={"csrf_token": csrf_token(client, url), "next": url})
    english = client.post(url, data={"reasons": "kort", "csrf_token": csrf_token(client, url)}).get_data(
        as_text=True
    )
    assert 'id="outcome-error">Missing data for required field.' in english and "Reasons" in english


def test_worklist_shows_overdue_first_with_days_left(env: WebEnv) -> None:
    first = env.start_case("Eerste")
    env.clock.advance(dt.timedelta(days=20))
    second = env.start_case("Tweede")
    for case_id in (first, second):
        env.link(case_id, "panel", "panel")
    env.clock.advance(dt.timedelta(days=75))  # the first case's three months have run out, the second's not
    client = env.client()
    env.login(client, "panel")
    html = client.get("/worklist").get_data(as_text=True)
    references = re.findall(r">(ERK-2026-\d+)<", html)
    assert references == ["ERK-2026-000001", "ERK-2026-000002"]
    assert "verlopen op 5 april 2026" in html and "nog 15 dagen" in html  # overdue says when it was due
    assert "Beslistermijn (3 maanden) verstreken" in html


def test_case_file_has_timeline_deadline_explanation_and_diagram(env: WebEnv) -> None:
    case_id = env.start_case("Anna V.")
    client = env.client()
    env.login(client, "coordinator")
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Tijdlijn" in html and "Zaak gestart" in html and "Taak afgerond" in html
    assert "case_started" not in html and "task_completed" not in html
    assert "5 april 2026" in html  # 3 months from 5 January, shown in Dutch
    assert "Hoe is deze termijn berekend?" in html
    assert "De termijn begint de dag na 5 januari 2026" in html and "Term starts" not in html
    english = env.client()
    env.login(english, "coordinator")
    page = english.get(f"/cases/{case_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Term starts the day after 5 January 2026" in page
    assert "<svg" in html and 'aria-label="Referentiezaak"' in html  # the diagram named in words
    assert "Anna V." in html  # staff see the data


def test_lawyer_overview_lists_only_her_clients_with_next_deadline(env: WebEnv) -> None:
    mine, other = env.start_case("Cliënt"), env.start_case("Niet van haar")
    env.link(mine, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "lawyer")
    html = client.get("/lawyer/").get_data(as_text=True)
    assert "ERK-2026-000001" in html and "ERK-2026-000002" not in html
    assert "nog 90 dagen" in html and "Beslissen" in html
    case_page = client.get(f"/cases/{mine}").get_data(as_text=True)
    assert "Cliënt" in case_page  # she represents the person: she knows her name (engine.access.person)
    assert 'id="h-data"' not in case_page  # but not the panel's file
    assert client.get(f"/cases/{other}").status_code == 404
    seen = [
        (e["kind"], e["actor"], e["role"])
        for e in env.services.cases.events(mine)
        if e["kind"] == "overview_viewed"
    ]
    assert seen == [("overview_viewed", "lawyer", "lawyer")]
    assert not [e for e in env.services.cases.events(other) if e["kind"] == "overview_viewed"]


def test_ind_inbox_lists_decisions(env: WebEnv) -> None:
    case_id = env.start_case()
    env.services.cases.complete_task(
        case_id, env.services.cases.get_case(case_id).tasks[0].id, DECIDE, Actor.system()
    )
    client = env.client()
    env.login(client, "ind")
    html = client.get("/ind/").get_data(as_text=True)
    assert "Beslissing (referentiemodel)" in html and "Positief" in html and "ERK-2026-000001" in html
    assert "reference_decision" not in html
    case_page = client.get(f"/cases/{case_id}")
    assert case_page.status_code == 200 and "Voldoende indicaties" not in case_page.get_data(as_text=True)


def test_ind_inbox_is_paged_newest_first_and_loads_and_audits_only_the_page(
        env: WebEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.application.overviews as overviews

    monkeypatch.setattr(overviews, "INBOX_PAGE", 2)
    cases = []
    for number in range(5):
        case_id = env.start_case(f"Persoon {number}")
        env.services.cases.complete_task(case_id, env.services.cases.get_case(case_id).tasks[0].id, DECIDE,
                                         Actor.system())
        cases.append(case_id)
    client = env.client()
    env.login(client, "ind")
    first = client.get("/ind/").get_data(as_text=True)
    assert "Besluiten 1–2 van 5" in first and "Pagina 1 van 3" in first
    assert "ERK-2026-000005" in first and "ERK-2026-000004" in first and "ERK-2026-000003" not in first
    assert 'href="/ind/?page=2"' in first and "Nieuwere besluiten" not in first
    last = client.get("/ind/?page=3").get_data(as_text=True)
    assert "ERK-2026-000001" in last and "ERK-2026-000002" not in last and "Oudere besluiten" not in last
    assert 'href="/ind/?page=2"' in last
    assert client.get("/ind/?page=4").status_code == 404
    for bad in ("0", "x", "-1", "１"):
        refused = client.get(f"/ind/?page={bad}")
        assert refused.status_code == 422 and "Pagina" in refused.get_data(as_text=True)
    viewed = {case_id: sum(1 for e in env.services.cases.events(case_id) if e["kind"] == "inbox_viewed")
              for case_id in cases}
    assert viewed == {cases[0]: 1, cases[1]: 0, cases[2]: 0, cases[3]: 1, cases[4]: 1}


def test_admin_manages_users_and_sees_models_but_no_case(env: WebEnv) -> None:
    case_id = env.start_case("Anna V.")
    client = env.client()
    env.login(client, "admin")
    token = csrf_token(client, "/admin/")
    bad = client.post(
        "/admin/users", data={"username": "", "roles": ["nope"], "password": "kort", "csrf_token": token}
    )
    assert bad.status_code == 422 and 'id="username-error"' in bad.get_data(as_text=True)
    ok = client.post(
        "/admin/users",
        data={"username": "nieuw", "roles": ["panel"], "password": "lang-genoeg-1", "csrf_token": token},
    )
    assert ok.status_code == 302 and "nieuw" in client.get("/admin/").get_data(as_text=True)
    assert "default" in client.get("/admin/models").get_data(as_text=True)
    assert client.get(f"/cases/{case_id}").status_code == 404
    export = client.get(f"/admin/cases/{case_id}/audit.json")
    assert export.status_code == 200 and export.json["events"][0]["kind"] == "case_started"


def test_policy_page_shows_aggregates_without_names_or_references(env: WebEnv) -> None:
    for alias in ("Anna V.", "Bea W.", "Cleo X."):
        env.start_case(alias)
    client = env.client()
    env.login(client, "policy")
    html = client.get("/policy/").get_data(as_text=True)
    assert re.search(r"<td>Referentiezaak[^<]*</td><td>3</td>", html), "each group by its words"
    assert "ERK-2026" not in html and "Anna" not in html and "reference_case" not in html


def test_policy_figures_filter_by_fixed_periods_and_no_view_gives_back_another(env: WebEnv) -> None:
    """Issue 11, item 9 and issue 12: a view is a calendar year or quarter (no free dates), still
    aggregates only; 4 cases, 3 in the first quarter and 1 in the second: neither quarter shows its total,
    because the year minus one quarter would give the other back."""
    for alias in ("Anna V.", "Bea W.", "Cleo X."):
        env.start_case(alias)
    env.clock.advance(dt.timedelta(days=100))
    env.start_case("Dora Y.")
    client = env.client()
    env.login(client, "policy")
    every = client.get("/policy/").get_data(as_text=True)
    assert re.search(r"<dt>Aantal zaken</dt><dd>4</dd>", every)
    assert '<option value="2026-Q2">2026, kwartaal 2</option>' in every and "Dora" not in every
    year = client.get("/policy/?period=2026").get_data(as_text=True)
    assert re.search(r"<dt>Aantal zaken</dt><dd>4</dd>", year) and "Zaken gestart: 2026;" in year
    for quarter in ("2026-Q1", "2026-Q2"):
        shown = client.get(f"/policy/?period={quarter}").get_data(as_text=True)
        assert re.search(r"<dt>Aantal zaken</dt><dd>niet getoond</dd>", shown), quarter
        assert "te weinig zaken" in shown
    # 3 of the 4 running cases are open longer than 90 days: shown, it would give the fourth back
    assert re.search(r"langer dan 90 dagen open zijn</dt><dd>niet getoond</dd>", year)
    other = client.get("/policy/?variant=nl-current").get_data(as_text=True)
    assert re.search(r"<dt>Aantal zaken</dt><dd>0</dd>", other)
    for query in ("period=gisteren", "period=2026-Q5", "period=1999", "period_from=2026-01-01&period=x"):
        bad = client.get(f"/policy/?{query}")
        assert bad.status_code == 422 and "<li>Periode:" in bad.get_data(as_text=True), query
    bad = client.get("/policy/?variant=nope")
    assert bad.status_code == 422 and "<li>Variant:" in bad.get_data(as_text=True)


def test_a_deadline_named_by_a_policy_value_shows_its_derivation_and_legal_source(env: WebEnv) -> None:
    from engine.demo import DEMO_PROCEDURE_STEPS

    cases = env.services.cases
    case = cases.start_case("procedure", {}, Actor.system(), variant="nl-decoupled")
    for name, data in DEMO_PROCEDURE_STEPS:
        task = next((t for t in case.tasks if t.name == name), None)
        if task is not None:
            case = cases.complete_task(case.id, task.id, data, Actor.system())
    from web.casefile import deadlines

    [first_stage] = [
        d for d in deadlines(env.services, cases.get_case(case.id)) if "5 werkdagen" in d["name"]
    ]
    assert first_stage["due_at"].date().isoformat() == "2026-01-12"  # Monday 5 January + 5 working days
    assert "rule working-days" in first_stage["explanation"] and "Source: " in first_stage["explanation"]


def test_case_file_shows_the_procedures_running_side_by_side(env: WebEnv) -> None:
    """The person's procedures each with their own title, state and position: here the placement, the
    minors' route and the reflection period run at once; identification (the police's) has ended."""
    from engine.demo import demo_parallel_steps

    cases = env.services.cases
    case = cases.start_case("procedure", {}, Actor.system(), variant="nl-current")
    for name, data in demo_parallel_steps("2026-01-05"):
        task = next(t for t in case.tasks if t.name == name)
        case = cases.complete_task(case.id, task.id, data, Actor.system())
    client = env.client()
    env.login(client, "coordinator")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Lopende procedures: 3" in html
    for title in ("Opvang en plaatsing (36 uur)", "Kinderroute", "Bedenktijd en verblijf (B8/3)"):
        assert f"{title} <span class=\"status\">(loopt)</span>" in html, title
    assert "Identificatie door politie/KMar (huidig) <span class=\"status\">(afgesloten)</span>" in html
    assert "Staat bij: Voogd benoemd" in html and "Staat bij: Keuze van het slachtoffer" in html


def test_case_file_says_when_deadlines_stand_still_for_a_missing_child(env: WebEnv) -> None:
    from engine.demo import demo_parallel_steps

    cases = env.services.cases
    case = cases.start_case("procedure", {}, Actor.system(), variant="nl-current")
    for name, data in demo_parallel_steps("2026-01-05"):
        task = next(t for t in case.tasks if t.name == name)
        case = cases.complete_task(case.id, task.id, data, Actor.system())
    cases.deliver_message(case.id, "child_missing", {"missing_since": "2026-01-05", "risk_level": "high"},
                          Actor.system())
    client = env.client()
    env.login(client, "coordinator")
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Alle termijnen staan stil sinds" in html
    assert "<strong>Bedenktijd verstreken</strong> (Bedenktijd en verblijf (B8/3)): " in html
    reflection = html.split("<strong>Bedenktijd verstreken</strong>")[1].split("</li>")[0]
    assert "gepauzeerd" in reflection and "Hoe is deze termijn berekend?" in reflection


def _words_case(env: WebEnv) -> int:
    from engine.demo import demo_parallel_steps

    cases = env.services.cases
    case = cases.start_case("procedure", {}, Actor.system(), variant="nl-current")
    for name, data in demo_parallel_steps("2026-01-05"):
        task = next(t for t in case.tasks if t.name == name)
        case = cases.complete_task(case.id, task.id, data, Actor.system())
    return case.id


def _visible_text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_case_data_is_shown_as_labelled_words_never_as_python_values(env: WebEnv) -> None:
    """Item 1 of issue 11: the case file's "Gegevens" shows each field under its form label, codes as
    words, dates in Dutch and booleans as ja/nee; the engine's own keys stay out, and no Python repr."""
    case_id = _words_case(env)
    client = env.client()
    env.login(client, "coordinator")
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    data = html.split('id="h-data"', 1)[1].split("</section>", 1)[0]
    assert "Roepnaam (pseudoniem)" in data and "Demo M." in data
    assert "Derdelander zonder rechtmatig verblijf" in data and "tcn_unlawful" not in data
    assert "14 februari 2011" in data and "Acuut gevaar" in data and ">ja<" in data
    assert "policy" not in data and "case_facts" not in data and "case_reference" not in data
    text = _visible_text(html)
    for python in ("datetime.date(", "[{'", "{'", "True", "False", "None"):
        assert python not in text, python
    for code in ("task_completed", "fact_recorded", "case_started", "nl-current", "register_signal",
                 "(coordinator)"):
        assert code not in text, code
    assert "(coördinator)" in text


def test_codes_are_shown_as_words_in_english_too(env: WebEnv) -> None:
    case_id = _words_case(env)
    client = env.client()
    env.login(client, "coordinator")
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/worklist"), "next": "/worklist"})
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Third-country national, no lawful residence" in html and "Alias (pseudonym)" in html
    assert "Task completed" in html and "14 February 2011" in html


def test_the_person_is_at_the_top_as_far_as_the_readers_role_may_see_the_case_data(env: WebEnv) -> None:
    """Issue 11, item 2: the coordinator sees alias, age and age status, nationality, residence status,
    the procedures running and the next deadline. The linked lawyer represents the person: she sees the
    same particulars of the person (engine.access.person), never the rest of the case data."""
    case_id = _words_case(env)
    env.link(case_id, "lawyer", "lawyer")
    client = env.client()
    env.login(client, "coordinator")
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    top = html.split('id="h-person"', 1)[1].split("</section>", 1)[0]
    assert "Demo M." in top and "14 jaar (minderjarig)" in top and "Ruritaans" in top
    assert "Derdelander zonder rechtmatig verblijf" in top and "Advocaat" in top
    assert "Kinderroute" in top and "Bedenktijd en verblijf (B8/3)" in top
    assert "Eerstvolgende termijn" in top and "36 uur verstreken" in top
    lawyer = env.client()
    env.login(lawyer, "lawyer")
    top = lawyer.get(f"/cases/{case_id}").get_data(as_text=True).split('id="h-person"', 1)[1].split("</section>", 1)[0]
    assert "Kinderroute" in top and "Eerstvolgende termijn" in top
    assert "Demo M." in top and "Derdelander" in top and "14 jaar" in top
    overview = lawyer.get("/lawyer/").get_data(as_text=True)
    assert "Kinderroute" in overview and "36 uur verstreken" in overview and "Demo M." in overview
    assert 'id="h-data"' not in lawyer.get(f"/cases/{case_id}").get_data(as_text=True)


def test_the_police_are_offered_only_the_messages_the_case_waits_for_with_their_words(env: WebEnv) -> None:
    """Issue 11, item 5: the partners page offers per case only the messages that case waits for and
    that the police may send, by their words; a case that waits for none says so."""
    case_id = _words_case(env)  # the current procedure, after the police's assessment
    waiting = set(env.services.cases.get_case(case_id).waiting_messages)
    env.link(case_id, "police", "investigator")
    client = env.client()
    env.login(client, "police")
    html = client.get("/partners/").get_data(as_text=True)
    offered = set(re.findall(rf"/partners/cases/{case_id}/messages/([a-z_]+)", html))
    from engine.access.rules import may_send

    assert offered and offered == {m for m in waiting if may_send("police", m)}
    assert "investigation_closed" not in offered and "objection_lodged" not in offered
    assert "Aangifte gedaan" in html and ">report_filed<" not in html


def test_case_lists_read_summaries_without_the_workflow_state(env: WebEnv) -> None:
    """The coordinator's list and the API's list show summaries; the state column (the whole workflow) is
    not read for them."""
    from sqlalchemy import event

    from engine.application.cases import list_cases, recent_cases

    env.start_case()
    statements: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    coordinator = Actor("coordinator", frozenset({"coordinator"}), "coordinator")
    event.listen(env.services.db, "before_cursor_execute", capture)
    try:
        assert recent_cases(env.services, coordinator) and list_cases(env.services, coordinator)
    finally:
        event.remove(env.services.db, "before_cursor_execute", capture)
    reads = [s for s in statements if "FROM cases" in s]
    assert reads and not [s for s in reads if "cases.state" in s]


def test_the_case_file_loads_the_workflow_once(env: WebEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deserializing the workflow is most of reading a case: the case file (view, diagrams, people
    picker) loads it once."""
    from engine.case_store import CaseStore

    case_id = env.start_case()
    loads = []
    original = CaseStore.load

    def counting(self, session, wanted, *args, **kwargs):  # type: ignore[no-untyped-def]
        loads.append(wanted)
        return original(self, session, wanted, *args, **kwargs)

    monkeypatch.setattr(CaseStore, "load", counting)
    client = env.client()
    env.login(client, "coordinator")
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)
    assert loads == [case_id]
