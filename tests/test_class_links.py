"""`python -m newsfigures class-links`: nbgitpuller's link for a hub and Binder's link, both to the start page.

tools/class_load.py follows the hub link on a real JupyterHub with nbgitpuller;
these tests check the links' form."""

from urllib.parse import parse_qs, urlsplit

import pytest

from newsfigures.__main__ import main
from newsfigures.serving.class_links import BadAddress, binder_link, folder_of, hub_link


def query(link):
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query, strict_parsing=True).items()}


def test_the_hub_link_is_nbgitpullers_and_opens_the_start_page_inside_the_pulled_folder():
    link = hub_link("https://hub.example.org/", "https://github.com/owner/kit", "student")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    assert query(link) == {
        "repo": "https://github.com/owner/kit",
        "urlpath": "lab/tree/kit/notebooks/00-start-here.ipynb",
        "branch": "student",
    }


def test_a_hub_under_a_path_keeps_its_path():
    link = hub_link("https://uni.example.org/jupyter", "https://git.example.org/a/kit/", "student")
    assert urlsplit(link).path == "/jupyter/hub/user-redirect/git-pull"
    assert query(link)["repo"] == "https://git.example.org/a/kit"  # no trailing slash: nbgitpuller would clone into ""


def test_the_folder_is_the_one_nbgitpuller_clones_into():
    assert folder_of("https://github.com/owner/kit.git") == "kit.git"  # nbgitpuller keeps the suffix
    assert folder_of("file:///srv/classes/kit") == "kit"


@pytest.mark.parametrize(
    "repo",
    [
        "https://evil.example.org/x/..",  # into the home folder's parent
        "https://evil.example.org/x/.jupyter",  # code that runs at the student's next server start
        "https://evil.example.org/x/.",
        "https://evil.example.org/x/%2e%2e",
        "file:///home/teacher/kit",  # the teacher's own folder
        "/home/teacher/kit",
        "../kit",
    ],
)
def test_a_hub_link_that_would_pull_outside_the_kits_folder_or_from_a_local_path_is_refused(repo):
    with pytest.raises(BadAddress, match="outside the kit's folder|not a folder of this computer"):
        hub_link("https://hub.example.org", repo)


def test_the_binder_link_builds_the_same_branch_at_the_start_page():
    link = binder_link("https://github.com/owner/kit.git", "student")
    assert link.split("?")[0] == "https://mybinder.org/v2/gh/owner/kit/student"
    assert query(link) == {"urlpath": "lab/tree/notebooks/00-start-here.ipynb"}
    other = binder_link("https://gitlab.example.org/group/kit", "week 2")
    assert other.split("?")[0] == "https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.example.org%2Fgroup%2Fkit/week%202"


@pytest.mark.parametrize(
    "call",
    [
        lambda: hub_link("hub.example.org", "https://github.com/owner/kit"),
        lambda: hub_link("https://hub.example.org", "  "),
        lambda: binder_link("file:///srv/kit"),
    ],
)
def test_an_address_that_would_give_a_broken_link_is_refused(call):
    with pytest.raises(BadAddress, match="give|Binder builds only"):
        call()


def test_the_command_prints_both_links(capsys):
    assert main(["class-links", "--repo", "https://github.com/owner/kit", "--hub", "https://hub.example.org"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert hub_link("https://hub.example.org", "https://github.com/owner/kit", "student") in lines
    assert binder_link("https://github.com/owner/kit", "student") in lines


def test_the_command_names_a_bad_hub_address(capsys):
    assert main(["class-links", "--repo", "https://github.com/owner/kit", "--hub", "ftp://x"]) == 2
    assert "--hub 'ftp://x'" in capsys.readouterr().err
