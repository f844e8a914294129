"""What the Gmail backend does beyond the shared contract: history, threads, drafts in the
thread, labels, retries and the sign-in. Against the tests' Gmail-compatible server through the
real google-api-python-client (all mail synthetic)."""

from __future__ import annotations

import email
import email.policy
import http.server
import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.backends.conftest import ME, OLD, RECENT, SINCE, gmail_mailbox, synthetic, terms_for
from tests.servers.gmail import GmailServer
from watcher import oauth
from watcher.backends.base import FetchResult, MailboxAuthError, MailboxError
from watcher.backends.gmail import GmailMailbox
from watcher.mail import MAX_DEPTH, MAX_PART_BYTES

TERMS = terms_for(domains=("northwind.example",))


def paths(server: GmailServer) -> list[str]:
    return [request.path for request in server.requests]


def subjects(result: FetchResult) -> list[str]:
    parsed = [
        email.message_from_bytes(m.headers, policy=email.policy.default) for m in result.messages
    ]
    return [str(m["Subject"]) for m in parsed]


def test_a_restart_costs_one_history_call_for_every_folder(gmail: GmailServer) -> None:
    gmail.deliver(synthetic("ana@northwind.example", "first"), internal_date=RECENT)
    with gmail_mailbox(gmail) as box:
        inbox = box.fetch("INBOX", None, TERMS, "k")
        sent = box.fetch("SENT", None, TERMS, "k")
    gmail.reset_counters()
    with gmail_mailbox(gmail) as restarted:  # a new process: nothing kept but the states
        assert restarted.fetch("INBOX", inbox.state, TERMS, "k").messages == ()
        assert restarted.fetch("SENT", sent.state, TERMS, "k").messages == ()
    assert paths(gmail) == ["/gmail/v1/users/me/history"]


def test_new_mail_is_read_from_the_history_and_filtered_here(gmail: GmailServer) -> None:
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        gmail.deliver(synthetic("eve@unrelated.example", "unrelated"), internal_date=RECENT)
        gmail.deliver(synthetic("bob@careers.northwind.example", "wanted"), internal_date=RECENT)
        gmail.deliver(synthetic("ana@northwind.example", "too old"), internal_date=OLD)
        gmail.deliver(
            synthetic("ana@northwind.example", "archived"), labels=(), internal_date=RECENT
        )
        second = box.fetch("INBOX", first.state, TERMS, "k")
    assert subjects(second) == ["wanted"]
    assert second.state.last_uid == gmail.history_id
    # The unrelated message was read as metadata only, never whole.
    full = [r for r in gmail.subrequests + gmail.requests if r.query.get("format") == ["full"]]
    assert len(full) == 1


def test_a_label_added_later_brings_the_message_into_the_folder(gmail: GmailServer) -> None:
    item = gmail.deliver(
        synthetic("ana@northwind.example", "archived"), labels=(), internal_date=RECENT
    )
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        assert first.messages == ()
        gmail.add_labels(item, ["INBOX"])
        assert subjects(box.fetch("INBOX", first.state, TERMS, "k")) == ["archived"]


def test_the_users_own_mail_is_found_by_the_sent_label(gmail: GmailServer) -> None:
    terms = terms_for(addresses=("rita@northwind.example",))
    gmail.deliver(
        synthetic(ME, "Thank you", to="rita@northwind.example"),
        labels=("SENT",),
        internal_date=RECENT,
    )
    with gmail_mailbox(gmail) as box:
        assert subjects(box.fetch("SENT", None, terms, "k")) == ["Thank you"]
        assert box.fetch("INBOX", None, terms, "k").messages == ()


def test_an_expired_history_falls_back_to_a_bounded_search(gmail: GmailServer) -> None:
    gmail.deliver(synthetic("ana@northwind.example", "old news"), internal_date=OLD)
    gmail.deliver(synthetic("ana@northwind.example", "recent"), internal_date=RECENT)
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
    gmail.deliver(synthetic("ana@northwind.example", "while away"), internal_date=RECENT)
    gmail.expire_history()
    gmail.reset_counters()
    with gmail_mailbox(gmail) as box:
        again = box.fetch("INBOX", first.state, TERMS, "k")
    assert again.rescanned
    assert subjects(again) == ["recent", "while away"]
    searches = [r.query["q"][0] for r in gmail.requests if r.path.endswith("/messages")]
    after = int(datetime.combine(SINCE, datetime.min.time(), UTC).timestamp())
    assert searches and all(q == f"after:{after}" for q in searches)


