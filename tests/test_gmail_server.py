"""The Gmail test server (tests/servers/gmail.py) as the real google-api-python-client sees it."""

from __future__ import annotations

import base64
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from google.auth.exceptions import RefreshError
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import Flow
from googleapiclient.discovery import Resource, build
from googleapiclient.errors import HttpError
from googleapiclient.http import BatchHttpRequest

from tests.servers.gmail import GmailServer

SCOPES = [
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.compose",
]
JAN = int(datetime(2024, 1, 10, tzinfo=UTC).timestamp())


def mail(
    sender: str = "Sam Ortiz <sam@talent.example.com>",
    *,
    to: str = "me@example.org",
    cc: str | None = None,
    subject: str = "Interview",
    message_id: str = "m1@talent.example.com",
    reply_to: str | None = None,
    day: int = 10,
    body: str = "Hello there",
) -> bytes:
    """A small synthetic text/plain message."""
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-ID: <{message_id}>",
        f"Date: Wed, {day:02d} Jan 2024 09:00:00 +0000",
    ]
    if cc:
        lines.append(f"Cc: {cc}")
    if reply_to:
        lines += [f"In-Reply-To: <{reply_to}>", f"References: <x@elsewhere> <{reply_to}>"]
    return ("\r\n".join([*lines, "", body, ""])).encode()


PDF = b"%PDF-1.4\n%synthetic\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MULTIPART = (
    b"From: Dana <dana@northwind.example>\r\nTo: me@example.org\r\n"
    b"Subject: =?utf-8?q?Invitation=3A_Interview?=\r\n"
    b"X-Folded: first\r\n second\r\nMessage-ID: <multi@northwind.example>\r\n"
    b"Date: Thu, 11 Jan 2024 08:00:00 +0000\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="outer"\r\n\r\n'
    b'--outer\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n'
    b"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    b"Caf=C3=A9 at 10=3A00, see you=\r\n there.\r\n"
    b"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Caf\xc3\xa9 at 10:00</p>\r\n"
    b"--alt--\r\n"
    b"--outer\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n"
    b"Content-Disposition: inline\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    b'--outer\r\nContent-Type: application/pdf; name="brief.pdf"\r\n'
    b'Content-Disposition: attachment; filename="brief.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\n"
    + base64.encodebytes(PDF).replace(b"\n", b"\r\n")
    + b"--outer--\r\n"
)


def decode(data: str) -> bytes:
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


@pytest.fixture
def server() -> Iterator[GmailServer]:
    with GmailServer() as running:
        yield running


def connect(server: GmailServer, credentials: Credentials) -> Resource:
    return build(
        "gmail",
        "v1",
        static_discovery=True,
        credentials=credentials,
        client_options={"api_endpoint": server.url},
    )


@pytest.fixture
def gmail(server: GmailServer) -> Iterator[Any]:
    """The users() resource of a real client with a live access token."""
    service = connect(server, Credentials(server.issue_token()))
    yield service.users()
    service.close()


def call(
    server: GmailServer, path: str, *, data: bytes | None = None, token: str | None = None
) -> tuple[int, Any, Any]:
    """(status, headers, JSON) of a plain urllib request."""
    request = urllib.request.Request(server.url + path, data=data)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, json.loads(error.read())


def ids(answer: dict[str, Any]) -> list[str]:
    return [item["id"] for item in answer.get("messages", [])]


def test_profile_and_labels(server: GmailServer, gmail: Any) -> None:
    server.deliver(mail())
    label = server.create_label("Job Hunt")
    profile = gmail.getProfile(userId="me").execute()
    assert profile == {
        "emailAddress": "me@example.org",
        "messagesTotal": 1,
        "threadsTotal": 1,
        "historyId": str(server.history_id),
    }
    labels = {item["id"]: item for item in gmail.labels().list(userId="me").execute()["labels"]}
    assert labels["INBOX"] == {"id": "INBOX", "name": "INBOX", "type": "system"}
    assert labels["SPAM"]["labelListVisibility"] == "labelHide"
    assert labels[label] == {
        "id": "Label_1",
        "name": "Job Hunt",
        "type": "user",
        "messageListVisibility": "show",
        "labelListVisibility": "labelShow",
    }
    with pytest.raises(ValueError, match="exists"):
        server.create_label("job hunt")


