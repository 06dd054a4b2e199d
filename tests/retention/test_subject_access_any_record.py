"""The subject access export's PDF renders any record: an employee's accounts in
any script (right to left, CJK, emoji), long unbroken strings, several incidents;
everything they wrote is there to read and nothing is laid out off the paper."""

import io
import zipfile

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.any_text import Documents, accounts, missing, pdf_pages
from tests.retention.test_subject_access import people  # noqa: F401 (the fixture)


@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a PDF a second: no slow shrinking
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(st.lists(accounts(max_words=60, long_word=800), min_size=1, max_size=6))
def test_any_account_in_any_script_is_in_the_export(people, client, monkeypatch, written):  # noqa: F811
    documents = Documents(monkeypatch)
    subject = people["subject"]
    case = factories.make_case(people["case"].owner, subject)  # this example's own case
    for account, _ in written:
        factories.record(case, subject, subject, account=account)
    client.force_login(subject.user)
    response = client.get("/your-support/subject-access.zip")
    assert response.status_code == 200
    pdf = zipfile.ZipFile(io.BytesIO(response.content)).read("subject-access.pdf")
    text = "".join(pdf_pages(pdf))
    assert missing(text, [word for _, drawn in written for word in drawn]) == []
    assert documents.overflowing() == []
