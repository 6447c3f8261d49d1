"""api.duplicates.contacts: phones in E.164, e-mail domains, website keys, SIRET."""

from api.duplicates.contacts import e164, email_domain, organisation_domains, siret, website_key


def test_e164_french_numbers() -> None:
    assert e164("03 80 48 84 14") == "+33380488414"
    assert e164("+33380488414") == "+33380488414"
    assert e164(None) is None
    assert e164("36 46") is None


def test_email_domains_without_webmail() -> None:
    assert email_domain("Accueil@CSArnayLeDuc.fr") == "csarnayleduc.fr"
    emails = ["accueil@csarnayleduc.fr", "someone@gmail.com"]
    assert organisation_domains(emails) == {"csarnayleduc.fr"}


def test_website_key_host_or_shared_page() -> None:
    assert website_key("https://www.la-coursive.fr/") == "la-coursive.fr"
    assert website_key("mldijon.asso.fr") == "mldijon.asso.fr"
    assert website_key("https://www.facebook.com/lintercow/") == "facebook.com/lintercow"


def test_siret_digits_only() -> None:
    assert siret("123 456 789 00012") == "12345678900012"
    assert siret(None) is None