def test_search_operators(server: GmailServer, gmail: Any) -> None:
    a = server.deliver(mail(message_id="a@x", day=5))
    b = server.deliver(
        mail(
            "hr@jobs.northwind.example",
            to="Me <ME@example.org>",
            cc="Lee <lee@corp.example>",
            message_id="b@x",
            day=10,
        )
    )
    c = server.deliver(mail("Pat <pat@other.example>", message_id="c@x", day=12), ["SPAM"])
    d = server.deliver(mail("noreply@northwind.example", message_id="d@x", day=15), ["SENT"])

    def search(q: str, **extra: Any) -> list[str]:
        return ids(gmail.messages().list(userId="me", q=q, **extra).execute())

    assert search("from:northwind.example") == [d, b]  # a domain matches its subdomains
    assert search('from:"SAM ORTIZ"') == [a]  # the display name, case-insensitive
    assert search("to:me@example.org cc:corp.example") == [b]
    assert search(f"after:{JAN}") == [d, b]
    assert search("after:2024/01/10 before:2024/01/15") == [b]
    assert search(f"before:{JAN}") == [a]
    assert search("rfc822msgid:b@x") == [b]
    assert search("rfc822msgid:<b@x>") == [b]
    assert search("rfc822msgid:b@") == []
    assert search("{from:sam from:noreply}") == [d, a]
    assert search("{from:sam from:noreply} after:2024-01-10") == [d]
    assert search("from:pat") == []  # SPAM is left out...
    assert search("from:pat", includeSpamTrash=True) == [c]  # ...unless asked for
    assert search("in:spam") == [c]
    assert search("in:sent") == search("label:sent") == [d]
    assert search("is:unread") == [b, a]
    assert ids(gmail.messages().list(userId="me", labelIds=["INBOX", "UNREAD"]).execute()) == [b, a]
    empty = gmail.messages().list(userId="me", q="from:nobody").execute()
    assert empty == {"resultSizeEstimate": 0}
    for q in ("interview", "-from:sam", "subject:x", "from:a OR from:b", "after:yesterday"):
        with pytest.raises(HttpError) as caught:
            search(q)
        assert caught.value.status_code == 400
    with pytest.raises(HttpError) as caught:
        gmail.messages().list(userId="me", labelIds=["Label_9"]).execute()
    assert caught.value.status_code == 400
    assert caught.value.error_details[0]["reason"] == "invalidArgument"
    assert "Invalid label" in caught.value.reason


def test_list_pages_newest_first(server: GmailServer, gmail: Any) -> None:
    delivered = [server.deliver(mail(message_id=f"p{i}@x", day=i + 1)) for i in range(5)]
    seen, token, pages = [], None, 0
    while True:
        answer = gmail.messages().list(userId="me", maxResults=2, pageToken=token).execute()
        seen += ids(answer)
        pages += 1
        if pages == 1:
            assert answer["resultSizeEstimate"] == 5  # the whole result, not the page
            server.deliver(mail(message_id="late@x", day=30))  # a new mail does not shift pages
        token = answer.get("nextPageToken")
        if token is None:
            break
    assert (seen, pages) == (delivered[::-1], 3)
    with pytest.raises(HttpError):
        gmail.messages().list(userId="me", pageToken="garbage").execute()


