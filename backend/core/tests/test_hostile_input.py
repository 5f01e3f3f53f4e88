"""Hostile input against the real endpoints: each case is a clear 4xx in the API's error format
(or harmless), and nothing is stored half-way."""

from __future__ import annotations

import html
import io
import re
import sys
import unicodedata

import nh3
import pytest
from django.core.exceptions import RequestDataTooBig
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from core import parsers as core_parsers
from core.middleware import CappedStream
from core.testing.hostile import (
    BIDI_SPOOF,
    ENCODERS,
    INVISIBLE,
    LIVE_MARKUP,
    NUL_VALUES,
    UNSTORABLE_JSON_STRINGS,
    assert_refused,
    encoded_markup,
    huge_form,
    huge_json,
    invisible_text,
    invisible_titles,
    multipart,
    nested_in_field,
    nested_json,
    send_raw,
)
from core.text import MAX_ROUNDS, UnsafeText, clean_text, drop_invisible
from moderation.models import Report
from proposals.models import Proposal
from proposals.tests.factories import ProposalFactory

PROPOSALS = "/api/v1/proposals/"
LOGIN = "/api/v1/auth/login/"
REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
MB = 1024 * 1024


def proposal_body(campaign, **extra) -> dict:
    data = {
        "campaign": campaign.slug,
        "title": "Un jardin partagé rue Mouffetard",
        "description": "Transformer la petite place en jardin partagé, entretenu par les voisins.",
        "theme": "environnement",
        "location": {"type": "Point", "coordinates": [2.3461, 48.8462]},
    }
    data.update(extra)
    return data


def json_text(data: dict, **raw: str) -> str:
    """``data`` as JSON, with ``raw`` fields inserted as JSON text as they are."""
    import json

    text = json.dumps(data)[:-1]
    for name, value in raw.items():
        text += f', "{name}": {value}'
    return text + "}"


def sanitiser_strips_something(text: str) -> bool:
    """Whether nh3, allowing no tag at all, would remove anything from ``text``."""
    return html.unescape(nh3.clean(text, tags=set(), attributes={}, strip_comments=True)) != text


# ---- deeply nested JSON ------------------------------------------------------------------------


