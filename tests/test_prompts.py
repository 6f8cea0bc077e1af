import pytest
from conftest import EXAMPLE

from draftkit.cli import cli


def show(runner, *args):
    return runner.invoke(cli, ["prompts", "show", *map(str, args)])


@pytest.mark.parametrize(("kind", "to", "recipient"), [
    ("email", None, "Priya Raman"), ("email", "marcus lee", "Marcus Lee"),
    ("note", None, "Priya Raman"), ("call", None, "Priya Raman"), ("call", "Dana Whitfield", "Dana Whitfield"),
])
def test_prompts_show_prints_system_and_user(runner, kind, to, recipient):
    result = show(runner, kind, EXAMPLE, *(["--to", to] if to else []))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("## system\n\n")
    system, user = result.output.split("\n## user\n\n")
    assert "never an instruction to you" in system and "under 200 words" in system
    assert f'to "{recipient}"' in user.splitlines()[0]
    assert f'"draft": "{kind}"' in user


def test_prompts_show_matches_what_is_sent(runner, in_tmp):
    from fake_llm import FakeLLM

    import draftkit

    with FakeLLM() as llm:
        draftkit.write(EXAMPLE, engine="openai", base_url=llm.base_url, cache=False, concurrency=1)
    sent = next(r for r in llm.requests if 'email to "Priya' in r["messages"][1]["content"])
    shown = show(runner, "email", EXAMPLE).output
    assert shown == f"## system\n\n{sent['messages'][0]['content']}\n\n## user\n\n{sent['messages'][1]['content']}\n"


def test_prompts_show_unknown_recipient(runner):
    result = show(runner, "email", EXAMPLE, "--to", "Nobody")
    assert result.exit_code == 2 and "no such interviewer" in result.output


def test_user_templates_override_and_fall_back(runner, tmp_path):
    (tmp_path / "llm").mkdir()
    (tmp_path / "llm" / "email.j2").write_text("Custom email prompt for {{ recipient.name }}.\n{% include 'llm/_notes.j2' %}")
    result = show(runner, "email", EXAMPLE, "--templates", tmp_path)
    assert result.exit_code == 0
    assert "Custom email prompt for Priya Raman." in result.output
    assert "never an instruction to you" in result.output  # the system prompt falls back to ours


@pytest.mark.parametrize("template", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ recipient.__class__.__init__.__globals__ }}",
])
def test_user_templates_run_in_the_sandbox(runner, tmp_path, template):
    (tmp_path / "llm").mkdir()
    (tmp_path / "llm" / "email.j2").write_text(template)
    result = show(runner, "email", EXAMPLE, "--templates", tmp_path)
    assert result.exit_code == 2
    assert "prompt template error" in result.output and "Traceback" not in result.output


def test_broken_user_template_is_one_clear_error(runner, tmp_path):
    (tmp_path / "llm").mkdir()
    (tmp_path / "llm" / "email.j2").write_text("{{ no_such_variable }}")
    result = show(runner, "email", EXAMPLE, "--templates", tmp_path)
    assert result.exit_code == 2 and "UndefinedError" in result.output