def test_history_pages_are_followed_to_the_end(gmail: GmailServer) -> None:
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        for n in range(520):
            gmail.deliver(synthetic(f"x{n}@unrelated.example", f"noise {n}"), internal_date=RECENT)
        gmail.deliver(synthetic("ana@northwind.example", "last"), internal_date=RECENT)
        second = box.fetch("INBOX", first.state, TERMS, "k")
    assert subjects(second) == ["last"]
    assert paths(gmail).count("/gmail/v1/users/me/history") >= 2


def test_replies_are_followed_by_thread_and_headers(gmail: GmailServer) -> None:
    original = synthetic(
        "rita@northwind.example", "Interview", message_id="<orig@northwind.example>"
    )
    gmail.deliver(original, internal_date=RECENT)
    reply = synthetic("Rita <rita.personal@mail.example>", "Re: Interview")
    reply = reply.replace(
        b"X-Watcher-Test", b"In-Reply-To: <orig@northwind.example>\r\nX-Watcher-Test"
    )
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        assert subjects(first) == ["Interview"]
        gmail.deliver(reply, internal_date=RECENT + timedelta(hours=1))
        # A company the original's domain does not spell (northwind.example would name
        # Northwind): only the thread ties the reply.
        thread_terms = terms_for(message_ids=("orig@northwind.example",), company="Contoso")
        # From the start (a first sync): through the thread.
        assert subjects(box.fetch("INBOX", None, thread_terms, "k")) == ["Re: Interview"]
        # Since the saved state: through the history.
        assert subjects(box.fetch("INBOX", first.state, thread_terms, "k")) == ["Re: Interview"]


def test_a_draft_is_created_in_the_thread_it_answers(gmail: GmailServer) -> None:
    original = synthetic(
        "rita@northwind.example", "Interview", message_id="<orig@northwind.example>"
    )
    item = gmail.deliver(original, internal_date=RECENT)
    draft = synthetic(
        ME, "Re: Interview", to="rita@northwind.example", message_id="<draft@watcher.test>"
    )
    draft = draft.replace(
        b"X-Watcher-Test",
        b"In-Reply-To: <orig@northwind.example>\r\nReferences: <orig@northwind.example>\r\n"
        b"X-Watcher-Test",
    )
    with gmail_mailbox(gmail) as box:
        box.append_draft("DRAFT", draft, RECENT)
        assert box.has_message("DRAFT", "draft@watcher.test")
    [(_draft_id, message_id)] = gmail.drafts()
    stored = gmail.message(message_id)
    assert stored.thread_id == gmail.message(item).thread_id
    assert set(stored.labels) == {"DRAFT"}
    assert stored.raw.replace(b"\r\n", b"\n") == draft.replace(b"\r\n", b"\n")
    drafts = [r for r in gmail.requests if r.path.endswith("/drafts")]
    assert len(drafts) == 1


def test_a_draft_elsewhere_than_drafts_is_refused(gmail: GmailServer) -> None:
    with gmail_mailbox(gmail) as box, pytest.raises(MailboxError, match="DRAFT"):
        box.append_draft("INBOX", synthetic(ME, "x"), RECENT)


def test_a_users_label_is_a_folder_and_a_missing_one_is_named(gmail: GmailServer) -> None:
    label = gmail.create_label("Jobs")
    gmail.deliver(
        synthetic("ana@northwind.example", "labelled"), labels=(label,), internal_date=RECENT
    )
    with gmail_mailbox(gmail) as box:
        assert subjects(box.fetch("Jobs", None, TERMS, "k")) == ["labelled"]
        with pytest.raises(MailboxError, match="Applications"):
            box.fetch("Applications", None, TERMS, "k")
    box = GmailMailbox("gmail", box.session, api_endpoint=gmail.url, inbox=("INBOX", "Nope"))
    with box, pytest.raises(MailboxError, match="Nope"):
        box.folders()


def test_rate_limits_wait_as_long_as_retry_after_says(gmail: GmailServer) -> None:
    gmail.deliver(synthetic("ana@northwind.example", "a"), internal_date=RECENT)
    gmail.deliver(synthetic("ana@northwind.example", "b"), internal_date=RECENT)
    gmail.fail(r"/messages$", 429, times=2, headers={"Retry-After": "7"})
    gmail.fail(r"/messages/[0-9a-f]+$", 429, times=1, headers={"Retry-After": "3"})
    waits: list[float] = []
    with gmail_mailbox(gmail, waits=waits) as box:
        result = box.fetch("INBOX", None, TERMS, "k")
    assert subjects(result) == ["a", "b"]
    assert waits == [7.0, 7.0, 3.0]