@pytest.mark.django_db
class TestNestedJson:
    @pytest.mark.parametrize("url", [LOGIN, REGISTER, TOKEN])
    @pytest.mark.parametrize("kind", ["array", "object"])
    def test_anonymous_endpoints_refuse_deep_nesting(self, api, url, kind):
        users = User.objects.count()
        response = send_raw(api, "post", url, nested_json(5000, kind=kind))
        body = assert_refused(response, 400, code="parse_error")
        assert "nested deeper than 32" in body["message"]
        assert User.objects.count() == users

    def test_the_limit_is_32_levels(self, api):
        # 32 levels parse (the field is then simply not a string); 33 do not.
        ok = send_raw(api, "post", LOGIN, nested_in_field(31, field="email", password="x"))
        assert_refused(ok, 400, code="invalid", field="email")
        deep = send_raw(api, "post", LOGIN, nested_in_field(32, field="email", password="x"))
        assert_refused(deep, 400, code="parse_error")

    def test_brackets_inside_strings_do_not_count(self, resident_api, open_campaign):
        title = "[[[[[[[[[[ " * 4 + "{" * 40
        response = resident_api.post(
            PROPOSALS, proposal_body(open_campaign, title=title[:150]), format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["title"].startswith("[[[[")

    def test_proposal_create_edit_and_report(self, resident, resident_api, open_campaign):
        mine = ProposalFactory(campaign=open_campaign, author=resident)
        theirs = ProposalFactory(campaign=open_campaign)
        before = (Proposal.objects.count(), Report.objects.count())
        for method, url in [
            ("post", PROPOSALS),
            ("patch", f"{PROPOSALS}{mine.pk}/"),
            ("post", f"{PROPOSALS}{theirs.pk}/report/"),
        ]:
            response = send_raw(resident_api, method, url, nested_json(4000))
            assert_refused(response, 400, code="parse_error")
            # Nested inside an otherwise valid body too.
            body = nested_in_field(3000, field="description", title="Un titre correct")
            assert_refused(send_raw(resident_api, method, url, body), 400, code="parse_error")
        assert (Proposal.objects.count(), Report.objects.count()) == before
        mine.refresh_from_db()
        assert mine.title.startswith("Végétaliser")

    def test_every_write_endpoint_answers_4xx_in_the_error_format(self, administrator, api):
        """Every POST/PUT/PATCH of the API, signed in as an administrator, with 3,000 levels:
        never a 500; refusals in the error format (an endpoint that reads no body may accept)."""
        answers = {}
        for url, method in write_endpoints():
            api.force_authenticate(administrator)
            response = send_raw(api, method, url, nested_json(3000))
            assert response.status_code < 500, (method, url, response.content[:300])
            if response.status_code >= 400:
                answers[method, url] = assert_refused(response, response.status_code)["code"]
        parse_errors = [key for key, code in answers.items() if code == "parse_error"]
        assert len(answers) >= 15
        assert len(parse_errors) >= 8, answers

    def test_every_view_parses_with_the_api_parsers(self):
        """Views that narrow their parsers must take them from core.parsers (a DRF parser
        picked directly would bring back the 500)."""
        ours = (core_parsers.JSONParser, core_parsers.FormParser, core_parsers.MultiPartParser)
        for view_class in api_view_classes():
            for parser in view_class.parser_classes:
                assert issubclass(parser, ours), (view_class, parser)


def _walk(patterns, prefix: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def api_view_classes() -> list[type]:
    classes = []
    for _route, callback in _walk(get_resolver().url_patterns, "/"):
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if view_class is not None and hasattr(view_class, "parser_classes"):
            classes.append(view_class)
    return classes


def write_endpoints() -> list[tuple[str, str]]:
    found = []
    for route, callback in _walk(get_resolver().url_patterns, "/"):
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        if not route.startswith("/api/v1/") or view_class is None or route.endswith("^"):
            continue
        url = re.sub(r"<(?:int:)?\w+>", "1", route)
        url = re.sub(r"<\w+:\w+>", "x", url)
        for method in ("post", "put", "patch"):
            if hasattr(view_class, method):
                found.append((url, method))
    return found


def test_json_parser_never_lets_recursion_escape():
    parser = core_parsers.JSONParser()
    for depth in (33, 1000, 100_000):
        with pytest.raises(core_parsers.ParseError):
            parser.parse(io.BytesIO(nested_json(depth)), "application/json", {})
    # A string that never ends, full of escaped quotes and brackets: refused, in linear time.
    body = b'{"a": "' + b'\\"[' * 300_000
    with pytest.raises(core_parsers.ParseError):
        parser.parse(io.BytesIO(body), "application/json", {})


# ---- markup encoded as entities ----------------------------------------------------------------


@pytest.mark.parametrize("style", sorted(ENCODERS))
@pytest.mark.parametrize("times", [0, 1, 2, 5, 6, 7, 12, 40])
def test_encoded_markup_never_comes_back_as_a_tag(style, times):
    cleaned = clean_text(f"Jardin {encoded_markup(times, style=style)} partagé")
    assert cleaned == "Jardin partagé"


def test_markup_that_never_settles_is_refused():
    with pytest.raises(UnsafeText):
        clean_text(encoded_markup(MAX_ROUNDS + 5))
    # Just within the bound it is cleaned.
    assert clean_text(encoded_markup(MAX_ROUNDS - 5)) == ""


# Text fragments that make markup likely: hypothesis combines them with any characters.
_FRAGMENTS = st.sampled_from(
    [
        "<",
        ">",
        "/",
        "&",
        ";",
        "#",
        "lt",
        "gt",
        "amp",
        "x3c",
        "60",
        "img",
        "script",
        "svg",
        "!--",
        "-->",
        "=",
        '"',
        " ",
        "\n",
        "\u212a",  # KELVIN SIGN, NFC: K
        "\u200b",
        "\u202e",
        "\x00",
        LIVE_MARKUP,
        "<xmp>",
        "<title>",
        "<textarea>",
        "<plaintext>",
        "<![CDATA[",
    ]
)
_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=25).map("".join)


@given(text=_TEXT, encodings=st.lists(st.sampled_from(sorted(ENCODERS)), max_size=8))
def test_clean_text_output_holds_no_tag_whatever_the_encodings(text, encodings):
    for style in encodings:
        text = ENCODERS[style](text)
    for multiline in (False, True):
        cleaned = clean_text(text, multiline=multiline)
        assert not sanitiser_strips_something(cleaned), cleaned
        assert clean_text(cleaned, multiline=multiline) == cleaned
        # No start of a tag, comment or end tag ("</" alone at the very end is only text).
        assert not re.search(r"<[a-zA-Z!?]|</.", cleaned, re.DOTALL), cleaned
        assert not any(c in cleaned for c in INVISIBLE if c != "\u200d")
        assert "\x00" not in cleaned


@pytest.mark.django_db
class TestEncodedMarkupThroughTheApi:
    def test_stored_title_and_description_hold_no_markup(self, resident_api, open_campaign):
        data = proposal_body(
            open_campaign,
            title=f"Jardin {encoded_markup(6)} partagé",
            description=f"Des arbres {encoded_markup(9, style='decimal')} et des bancs partout.",
        )
        response = resident_api.post(PROPOSALS, data, format="json")
        assert response.status_code == 201, response.content
        stored = Proposal.objects.get(pk=response.json()["id"])
        assert stored.title == "Jardin partagé"
        assert stored.description == "Des arbres et des bancs partout."

    def test_markup_too_deep_to_settle_is_refused(self, resident_api, open_campaign):
        count = Proposal.objects.count()
        description = "Des arbres et des bancs " + encoded_markup(MAX_ROUNDS + 20)
        assert len(description) < 10_000  # within the field's raw length
        data = proposal_body(open_campaign, description=description)
        response = resident_api.post(PROPOSALS, data, format="json")
        assert_refused(response, 400, code="invalid", field="description")
        assert Proposal.objects.count() == count

    def test_report_text_is_stored_without_markup(self, resident_api, open_campaign):
        proposal = ProposalFactory(campaign=open_campaign)
        text = f"Contenu {encoded_markup(7, style='hexadecimal')} trompeur"
        response = resident_api.post(
            f"{PROPOSALS}{proposal.pk}/report/", {"reason": "other", "text": text}, format="json"
        )
        assert response.status_code == 201, response.content
        assert Report.objects.get(proposal=proposal).text == "Contenu trompeur"


# ---- invisible and bidirectional characters ------------------------------------------------------


def test_every_format_character_is_dropped():
    """Every Unicode Cf character the running Python knows (zero-width, bidi, soft hyphen…)."""
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert len(cf) > 150
    kept = [f"U+{ord(c):04X}" for c in cf if drop_invisible(f"a{c}b") != "ab"]
    assert kept == []


@pytest.mark.parametrize(("label", "title"), list(invisible_titles()))
def test_invisible_titles_clean_to_nothing(label, title):
    assert clean_text(title) == ""


@pytest.mark.parametrize(
    "text",
    [
        "L’été à Paris : « jardins partagés » !",
        "Prix : 10\u202f€ ; fin\u202f?",  # narrow no-break spaces, as French typesetting puts
        "Cœur de Ménilmontant, Œuvre, ÇA, naïveté",
        "Jeux 🏳️‍🌈 et 👩‍🔧 ateliers 🎉",  # emoji sequences keep their joiners
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 et \u05e2\u05d1\u05e8\u05d9\u05ea",
    ],
)
def test_what_french_text_and_emoji_need_is_kept(text):
    assert clean_text(text) == text


def test_bidi_controls_and_stray_joiners_are_dropped():
    assert clean_text(BIDI_SPOOF) == "Jardin gnp.exe partagé"
    assert clean_text("Jeu\u200dx \u200d🎉 a\u200d") == "Jeux 🎉 a"


@pytest.mark.django_db
class TestInvisibleTitlesThroughTheApi:
    @pytest.mark.parametrize(("label", "title"), list(invisible_titles()))
    def test_refused_with_a_field_error(self, resident_api, open_campaign, label, title):
        count = Proposal.objects.count()
        response = resident_api.post(
            PROPOSALS, proposal_body(open_campaign, title=title), format="json"
        )
        assert_refused(response, 400, code="invalid", field="title")
        assert Proposal.objects.count() == count

    def test_patch_to_an_invisible_title_is_refused(self, resident, resident_api, open_campaign):
        proposal = ProposalFactory(campaign=open_campaign, author=resident)
        response = resident_api.patch(
            f"{PROPOSALS}{proposal.pk}/", {"title": invisible_text(30)}, format="json"
        )
        assert_refused(response, 400, code="invalid", field="title")
        proposal.refresh_from_db()
        assert proposal.title.startswith("Végétaliser")

    def test_bidi_override_is_stored_without_it(self, resident_api, open_campaign):
        response = resident_api.post(
            PROPOSALS, proposal_body(open_campaign, title=BIDI_SPOOF), format="json"
        )
        assert response.status_code == 201, response.content
        assert Proposal.objects.get(pk=response.json()["id"]).title == "Jardin gnp.exe partagé"


# ---- request body size ---------------------------------------------------------------------------


@pytest.mark.django_db
class TestBodySize:
    def test_a_6_mb_unknown_field_is_refused(self, resident_api, open_campaign):
        count = Proposal.objects.count()
        body = huge_json(6 * MB, field="unknown", **proposal_body(open_campaign))
        response = send_raw(resident_api, "post", PROPOSALS, body)
        body = assert_refused(response, 413, code="request_too_large")
        assert str(MB) in body["message"]
        assert Proposal.objects.count() == count

    def test_a_30_mb_description_is_refused_unread(self, resident_api, open_campaign):
        count = Proposal.objects.count()
        body = huge_json(30 * MB, field="description", **proposal_body(open_campaign))
        response = send_raw(resident_api, "post", PROPOSALS, body)
        assert_refused(response, 413, code="request_too_large")
        assert Proposal.objects.count() == count

    def test_refused_before_parsing(self, api):
        # Invalid JSON and too large: the size answers first, so the parser never ran.
        response = send_raw(api, "post", LOGIN, b"{" * (MB + 1))
        assert_refused(response, 413, code="request_too_large")

    @pytest.mark.parametrize("kind", ["json", "form", "multipart"])
    @pytest.mark.parametrize("url", [LOGIN, REGISTER])
    def test_every_content_type_anonymously(self, api, kind, url):
        users = User.objects.count()
        fields = {"email": "nouveau@example.org", "password": "un mot de passe sûr"}
        if kind == "json":
            body, content_type = huge_json(2 * MB, **fields), "application/json"
        elif kind == "form":
            body, content_type = huge_form(2 * MB, **fields), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart({**fields, "padding": "x" * 2 * MB})
        response = send_raw(api, "post", url, body, content_type)
        assert_refused(response, 413, code="request_too_large")
        assert User.objects.count() == users

    def test_the_limit_is_a_setting(self, api, settings):
        settings.API_MAX_BODY_BYTES = 2000
        fields = {"email": "nobody@example.org", "password": "not the password"}
        small = send_raw(api, "post", LOGIN, huge_json(1500, **fields))
        assert_refused(small, 400, code="invalid_credentials")
        large = send_raw(api, "post", LOGIN, huge_json(2500, **fields))
        assert_refused(large, 413, code="request_too_large")

    def test_an_invalid_content_length_is_refused(self, api):
        response = send_raw(api, "post", LOGIN, b"{}", CONTENT_LENGTH="-5")
        assert_refused(response, 400, code="bad_request")

    def test_a_body_without_content_length_is_harmless(self, resident_api, open_campaign):
        """A chunked body (no Content-Length): never read past the limit, never stored."""
        count = Proposal.objects.count()
        body = huge_json(3 * MB, field="unknown", **proposal_body(open_campaign))
        response = send_raw(
            resident_api,
            "post",
            PROPOSALS,
            body,
            CONTENT_LENGTH="",
            HTTP_TRANSFER_ENCODING="chunked",
        )
        assert 400 <= response.status_code < 500
        assert_refused(response, response.status_code)
        assert Proposal.objects.count() == count

    def test_outside_the_api_the_answer_is_plain_text(self, client):
        response = client.post(
            "/admin/login/", huge_form(2 * MB), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 413
        assert response["Content-Type"].startswith("text/plain")


def test_capped_stream_stops_past_its_limit():
    stream = CappedStream(io.BytesIO(b"x" * 100), limit=100)
    assert stream.read() == b"x" * 100  # exactly the limit is fine
    assert stream.read() == b""
    stream = CappedStream(io.BytesIO(b"x" * 101), limit=100)
    assert stream.read(60) == b"x" * 60
    with pytest.raises(RequestDataTooBig):
        stream.read(60)
    stream = CappedStream(io.BytesIO(b"line\n" * 40), limit=100)
    with pytest.raises(RequestDataTooBig):
        while stream.readline():
            pass


def test_parsers_cap_the_body_themselves(settings):
    """Behind the middleware, the parsers read no further than the limit either."""
    settings.API_MAX_BODY_BYTES = 1000
    with pytest.raises(RequestDataTooBig):
        core_parsers.JSONParser().parse(io.BytesIO(huge_json(5000)), "application/json", {})
    with pytest.raises(RequestDataTooBig):
        core_parsers.FormParser().parse(io.BytesIO(huge_form(5000)), None, {})


# ---- characters PostgreSQL cannot store ------------------------------------------------------------


@pytest.mark.django_db
class TestUnstorableCharacters:
    @pytest.mark.parametrize("value", NUL_VALUES)
    def test_users_email_filter(self, api, administrator, value):
        api.force_authenticate(administrator)
        response = api.get("/api/v1/users/", {"email": value})
        assert_refused(response, 400, code="invalid", field="email")

    @pytest.mark.parametrize(
        "query",
        ["search=%00", "campaign=a%00b", "status=submitted&status=%00", "%00=1", "bbox=%00,1,2,3"],
    )
    def test_proposal_filters(self, api, query):
        response = api.get(f"{PROPOSALS}?{query}")
        body = assert_refused(response, 400, code="invalid")
        assert body["errors"], body

    def test_cookies_and_headers(self, api):
        api.cookies["sessionid"] = "abcdefgh\x00ijkl"
        assert_refused(api.get(PROPOSALS), 400, code="invalid", field="sessionid")
        api.cookies.clear()
        response = api.get("/api/v1/me/", HTTP_AUTHORIZATION="Token abc\x00def")
        assert_refused(response, 400, code="invalid", field="Authorization")

    @pytest.mark.parametrize("raw", UNSTORABLE_JSON_STRINGS)
    @pytest.mark.parametrize("field", ["title", "description", "address", "campaign", "theme"])
    def test_proposal_fields(self, resident_api, open_campaign, raw, field):
        count = Proposal.objects.count()
        data = proposal_body(open_campaign)
        data.pop(field, None)
        response = send_raw(resident_api, "post", PROPOSALS, json_text(data, **{field: raw}))
        assert_refused(response, 400, code="invalid", field=field)
        assert Proposal.objects.count() == count

    def test_nested_fields_and_keys_are_named(self, resident_api, open_campaign):
        data = proposal_body(open_campaign)
        del data["location"]
        body = json_text(data, location='{"type": "Point\\u0000", "coordinates": [2.3, 48.8]}')
        response = send_raw(resident_api, "post", PROPOSALS, body)
        assert_refused(response, 400, code="invalid", field="location.type")
        response = send_raw(resident_api, "post", PROPOSALS, json_text(data, **{"x\\u0000": "1"}))
        assert_refused(response, 400, code="invalid", field="x\ufffd")

    @pytest.mark.parametrize("url", [LOGIN, REGISTER, TOKEN])
    @pytest.mark.parametrize("field", ["email", "password"])
    def test_sign_in_fields(self, api, url, field):
        users = User.objects.count()
        data = {"email": "nouveau@example.org", "password": "un mot de passe sûr"}
        del data[field]
        response = send_raw(api, "post", url, json_text(data, **{field: '"ab\\u0000cdefghij"'}))
        assert_refused(response, 400, code="invalid", field=field)
        assert User.objects.count() == users

    def test_form_and_multipart_bodies(self, api):
        users = User.objects.count()
        response = send_raw(
            api,
            "post",
            REGISTER,
            b"email=a%40example.org&password=abc%00defghijk",
            "application/x-www-form-urlencoded",
        )
        assert_refused(response, 400, code="invalid", field="password")
        body, content_type = multipart(
            {"email": "a@example.org", "password": "long enough", "display_name": "Zo\x00e"}
        )
        response = send_raw(api, "post", REGISTER, body, content_type)
        assert_refused(response, 400, code="invalid", field="display_name")
        assert User.objects.count() == users
