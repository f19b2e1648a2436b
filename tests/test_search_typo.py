"""Typo tolerance on codes: up to two edits, a transposition counting as one, only for unknown words."""

from __future__ import annotations

import pytest

from tests.search_fixtures import seed_catalog, seed_searcher, seed_site  # noqa: F401 - fixtures

from search.typo import Corrector, max_distance

CODES = ["guestagentsnapshottaskstatuserror", "usererrorrpcollectionlimitreached", "backupoperationfailed", "backupoperationfailedv2"]


def test_a_transposition_is_one_edit():
    corrector = Corrector(CODES)
    assert corrector.nearest("guestagnetsnapshottaskstatuserror") == [("guestagentsnapshottaskstatuserror", 1)]


def test_two_edits_are_tolerated_three_are_not():
    corrector = Corrector(CODES)
    assert corrector.nearest("usererorrpcolectionlimitreached") == [("usererrorrpcollectionlimitreached", 2)]
    assert corrector.nearest("usererorrpcolectionlimitreachd") == []


def test_closest_first_then_alphabetical():
    assert Corrector(CODES).nearest("backupoperationfaile") == [("backupoperationfailed", 1)]
    found = Corrector(CODES).nearest("backupoperationfailedv")
    assert found == [("backupoperationfailed", 1), ("backupoperationfailedv2", 1)]


@pytest.mark.parametrize(("term", "allowed"), [("abcd", 0), ("abcde", 1), ("abcdefg", 1), ("abcdefgh", 2)])
def test_short_words_get_fewer_edits(term, allowed):
    assert max_distance(term) == allowed


TYPOS = [
    ("UserErrorRpColectionLimitReached", "UserErrorRpCollectionLimitReached"),  # deletion
    ("GuestAgentSnapshotTaskStatusEror", "GuestAgentSnapshotTaskStatusError"),
    ("UserErrorGuestAgnetStatusUnavailable", "UserErrorGuestAgentStatusUnavailable"),  # transposition
    ("ExtensionSnapshotFailedNoNetwrok", "ExtensionSnapshotFailedNoNetwork"),
    ("UserErrorUnsuportedDiskSize", "UserErrorUnsupportedDiskSize"),
    ("usererrorbackupoperationinprogres", "UserErrorBackupOperationInProgress"),  # lower case
    ("UserErrorKeyvaultPermisionsNotConfigurd", "UserErrorKeyvaultPermissionsNotConfigured"),  # two edits
    ("ExtensionOperationFailedForManagedDisk", "ExtensionOperationFailedForManagedDisks"),
    ("UserErrorCrpReportedUserErorr", "UserErrorCrpReportedUserError"),
    ("KeyvaultPermisions", "UserErrorKeyvaultPermissionsNotConfigured"),  # misspelled piece of a code
]


@pytest.mark.parametrize(("typed", "code"), TYPOS)
def test_misspelled_codes_find_their_error_first(seed_searcher, typed, code):
    hits = seed_searcher.search(typed, limit=3)
    assert hits and code in hits[0].codes


def test_correct_codes_and_ordinary_words_are_not_corrected(seed_searcher):
    assert seed_searcher.plan("UserErrorRpCollectionLimitReached").corrections == ()
    assert seed_searcher.plan("backupoperationfailed").corrections == ()
    assert seed_searcher.plan("connettività di rete assente nella macchina virtuale").corrections == ()
    assert seed_searcher.plan("UserErrorRpColectionLimitReached").corrections == (("UserErrorRpColectionLimitReached", "usererrorrpcollectionlimitreached"),)


def test_a_word_far_from_every_code_finds_nothing(seed_searcher):
    assert seed_searcher.search("Zzyzxqwertyuiop") == []