def test_get_in_every_format(server: GmailServer, gmail: Any) -> None:
    mid = server.deliver(MULTIPART)
    full = gmail.messages().get(userId="me", id=mid).execute()
    assert full["id"] == full["threadId"] == mid
    assert full["labelIds"] == ["INBOX", "UNREAD"]
    assert full["internalDate"] == str(int(datetime(2024, 1, 11, 8, tzinfo=UTC).timestamp() * 1000))
    assert full["sizeEstimate"] == len(MULTIPART)
    assert full["historyId"] == str(server.history_id)
    assert full["snippet"] == "Café at 10:00, see you there."
    root = full["payload"]
    headers = {h["name"]: h["value"] for h in root["headers"]}
    assert headers["Subject"] == "=?utf-8?q?Invitation=3A_Interview?="  # not decoded
    assert headers["X-Folded"] == "first second"  # unfolded
    assert (root["partId"], root["mimeType"], root["filename"]) == ("", "multipart/mixed", "")
    assert root["body"] == {"size": 0}
    alternative, calendar, pdf = root["parts"]
    assert [p["partId"] for p in alternative["parts"]] == ["0.0", "0.1"]
    plain, html = alternative["parts"]
    assert decode(plain["body"]["data"]) == "Café at 10:00, see you there.".encode()
    assert plain["body"]["size"] == len(decode(plain["body"]["data"]))
    assert decode(html["body"]["data"]) == "<p>Café at 10:00</p>".encode()
    assert (calendar["partId"], calendar["mimeType"], calendar["filename"]) == (
        "1",
        "text/calendar",
        "",
    )
    assert decode(calendar["body"]["data"]).startswith(b"BEGIN:VCALENDAR")
    assert (pdf["partId"], pdf["filename"]) == ("2", "brief.pdf")
    assert set(pdf["body"]) == {"attachmentId", "size"}
    assert pdf["body"]["size"] == len(PDF)
    attachment = (
        gmail.messages()
        .attachments()
        .get(userId="me", messageId=mid, id=pdf["body"]["attachmentId"])
        .execute()
    )
    assert decode(attachment["data"]) == PDF
    assert attachment["size"] == len(PDF)

    raw = gmail.messages().get(userId="me", id=mid, format="raw").execute()
    assert decode(raw["raw"]) == MULTIPART
    assert "payload" not in raw
    meta = (
        gmail.messages()
        .get(userId="me", id=mid, format="metadata", metadataHeaders=["subject", "FROM"])
        .execute()
    )
    assert meta["payload"] == {
        "partId": "",
        "mimeType": "multipart/mixed",
        "filename": "",
        "body": {"size": 0},
        "headers": [
            {"name": "From", "value": "Dana <dana@northwind.example>"},
            {"name": "Subject", "value": headers["Subject"]},
        ],
    }
    minimal = gmail.messages().get(userId="me", id=mid, format="minimal").execute()
    assert set(minimal) == {
        "id",
        "threadId",
        "labelIds",
        "snippet",
        "sizeEstimate",
        "historyId",
        "internalDate",
    }
    with pytest.raises(HttpError) as caught:
        gmail.messages().get(userId="me", id="18cfffffffffffff").execute()
    assert caught.value.status_code == 404
    assert caught.value.error_details[0]["reason"] == "notFound"


def test_threads(server: GmailServer, gmail: Any) -> None:
    first = server.deliver(mail(message_id="t1@x"))
    server.deliver(mail(message_id="other@x"))
    reply = server.deliver(mail("me@example.org", message_id="t2@x", reply_to="t1@x"), ["SENT"])
    assert server.message(reply).thread_id == first
    thread = (
        gmail.threads()
        .get(userId="me", id=first, format="metadata", metadataHeaders=["Message-ID"])
        .execute()
    )
    assert thread["id"] == first
    assert [m["id"] for m in thread["messages"]] == [first, reply]
    assert thread["messages"][1]["payload"]["headers"] == [
        {"name": "Message-ID", "value": "<t2@x>"}
    ]
    assert thread["historyId"] == str(server.message(reply).history_id)
    with pytest.raises(HttpError) as caught:
        gmail.threads().get(userId="me", id="18cfffffffffffff").execute()
    assert caught.value.status_code == 404