def test_server_errors_are_retried_with_backoff_then_reported(gmail: GmailServer) -> None:
    gmail.fail(r"/profile$", 503, times=2)
    waits: list[float] = []
    with gmail_mailbox(gmail, waits=waits) as box:
        box.fetch("INBOX", None, TERMS, "k")
        assert len(waits) == 2
        assert 1.0 <= waits[0] < 2.0 <= waits[1] < 3.0
        gmail.fail(r"/labels$", 500, times=100)
        with pytest.raises(MailboxError, match="500"):
            box.fetch("Jobs", None, TERMS, "k")
    assert len(waits) == 2 + 6


def test_a_forbidden_answer_names_the_login_fix(gmail: GmailServer) -> None:
    gmail.fail(r"/profile$", 403, reason="insufficientPermissions")
    with gmail_mailbox(gmail) as box, pytest.raises(MailboxAuthError, match="auth login gmail"):
        box.fetch("INBOX", None, TERMS, "k")


def test_an_expired_token_is_refreshed_and_saved(gmail: GmailServer) -> None:
    saved: list[str] = []
    info = gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))
    session = oauth.Session.from_json(
        "gmail", json.dumps(info), saved.append, token_uri=info["token_uri"]
    )
    gmail.expire_tokens()
    with GmailMailbox("gmail", session, api_endpoint=gmail.url) as box:
        box.fetch("INBOX", None, TERMS, "k")
    assert "refresh_token" in gmail.token_requests
    assert saved and json.loads(saved[-1])["token"] != info["token"]
    assert json.loads(saved[-1])["refresh_token"] == info["refresh_token"]


def test_a_revoked_sign_in_says_to_log_in_again(gmail: GmailServer) -> None:
    info = gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))
    session = oauth.Session.from_json(
        "gmail", json.dumps(info), lambda text: None, token_uri=info["token_uri"]
    )
    gmail.revoke(info["refresh_token"])
    gmail.expire_tokens()
    box = GmailMailbox("gmail", session, api_endpoint=gmail.url)
    with box, pytest.raises(MailboxAuthError, match="watcher auth login gmail") as caught:
        box.fetch("INBOX", None, TERMS, "k")
    assert "invalid_grant" in str(caught.value)
    assert info["refresh_token"] not in str(caught.value)


def test_a_message_deleted_before_it_is_read_is_left_out(gmail: GmailServer) -> None:
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        gone = gmail.deliver(synthetic("ana@northwind.example", "gone"), internal_date=RECENT)
        gmail.deliver(synthetic("ana@northwind.example", "kept"), internal_date=RECENT)
        gmail.delete(gone)
        assert subjects(box.fetch("INBOX", first.state, TERMS, "k")) == ["kept"]


def test_a_dead_server_is_a_mailbox_error_naming_it(gmail: GmailServer) -> None:
    box = gmail_mailbox(gmail)
    url = gmail.url
    gmail.stop()
    with box, pytest.raises(MailboxError, match=url.split("//")[1]):
        box.fetch("INBOX", None, TERMS, "k")


def test_interrupt_cuts_a_long_wait_short(gmail: GmailServer) -> None:
    info = gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))
    session = oauth.Session.from_json(
        "gmail", json.dumps(info), lambda text: None, token_uri=info["token_uri"]
    )
    gmail.fail(r"/profile$", 429, times=5, headers={"Retry-After": "30"})
    box = GmailMailbox("gmail", session, api_endpoint=gmail.url)  # waits for real
    timer = threading.Timer(0.3, box.interrupt)
    started = time.monotonic()
    with box:
        timer.start()
        with pytest.raises(MailboxError, match="stopped"):
            box.fetch("INBOX", None, TERMS, "k")
    assert time.monotonic() - started < 5


def test_a_sign_in_without_a_refresh_token_says_to_log_in_again(gmail: GmailServer) -> None:
    info = gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))
    del info["refresh_token"]
    with pytest.raises(oauth.OAuthError, match="auth login gmail"):
        oauth.Session.from_json("gmail", json.dumps(info), lambda text: None)
    info["refresh_token"] = ""
    session = oauth.Session.from_json(
        "gmail", json.dumps(info), lambda text: None, token_uri=info["token_uri"]
    )
    gmail.expire_tokens()
    box = GmailMailbox("gmail", session, api_endpoint=gmail.url)
    with box, pytest.raises(MailboxAuthError, match=r"no refresh token.*auth login gmail"):
        box.fetch("INBOX", None, TERMS, "k")


