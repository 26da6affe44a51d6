"""The README's setup and "For editors" commands work as printed, in a fresh
clone (what is committed, nothing else), with no DEBUG or SECRET_KEY in the
environment: `make .env` (the part of `make run` that writes it) and the
migration, then each command of the section's shell block."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)


def readme_commands(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", body, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs git and make")
    target = tmp_path_factory.mktemp("fresh") / "newsroom"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    (target / ".venv").symlink_to(VENV)  # the same packages `make run` would install
    return target


def clean_env() -> dict:
    """The environment a developer's shell has: no DEBUG, no secret, no test settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ENV_FILE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith(("PYTEST", "SECURE_"))
    }


@pytest.fixture(scope="module")
def dotenv(clone):
    """`make .env` as `make run` runs it, then the migration `make run` runs."""
    made = run(clone, "make .env", clean_env())
    assert made.returncode == 0, made.stderr
    migrated = run(clone, ".venv/bin/python manage.py migrate --noinput", clean_env())
    assert migrated.returncode == 0, migrated.stderr
    return (clone / ".env").read_text()


def run(clone, command, env):
    return subprocess.run(
        ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_editors_steps_work_as_printed_in_a_fresh_clone(clone, dotenv):
    env = clean_env()
    assert "DEBUG=1" in dotenv and re.search(r"SECRET_KEY=\S{40,}", dotenv)
    assert run(clone, "make .env", env).returncode == 0
    assert (clone / ".env").read_text() == dotenv, "make must never overwrite .env"

    outputs = []
    for command in readme_commands("For editors"):
        result = run(clone, command, env)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout)
    assert re.search(r"http://\S+/admin/password/\S+/\S+/", outputs[0]), outputs[0]

    with sqlite3.connect(clone / "db.sqlite3") as db:
        users = dict(db.execute("SELECT username, is_staff FROM auth_user").fetchall())
        groups = db.execute(
            "SELECT u.username, g.name FROM auth_user u JOIN auth_user_groups ug"
            " ON ug.user_id = u.id JOIN auth_group g ON g.id = ug.group_id ORDER BY 1, 2"
        ).fetchall()
        bob_password = db.execute("SELECT password FROM auth_user WHERE username='bob'").fetchone()
    assert users == {"alice": 1, "bob": 1}
    assert groups == [("alice", "Editors"), ("bob", "Writers")]
    assert bob_password[0].startswith("pbkdf2_sha256$")


def test_commands_fail_clearly_without_a_password_source(clone, dotenv):
    env = clean_env()
    result = subprocess.run(
        [".venv/bin/python", "manage.py", "create_user", "carol", "c@example.com", "--role",
         "writer"],
        cwd=clone, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "--password-from-env" in result.stderr and "Traceback" not in result.stderr