def test_history(server: GmailServer, gmail: Any) -> None:
    start = server.history_id
    assert "history" not in gmail.history().list(userId="me", startHistoryId=start).execute()
    a = server.deliver(mail(message_id="h1@x"))
    b = server.deliver(mail(message_id="h2@x"))
    server.add_labels(a, ["STARRED", "INBOX"])  # INBOX is there already: not recorded
    server.remove_labels(b, ["UNREAD"])
    server.remove_labels(b, ["UNREAD"])  # no change, no record
    server.delete(a)
    records, token = [], None
    while True:
        answer = (
            gmail.history()
            .list(userId="me", startHistoryId=str(start), maxResults=2, pageToken=token)
            .execute()
        )
        assert answer["historyId"] == str(server.history_id) == str(start + 5)
        records += answer["history"]
        token = answer.get("nextPageToken")
        if token is None:
            break
    assert [int(r["id"]) for r in records] == list(range(start + 1, start + 6))
    assert records[0]["messagesAdded"] == [
        {"message": {"id": a, "threadId": a, "labelIds": ["INBOX", "UNREAD"]}}
    ]
    assert records[0]["messages"] == [{"id": a, "threadId": a}]
    assert records[2]["labelsAdded"] == [
        {
            "message": {"id": a, "threadId": a, "labelIds": ["INBOX", "UNREAD", "STARRED"]},
            "labelIds": ["STARRED"],
        }
    ]
    assert records[3]["labelsRemoved"][0]["labelIds"] == ["UNREAD"]
    assert records[4]["messagesDeleted"] == [{"message": {"id": a, "threadId": a}}]
    typed = (
        gmail.history()
        .list(userId="me", startHistoryId=str(start), historyTypes=["labelAdded", "messageDeleted"])
        .execute()
    )
    assert [set(r) - {"id", "messages"} for r in typed["history"]] == [
        {"labelsAdded"},
        {"messagesDeleted"},
    ]
    starred = gmail.history().list(userId="me", startHistoryId=start, labelId="STARRED").execute()
    assert [r["id"] for r in starred["history"]] == [records[2]["id"], records[4]["id"]]
    later = gmail.history().list(userId="me", startHistoryId=str(start + 3)).execute()
    assert [r["id"] for r in later["history"]] == [str(start + 4), str(start + 5)]

    server.expire_history()
    current = server.history_id
    assert "history" not in gmail.history().list(userId="me", startHistoryId=current).execute()
    with pytest.raises(HttpError) as caught:
        gmail.history().list(userId="me", startHistoryId=str(current - 1)).execute()
    assert caught.value.status_code == 404
    with pytest.raises(HttpError) as caught:
        gmail.history().list(userId="me", startHistoryId="garbage").execute()
    assert caught.value.status_code == 400


def test_drafts(server: GmailServer, gmail: Any) -> None:
    first = server.deliver(mail(message_id="orig@x"))
    start = server.history_id

    def create(raw: bytes, **message: str) -> dict[str, Any]:
        body = {"message": {"raw": base64.urlsafe_b64encode(raw).decode(), **message}}
        return dict(gmail.drafts().create(userId="me", body=body).execute())

    reply = create(mail("me@example.org", message_id="d1@x", reply_to="orig@x"))
    assert reply["id"].startswith("r-")
    assert reply["message"]["threadId"] == first
    assert reply["message"]["labelIds"] == ["DRAFT"]
    fresh = create(mail("me@example.org", message_id="d2@x"))
    assert fresh["message"]["threadId"] == fresh["message"]["id"]
    forced = create(mail("me@example.org", message_id="d3@x"), threadId=first)
    assert forced["message"]["threadId"] == first
    with pytest.raises(HttpError) as caught:
        create(mail(message_id="d4@x"), threadId="18cfffffffffffff")
    assert caught.value.status_code == 400

    made = [(d["id"], d["message"]["id"]) for d in (reply, fresh, forced)]
    assert server.drafts() == made
    stored = server.message(reply["message"]["id"])
    assert stored.labels == ["DRAFT"]
    assert b"In-Reply-To: <orig@x>\r\n" in stored.raw
    listed = gmail.drafts().list(userId="me").execute()
    assert [d["id"] for d in listed["drafts"]] == [d for d, _ in reversed(made)]
    added = gmail.history().list(userId="me", startHistoryId=start).execute()["history"]
    assert [r["messagesAdded"][0]["message"]["labelIds"] for r in added] == [["DRAFT"]] * 3
    assert ids(gmail.messages().list(userId="me", labelIds=["DRAFT"]).execute()) == [
        m for _, m in reversed(made)
    ]