def reply_to(sender: str, subject: str, *answered: str, when: datetime = RECENT) -> bytes:
    """A synthetic reply whose In-Reply-To names the last of ``answered``, References all."""
    data = synthetic(sender, subject, when=when)
    links = f"In-Reply-To: <{answered[-1]}>\r\nReferences: " + " ".join(f"<{a}>" for a in answered)
    return data.replace(b"X-Watcher-Test", links.encode() + b"\r\nX-Watcher-Test")


def test_a_reply_deeper_in_a_thread_is_found_through_its_parent(gmail: GmailServer) -> None:
    gmail.deliver(
        synthetic("rita@northwind.example", "Interview", message_id="<o@nw.example>"),
        internal_date=RECENT,
    )
    terms = terms_for(message_ids=("o@nw.example",))
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        first_reply = reply_to("alex@example.org", "Re: Interview", "o@nw.example")
        first_reply = first_reply.replace(b"Message-ID: <", b"Message-ID: <r1-", 1)
        gmail.deliver(first_reply, internal_date=RECENT)
        r1 = gmail.message(gmail.ids()[-1]).message_id
        # Only the first reply names the wanted message; the second names the first.
        gmail.deliver(reply_to("rita@mail.example", "Re: Interview", r1), internal_date=RECENT)
        found = subjects(box.fetch("INBOX", first.state, terms, "k"))
        assert found == ["Re: Interview", "Re: Interview"]


def test_a_reply_whose_subject_changed_is_found_by_its_headers(gmail: GmailServer) -> None:
    gmail.deliver(
        synthetic("rita@northwind.example", "Interview", message_id="<o@nw.example>"),
        internal_date=RECENT,
    )
    terms = terms_for(message_ids=("o@nw.example",))
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        gmail.deliver(
            reply_to("rita@mail.example", "Next steps", "o@nw.example"), internal_date=RECENT
        )
        new = gmail.ids()[-1]
        assert gmail.message(new).thread_id == new  # Gmail started a thread of its own
        assert subjects(box.fetch("INBOX", first.state, terms, "k")) == ["Next steps"]


def test_unrelated_new_mail_costs_its_metadata_only(gmail: GmailServer) -> None:
    ids = tuple(f"thread-{n}@elsewhere.example" for n in range(40))
    terms = terms_for(domains=("northwind.example",), message_ids=ids)
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
    gmail.deliver(synthetic("news@letters.example", "Weekly digest"), internal_date=RECENT)
    gmail.reset_counters()
    with gmail_mailbox(gmail) as box:
        assert box.fetch("INBOX", first.state, terms, "k").messages == ()
    assert paths(gmail) == [
        "/gmail/v1/users/me/history",
        f"/gmail/v1/users/me/messages/{gmail.ids()[-1]}",
    ]


@pytest.mark.parametrize(
    ("status", "reason", "error", "text"),
    [
        (403, "accessNotConfigured", MailboxAuthError, "not enabled"),
        (403, "insufficientPermissions", MailboxAuthError, "auth login gmail"),
        (403, "dailyLimitExceeded", MailboxError, "dailyLimitExceeded"),
        (400, "invalidArgument", MailboxError, "400"),
    ],
)
def test_errors_that_waiting_does_not_cure_are_not_retried(
    gmail: GmailServer, status: int, reason: str, error: type[MailboxError], text: str
) -> None:
    gmail.fail(r"/profile$", status, reason=reason)
    waits: list[float] = []
    with gmail_mailbox(gmail, waits=waits) as box, pytest.raises(error, match=text) as caught:
        box.fetch("INBOX", None, TERMS, "k")
    assert waits == []
    assert isinstance(caught.value, MailboxAuthError) == (error is MailboxAuthError)


def test_a_rate_limit_403_with_error_info_is_waited_for(gmail: GmailServer) -> None:
    gmail.fail(r"/profile$", 403, reason="userRateLimitExceeded", headers={"Retry-After": "2"})
    waits: list[float] = []
    with gmail_mailbox(gmail, waits=waits) as box:
        box.fetch("INBOX", None, TERMS, "k")
    assert waits == [2.0]


