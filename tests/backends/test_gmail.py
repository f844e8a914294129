"""What the Gmail backend does beyond the shared contract: history, threads, drafts in the
thread, labels, retries and the sign-in. Against the tests' Gmail-compatible server through the
real google-api-python-client (all mail synthetic)."""

from __future__ import annotations

import email
import email.policy
import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.backends.conftest import ME, OLD, RECENT, SINCE, gmail_mailbox, synthetic
from tests.servers.gmail import GmailServer
from watcher.backends import oauth
from watcher.backends.base import FetchResult, MailboxAuthError, MailboxError, SearchTerms
from watcher.backends.gmail import GmailMailbox

TERMS = SearchTerms(since=SINCE, domains=("northwind.example",))


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
    item = gmail.deliver(synthetic("ana@northwind.example", "archived"), labels=(),
                         internal_date=RECENT)  # fmt: skip
    with gmail_mailbox(gmail) as box:
        first = box.fetch("INBOX", None, TERMS, "k")
        assert first.messages == ()
        gmail.add_labels(item, ["INBOX"])
        assert subjects(box.fetch("INBOX", first.state, TERMS, "k")) == ["archived"]


def test_the_users_own_mail_is_found_by_the_sent_label(gmail: GmailServer) -> None:
    terms = SearchTerms(since=SINCE, addresses=("rita@northwind.example",))
    gmail.deliver(synthetic(ME, "Thank you", to="rita@northwind.example"), labels=("SENT",),
                  internal_date=RECENT)  # fmt: skip
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
    assert searches and all(q.startswith(f"after:{after} ") for q in searches)


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
        thread_terms = SearchTerms(since=SINCE, message_ids=("orig@northwind.example",))
        # From the start (a first sync): through the thread.
        assert subjects(box.fetch("INBOX", None, thread_terms, "k")) == ["Re: Interview"]
        # Since the saved state: through the history.
        assert subjects(box.fetch("INBOX", first.state, thread_terms, "k")) == ["Re: Interview"]


def test_a_draft_is_created_in_the_thread_it_answers(gmail: GmailServer) -> None:
    original = synthetic(
        "rita@northwind.example", "Interview", message_id="<orig@northwind.example>"
    )
    item = gmail.deliver(original, internal_date=RECENT)
    draft = synthetic(ME, "Re: Interview", to="rita@northwind.example",
                      message_id="<draft@watcher.test>")  # fmt: skip
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
    gmail.deliver(synthetic("ana@northwind.example", "labelled"), labels=(label,),
                  internal_date=RECENT)  # fmt: skip
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