def test_batch(server: GmailServer, gmail: Any) -> None:
    wanted = [server.deliver(mail(message_id=f"b{i}@x")) for i in range(3)]
    server.fail(rf"/messages/{wanted[1]}$", 503)
    answers: dict[str, Any] = {}
    batch = BatchHttpRequest(
        callback=lambda key, response, error: answers.update({key: (response, error)}),
        batch_uri=server.url + "/batch/gmail/v1",
    )
    for key in wanted:
        batch.add(gmail.messages().get(userId="me", id=key, format="metadata"), request_id=key)
    batch.execute()
    assert [(m.method, m.path) for m in server.requests] == [("POST", "/batch/gmail/v1")]
    assert [m.path.rsplit("/", 1)[1] for m in server.subrequests] == wanted
    assert server.subrequests[0].query["format"] == ["metadata"]
    assert answers[wanted[0]][0]["id"] == wanted[0]
    assert answers[wanted[2]][1] is None
    failed = answers[wanted[1]][1]
    assert isinstance(failed, HttpError)
    assert failed.status_code == 503
    assert failed.error_details[0]["reason"] == "backendError"
    assert answers[wanted[1]][0] is None


def test_fail_429_with_retry_after(server: GmailServer, gmail: Any) -> None:
    server.fail(r"/profile$", 429, times=2, headers={"Retry-After": "1"})
    for _ in range(2):
        with pytest.raises(HttpError) as caught:
            gmail.getProfile(userId="me").execute()
        assert caught.value.resp.status == 429
        assert caught.value.resp["retry-after"] == "1"
        # The ErrorInfo detail comes first in error_details, as with Google's newer answers.
        assert caught.value.error_details[0]["reason"] == "RATE_LIMIT_EXCEEDED"
        body = json.loads(caught.value.content)["error"]
        assert body["errors"][0] == {
            "message": "Resource has been exhausted (e.g. check quota).",
            "domain": "usageLimits",
            "reason": "rateLimitExceeded",
        }
    assert gmail.getProfile(userId="me").execute()["emailAddress"] == "me@example.org"
    server.fail(r"/profile$", 403, reason="dailyLimitExceeded")
    with pytest.raises(HttpError) as caught:
        gmail.getProfile(userId="me").execute()
    assert caught.value.error_details[0]["domain"] == "usageLimits"
    assert caught.value.error_details[0]["reason"] == "dailyLimitExceeded"


def test_401_without_a_live_token(server: GmailServer) -> None:
    for token in (None, "ya29.unknown", server.issue_token(expires_in=-1)):
        status, headers, body = call(server, "/gmail/v1/users/me/profile", token=token)
        assert status == 401
        assert headers["WWW-Authenticate"].startswith("Bearer")
        assert body["error"]["status"] == "UNAUTHENTICATED"
    status, _, body = call(server, "/gmail/v1/users/me/profile", token=server.issue_token())
    assert status == 200
    status, _, body = call(server, "/nowhere", token=server.issue_token())
    assert (status, body["error"]["code"]) == (404, 404)


def test_refresh_after_401(server: GmailServer) -> None:
    info = server.authorized_user_info(SCOPES)
    # google-auth replaces the saved token_uri by Google's: put the server's back
    credentials = Credentials.from_authorized_user_info(info, SCOPES).with_token_uri(
        info["token_uri"]
    )
    service = connect(server, credentials)
    try:
        server.expire_tokens()
        assert service.users().getProfile(userId="me").execute()["historyId"] == "1000"
        assert server.token_requests == ["refresh_token"]
        assert credentials.token != info["token"]
        assert [r.path for r in server.requests].count("/gmail/v1/users/me/profile") == 2
        server.revoke(info["refresh_token"])
        with pytest.raises(RefreshError) as caught:
            service.users().getProfile(userId="me").execute()
        assert caught.value.args[0].startswith("invalid_grant")
    finally:
        service.close()