def test_a_draft_is_not_created_again_after_a_server_error(gmail: GmailServer) -> None:
    gmail.fail(r"/drafts$", 503, times=1)
    waits: list[float] = []
    with gmail_mailbox(gmail, waits=waits) as box, pytest.raises(MailboxError, match="503"):
        box.append_draft("DRAFT", synthetic(ME, "x"), RECENT)
    assert [r.path for r in gmail.requests].count("/gmail/v1/users/me/drafts") == 1
    assert waits == []


def test_a_sign_in_removed_meanwhile_stops_the_account(gmail: GmailServer) -> None:
    info = gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))

    def removed(text: str) -> None:
        raise oauth.SignInRefused("the Google sign-in of account 'gmail' was removed")

    session = oauth.Session.from_json(
        "gmail", json.dumps(info), removed, token_uri=info["token_uri"]
    )
    gmail.expire_tokens()
    box = GmailMailbox("gmail", session, api_endpoint=gmail.url)
    with box, pytest.raises(MailboxAuthError, match="was removed"):
        box.fetch("INBOX", None, TERMS, "k")


class _Broken(http.server.BaseHTTPRequestHandler):
    """Answers 200 with an HTML page, or a body cut short, whatever is asked."""

    def do_GET(self) -> None:
        if "cut" in self.server.mode:  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"historyId": ')
            self.close_connection = True
            return
        page = b"<html><body>Sign in to the hotel Wi-Fi</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("mode", ["portal", "cut"])
def test_a_proxy_page_or_a_cut_answer_is_a_mailbox_error(gmail: GmailServer, mode: str) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    httpd.mode = mode  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        info = gmail.authorized_user_info(list(oauth.GMAIL_SCOPES))
        session = oauth.Session.from_json("gmail", json.dumps(info), lambda text: None)
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        box = GmailMailbox("gmail", session, api_endpoint=url, timeout=5)
        with box, pytest.raises(MailboxError, match=r"127\.0\.0\.1"):
            box.fetch("INBOX", None, TERMS, "k")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_a_thread_round_reads_nothing_again(gmail: GmailServer) -> None:
    gmail.deliver(
        synthetic("rita@northwind.example", "Interview", message_id="<o@nw.example>"),
        internal_date=RECENT,
    )
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        gmail.deliver(
            reply_to("rita@northwind.example", "Re: Interview", "o@nw.example"),
            internal_date=RECENT,
        )
        assert subjects(box.fetch("INBOX", first.state, TERMS, "k")) == ["Re: Interview"]
        learned = gmail.message(gmail.ids()[-1]).message_id
        gmail.reset_counters()
        # The engine's thread round: the same new mail, asked for replies to what it taught.
        thread_terms = terms_for(message_ids=(learned,), company="Contoso")
        assert box.fetch("INBOX", first.state, thread_terms, "k").messages == ()
    assert gmail.requests == []
    assert gmail.subrequests == []


def test_parts_are_cut_before_decoding_and_deep_ones_left_out(gmail: GmailServer) -> None:
    header = (
        b"From: ana@northwind.example\r\nTo: " + ME.encode() + b"\r\nSubject: hostile\r\n"
        b"Date: Tue, 10 Mar 2026 09:30:00 +0000\r\nX-Watcher-Test: synthetic\r\n"
    )
    big = header + b"Content-Type: text/plain\r\n\r\n" + b"x" * (3 * MAX_PART_BYTES)
    depth = MAX_DEPTH + 4
    opening = b"".join(
        b"--n%d\r\nContent-Type: multipart/mixed; boundary=n%d\r\n\r\n" % (i, i + 1)
        for i in range(depth - 1)
    )
    inner = b"--n%d\r\nContent-Type: text/plain\r\n\r\ndeep\r\n" % (depth - 1)
    closing = b"".join(b"--n%d--\r\n" % i for i in range(depth - 1, -1, -1))
    deep = header.replace(b"hostile", b"deep") + (
        b"Content-Type: multipart/mixed; boundary=n0\r\n\r\n" + opening + inner + closing
    )
    gmail.deliver(big, internal_date=RECENT)
    gmail.deliver(deep, internal_date=RECENT)
    with gmail_mailbox(gmail) as box:
        result = box.fetch("INBOX", None, TERMS, "k")
    by_subject = dict(zip(subjects(result), result.messages, strict=True))
    (part,) = by_subject["hostile"].parts
    assert part.payload == b"x" * MAX_PART_BYTES
    assert by_subject["deep"].parts == ()
