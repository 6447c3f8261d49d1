"""Masking (api/outbox/masking.py): what `panda outbox list` shows of a person."""

from api.outbox.masking import mask_email, mask_phone, sms_recipient


def test_mask_email_keeps_one_letter_of_each_part() -> None:
    assert mask_email("camille.martin@example.org") == "c•••@e•••.org"
    assert mask_email("a@localhost") == "a•••@l•••"
    assert mask_email(None) == "—"


def test_mask_phone_keeps_the_country_the_first_and_last_two_digits() -> None:
    assert mask_phone("+33612345678") == "+33 6 ••• •• 78"
    assert mask_phone(None) == "—"


def test_sms_recipient_reads_the_phone_of_an_sms_body() -> None:
    body = '{"id":"k","event":"sms.requested","data":{"to":"+33712345678","text":"x"}}'
    assert sms_recipient(body) == "+33 7 ••• •• 78"
    assert sms_recipient(None) == "—"
    assert sms_recipient("not json") == "—"