def test_sign_in_with_pkce(
    server: GmailServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the token_uri is plain http
    flow = Flow.from_client_secrets_file(
        str(server.client_secrets_json(tmp_path)), scopes=SCOPES, redirect_uri="http://localhost:9/"
    )
    url, state = flow.authorization_url(access_type="offline", prompt="consent")
    connection = http.client.HTTPConnection("127.0.0.1", int(server.url.rsplit(":", 1)[1]))
    try:
        connection.request("GET", url.removeprefix(server.url))
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 302
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert location.netloc == "localhost:9"
    params = dict(urllib.parse.parse_qsl(location.query))
    assert (params["state"], params["scope"]) == (state, " ".join(SCOPES))
    (seen,) = server.auth_requests
    assert seen.scopes == SCOPES
    assert seen.params["code_challenge_method"] == "S256"
    assert seen.params["access_type"] == "offline"
    try:
        flow.fetch_token(code=params["code"])
    finally:
        flow.oauth2session.close()
    assert server.token_requests == ["authorization_code"]
    credentials = flow.credentials
    assert credentials.refresh_token
    status, _, body = call(server, f"/tokeninfo?access_token={credentials.token}")
    assert status == 200
    assert body["scope"] == " ".join(SCOPES)
    # a code works once, and only with its verifier
    form = {
        "grant_type": "authorization_code",
        "code": params["code"],
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "redirect_uri": "http://localhost:9/",
        "code_verifier": flow.code_verifier,
    }
    status, _, body = call(server, "/token", data=urllib.parse.urlencode(form).encode())
    assert (status, body["error"]) == (400, "invalid_grant")


def test_tokeninfo_for_dovecot(server: GmailServer) -> None:
    token = server.issue_token(scopes=["https://mail.google.com/"])
    for path, data, bearer in [
        (f"/tokeninfo?access_token={token}", None, None),  # introspection_mode = get
        ("/tokeninfo", urllib.parse.urlencode({"token": token}).encode(), None),  # post
        ("/tokeninfo", None, token),  # get-auth
    ]:
        status, _, body = call(server, path, data=data, token=bearer)
        assert status == 200
        assert body["active"] is True
        assert (body["email"], body["aud"]) == ("me@example.org", server.client_id)
        assert body["scope"] == "https://mail.google.com/"
    server.expire_tokens()
    status, _, body = call(server, f"/tokeninfo?access_token={token}")
    assert (status, body["error"]) == (400, "invalid_token")


def test_counters(server: GmailServer, gmail: Any) -> None:
    gmail.getProfile(userId="me").execute()
    assert server.bytes_sent > 0
    assert server.requests[0].query == {"alt": ["json"]}
    server.reset_counters()
    assert (server.requests, server.subrequests, server.bytes_sent) == ([], [], 0)
    assert server.errors == []


def test_batch_refreshes_on_401(server: GmailServer) -> None:
    info = server.authorized_user_info(SCOPES)
    credentials = Credentials.from_authorized_user_info(info).with_token_uri(info["token_uri"])
    service = connect(server, credentials)
    wanted = [server.deliver(mail(message_id=f"r{i}@x")) for i in range(2)]
    server.expire_tokens()
    answers: dict[str, Any] = {}
    batch = BatchHttpRequest(
        callback=lambda key, response, error: answers.update({key: error or response["id"]}),
        batch_uri=server.url + "/batch/gmail/v1",
    )
    try:
        for key in wanted:
            batch.add(service.users().messages().get(userId="me", id=key), request_id=key)
        batch.execute()
    finally:
        service.close()
    assert answers == {key: key for key in wanted}
    assert server.token_requests == ["refresh_token"]
    assert len(server.subrequests) == 4  # two 401s, then the two again with the new token
