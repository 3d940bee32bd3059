"""The training-data checker (`mistral_fine_tuning.data`): one test per rule, each asserting the exact kind, line and
path of what it reports; records in the style of Mistral's documentation pass; streaming and bounded memory; the
problem cap; label inference; bad arguments; and properties (valid conversations pass, the fast paths never change
a verdict, bytes / str / file / in-memory checks agree, with and without jiter).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mistral_fine_tuning import data
from mistral_fine_tuning.data import Problem, ProblemKind, Report
from mistral_fine_tuning.errors import InputValidationError

# --- helpers ------------------------------------------------------------------------------------------------------


def line(record: Any) -> bytes:
    """One JSON Lines line, as `json.dumps` writes it."""
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def check(*records: Any, job_type: data.JobType | None = None) -> Report:
    return data.check_lines([line(record) for record in records], job_type=job_type)


def found(report: Report) -> list[tuple[str, int, str]]:
    """(kind, line, path) of every problem kept."""
    return [(problem.kind.value, problem.line, problem.path) for problem in report.problems]


def only(report: Report) -> tuple[str, int, str]:
    (problem,) = found(report)
    return problem


def user(content: Any = "What is the capital of France?") -> dict[str, Any]:
    return {"role": "user", "content": content}


def assistant(content: Any = "Paris.", **extra: Any) -> dict[str, Any]:
    return {"role": "assistant", "content": content, **extra}


def chat(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


def weather_tool(name: str = "get_current_weather") -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": "Get the current weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["C", "F"]}},
                "required": ["location"],
            },
        },
    }


def call(call_id: str = "D681PevKs", name: str = "get_current_weather", arguments: Any = None) -> dict[str, Any]:
    if arguments is None:
        arguments = json.dumps({"location": "Lyon", "unit": "C"})
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def calling(*calls: dict[str, Any]) -> dict[str, Any]:
    return {"role": "assistant", "tool_calls": list(calls)}


def tool(call_id: str = "D681PevKs", content: str = '{"temperature": 18}') -> dict[str, Any]:
    return {"role": "tool", "tool_call_id": call_id, "content": content}


def tool_chat(*messages: dict[str, Any], tools: Any = None) -> dict[str, Any]:
    """A function-calling record; by default it defines the weather tool."""
    return {"messages": list(messages), "tools": [weather_tool()] if tools is None else tools}


FUNCTION_CALLING = tool_chat(
    {"role": "system", "content": "You can look up the weather."},
    user("What's the weather like in Lyon?"),
    calling(call()),
    tool(),
    assistant("It is 18 °C in Lyon."),
)

# --- records in the documentation's style pass --------------------------------------------------------------------

DOCS_STYLE_COMPLETION = [
    chat(user("How many legs does a spider have?"), assistant("Eight.")),
    chat(
        {"role": "system", "content": "You answer in one word."},
        user("Capital of Italy?"),
        assistant("Rome."),
        user("And of Spain?"),
        assistant("Madrid."),
    ),
    chat(user("Tell me a joke"), assistant("Maybe later.", weight=0), user("Please"), assistant("Knock knock.")),
    FUNCTION_CALLING,
    # the function-calling guide's own example ends on the assistant's call, with no tool reply
    tool_chat(user("Weather in Nice?"), calling(call("a1B2c3D4e"))),
    chat(
        user(
            [
                {"type": "text", "text": "What is in this picture?"},
                {"type": "image_url", "image_url": "https://example.com/cat.jpg"},
            ]
        ),
        assistant("A cat on a sofa."),
    ),
    chat(
        user(
            [
                {"type": "image_url", "image_url": "data:image/jpeg;base64,/9j/4AAQSkZJRg=="},
                {"type": "image_url", "image_url": {"url": "https://example.com/dog.png"}},
            ]
        ),
        assistant([{"type": "text", "text": "Two dogs."}]),
    ),
]

DOCS_STYLE_CLASSIFIER = [
    {"text": "I love this product!", "labels": {"sentiment": "positive"}},
    {"text": "Not bad, not great.", "labels": {"sentiment": ["neutral", "positive"]}},
    {"text": "Terrible.", "labels": {"sentiment": "negative", "is-english": "yes"}},
    {"text": "Biscotti alle mandorle", "labels": {"food": ["sweet-snacks"], "country_label": "italy"}},
    {"messages": [user("Is this spam? WIN A PRIZE")], "labels": {"spam": "yes"}},
]


def test_documentation_style_completion_records_pass() -> None:
    report = check(*DOCS_STYLE_COMPLETION)
    assert found(report) == []
    assert report.clean and report.ok
    assert report.job_type == "completion"
    assert (report.lines, report.records) == (len(DOCS_STYLE_COMPLETION), len(DOCS_STYLE_COMPLETION))
    assert report.labels == {}


def test_documentation_style_classifier_records_pass_and_labels_are_inferred() -> None:
    report = check(*DOCS_STYLE_CLASSIFIER)
    assert found(report) == []
    assert report.job_type == "classifier"
    assert report.labels == {
        "sentiment": ["negative", "neutral", "positive"],
        "is-english": ["yes"],
        "food": ["sweet-snacks"],
        "country_label": ["italy"],
        "spam": ["yes"],
    }
    assert list(report.labels) == ["sentiment", "is-english", "food", "country_label", "spam"]  # first seen
    assert report.classifier_targets()[0] == {"name": "sentiment", "labels": ["negative", "neutral", "positive"]}


# --- the file and its lines ---------------------------------------------------------------------------------------


def test_an_empty_file_is_an_error_of_the_whole_file() -> None:
    report = data.check_bytes(b"")
    assert only(report) == ("empty-file", 0, "")
    assert not report.ok
    assert report.job_type is None
    assert str(report.problems[0]).startswith("file: ")


def test_a_file_of_blank_lines_is_empty_too() -> None:
    report = data.check_bytes(b"\n  \n")
    assert found(report) == [("blank-line", 1, ""), ("blank-line", 2, ""), ("empty-file", 0, "")]


def test_a_blank_line_is_a_warning_and_the_final_newline_is_not_one() -> None:
    good = line(chat(user(), assistant()))
    report = data.check_bytes(good + b"\n" + good)
    assert only(report) == ("blank-line", 2, "")
    assert report.ok and not report.clean
    assert (report.lines, report.records) == (3, 2)
    assert data.check_bytes(good + good).clean


def test_crlf_line_endings_are_fine() -> None:
    good = json.dumps(chat(user(), assistant())).encode()
    assert data.check_bytes(good + b"\r\n" + good + b"\r\n").clean


def test_a_byte_order_mark_is_a_warning_and_the_line_is_still_checked() -> None:
    report = data.check_bytes(b"\xef\xbb\xbf" + line(chat(user(), {"role": "bot", "content": "x"})))
    assert found(report) == [("byte-order-mark", 1, ""), ("unknown-role", 1, "messages[1].role")]


def test_bytes_that_are_not_utf8() -> None:
    good = line(chat(user(), assistant()))
    report = data.check_bytes(good + b'{"messages": "caf\xe9"}\n')
    assert only(report) == ("not-utf8", 2, "")
    assert "0xe9" in report.problems[0].message


@pytest.mark.parametrize(
    "text",
    [b"{not json}", b'{"messages": [}', b'{"a": 1} {"b": 2}', b'{"a": NaN}', b'{"a": -Infinity}', b"[" * 100_000],
)
def test_a_line_that_is_not_json(text: bytes) -> None:
    report = data.check_bytes(line(chat(user(), assistant())) + text + b"\n")
    assert only(report) == ("not-json", 2, "")
    assert report.records == 2


@pytest.mark.parametrize("value", [[1, 2], "text", 3, None, True])
def test_a_line_that_is_not_an_object(value: Any) -> None:
    assert only(check(value)) == ("not-object", 1, "")


def test_a_record_of_no_known_shape_before_the_kind_is_known() -> None:
    report = check({"prompt": "hi", "completion": "hello"}, chat(user(), assistant()))
    assert only(report) == ("unknown-record", 1, "")
    assert report.job_type == "completion"  # detected from line 2


def test_a_line_too_long_is_reported_unparsed_and_the_next_one_is_checked() -> None:
    long_line = line(chat(user("x" * 500), assistant()))
    bad = line(chat(user(), {"role": "bot", "content": "x"}))
    for report in (
        data.check_lines([long_line, bad], max_line_bytes=300),
        data.check_bytes(long_line + bad, max_line_bytes=300),
    ):
        assert found(report) == [("line-too-long", 1, ""), ("unknown-role", 2, "messages[1].role")]
        assert report.bytes_read == len(long_line) + len(bad)
        assert report.lines == 2


def test_files_over_the_size_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    content = line(chat(user(), assistant())) * 10
    monkeypatch.setattr(data, "NEAR_LIMIT_BYTES", len(content) - 1)
    assert only(data.check_bytes(content)) == ("file-near-limit", 0, "")
    monkeypatch.setattr(data, "MAX_FILE_BYTES", len(content) - 1)
    report = data.check_bytes(content)
    assert only(report) == ("file-too-large", 0, "")
    assert not report.ok


def test_mixing_completion_and_classifier_records() -> None:
    report = check(chat(user(), assistant()), {"text": "great", "labels": {"sentiment": "positive"}})
    assert only(report) == ("mixed-records", 2, "")
    assert "line 1" in report.problems[0].message
    declared = check(chat(user(), assistant()), job_type="classifier")
    assert only(declared) == ("mixed-records", 1, "")
    assert "job_type='classifier'" in declared.problems[0].message


# --- completion records -------------------------------------------------------------------------------------------


def test_messages_missing() -> None:
    assert only(check({"text": "pretraining text"}, job_type="completion")) == ("missing-field", 1, "messages")


def test_messages_not_a_list() -> None:
    assert only(check({"messages": {"role": "user"}})) == ("wrong-type", 1, "messages")


def test_messages_empty() -> None:
    assert only(check({"messages": []})) == ("empty-value", 1, "messages")


def test_a_message_that_is_not_an_object() -> None:
    assert only(check(chat(user(), "Paris.", assistant()))) == ("wrong-type", 1, "messages[1]")  # type: ignore[arg-type]


def test_role_missing() -> None:
    assert only(check(chat({"content": "hi"}, assistant()))) == ("missing-field", 1, "messages[0].role")


def test_role_not_a_string() -> None:
    assert only(check(chat({"role": ["user"], "content": "hi"}, assistant()))) == ("wrong-type", 1, "messages[0].role")


def test_unknown_role() -> None:
    report = check(chat(user(), {"role": "model", "content": "Paris."}), chat(user(), assistant()))
    assert found(report) == [("unknown-role", 1, "messages[1].role")]
    assert "'model'" in report.problems[0].message


def test_content_missing() -> None:
    report = check(chat(user(), {"role": "assistant", "text": "Paris."}))
    assert only(report) == ("missing-field", 1, "messages[1].content")
    assert "not text" in report.problems[0].message


@pytest.mark.parametrize("content", [None, 42, {"text": "hi"}])
def test_content_of_the_wrong_type(content: Any) -> None:
    assert only(check(chat(user(content), assistant()))) == ("wrong-type", 1, "messages[0].content")


def test_empty_content_is_a_warning() -> None:
    report = check(chat(user(""), assistant()))
    assert only(report) == ("empty-content", 1, "messages[0].content")
    assert report.ok


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([], ("empty-value", "messages[0].content")),
        (["hello"], ("wrong-type", "messages[0].content[0]")),
        ([{"text": "hello"}], ("missing-field", "messages[0].content[0].type")),
        ([{"type": "text"}], ("missing-field", "messages[0].content[0].text")),
        ([{"type": "text", "text": 5}], ("wrong-type", "messages[0].content[0].text")),
        ([{"type": "image_url"}], ("missing-field", "messages[0].content[0].image_url")),
        ([{"type": "image_url", "image_url": 5}], ("wrong-type", "messages[0].content[0].image_url")),
        ([{"type": "image_url", "image_url": {"link": "x"}}], ("wrong-type", "messages[0].content[0].image_url.url")),
        ([{"type": "image_url", "image_url": "cat.jpg"}], ("bad-value", "messages[0].content[0].image_url")),
        (
            [{"type": "text", "text": "a"}, {"type": "audio", "audio": "x"}],
            ("bad-value", "messages[0].content[1].type"),
        ),
    ],
)
def test_content_chunks(chunks: list[Any], expected: tuple[str, str]) -> None:
    kind, path = expected
    assert only(check(chat(user(chunks), assistant()))) == (kind, 1, path)


def test_tool_calls_on_a_message_other_than_assistant() -> None:
    message = {**user(), "tool_calls": [call()]}
    report = check(tool_chat(message, assistant()))
    assert only(report) == ("tool-calls-not-assistant", 1, "messages[0].tool_calls")


def test_an_assistant_message_with_tool_calls_has_no_content() -> None:
    report = check(tool_chat(user(), {**calling(call()), "content": "Let me look."}, tool(), assistant()))
    assert only(report) == ("content-with-tool-calls", 1, "messages[1].content")
    empty: Any
    for empty in ("", None, []):
        assert check(tool_chat(user(), {**calling(call()), "content": empty}, tool(), assistant())).clean


def test_an_assistant_message_with_neither_content_nor_tool_calls() -> None:
    assert only(check(chat(user(), {"role": "assistant", "tool_calls": []}))) == (
        "missing-field",
        1,
        "messages[1].content",
    )


@pytest.mark.parametrize("call_id", ["abc", "call_PTLP8xhu3uwZk4l3nlnrrJha", ""])
def test_a_tool_call_id_is_nine_characters(call_id: str) -> None:
    report = check(tool_chat(user(), calling(call(call_id)), tool(call_id), assistant()))
    assert found(report) == [
        ("tool-call-id", 1, "messages[1].tool_calls[0].id"),
        ("tool-call-id", 1, "messages[2].tool_call_id"),
    ]


def test_a_tool_call_id_of_other_characters_is_a_warning() -> None:
    report = check(tool_chat(user(), calling(call("call-1234")), tool("call-1234"), assistant()))
    assert found(report) == [
        ("tool-call-id-chars", 1, "messages[1].tool_calls[0].id"),
        ("tool-call-id-chars", 1, "messages[2].tool_call_id"),
    ]
    assert report.ok


def test_a_tool_call_without_id_or_function() -> None:
    no_id = {"type": "function", "function": call()["function"]}
    report = check(tool_chat(user(), calling(no_id, {"id": "b1B2c3D4e"}), assistant()))
    assert found(report) == [
        ("missing-field", 1, "messages[1].tool_calls[0].id"),
        ("missing-field", 1, "messages[1].tool_calls[1].function"),
        ("tool-sequence", 1, "messages[2].role"),
    ]


def test_a_tool_call_id_that_is_not_a_string() -> None:
    report = check(tool_chat(user(), calling({**call(), "id": 123456789})))
    assert only(report) == ("wrong-type", 1, "messages[1].tool_calls[0].id")


def test_a_tool_call_function_without_name_or_arguments() -> None:
    report = check(tool_chat(user(), calling({"id": "D681PevKs", "function": {}})))
    assert found(report) == [
        ("missing-field", 1, "messages[1].tool_calls[0].function.name"),
        ("missing-field", 1, "messages[1].tool_calls[0].function.arguments"),
    ]


def test_a_tool_call_of_another_type() -> None:
    report = check(tool_chat(user(), calling({**call(), "type": "retrieval"})))
    assert only(report) == ("bad-value", 1, "messages[1].tool_calls[0].type")


def test_tool_call_arguments_are_a_string() -> None:
    report = check(tool_chat(user(), calling(call(arguments={"location": "Lyon"})), tool(), assistant()))
    assert only(report) == ("wrong-type", 1, "messages[1].tool_calls[0].function.arguments")


def test_tool_call_arguments_hold_json() -> None:
    report = check(tool_chat(user(), calling(call(arguments="{location: Lyon}")), tool(), assistant()))
    assert only(report) == ("tool-arguments", 1, "messages[1].tool_calls[0].function.arguments")


def test_a_tool_message_without_tool_call_id() -> None:
    report = check(tool_chat(user(), calling(call()), {"role": "tool", "content": "18"}, assistant()))
    assert only(report) == ("missing-field", 1, "messages[2].tool_call_id")


def test_a_tool_message_answers_an_earlier_call() -> None:
    report = check(tool_chat(user(), calling(call("D681PevKs")), tool("Zz9Zz9Zz9"), assistant()))
    assert only(report) == ("unknown-tool-call-id", 1, "messages[2].tool_call_id")


def test_every_tool_used_is_defined() -> None:
    report = check(tool_chat(user(), calling(call(name="get_time")), tool(), assistant()))
    assert only(report) == ("undefined-tool", 1, "messages[1].tool_calls[0].function.name")
    no_tools = check(chat(user(), calling(call()), tool(), assistant()))
    assert only(no_tools) == ("undefined-tool", 1, "messages[1].tool_calls[0].function.name")


@pytest.mark.parametrize(
    ("tools", "expected"),
    [
        ({"get_current_weather": {}}, ("wrong-type", "tools")),
        (["get_current_weather"], ("wrong-type", "tools[0]")),
        ([{"type": "function"}], ("missing-field", "tools[0].function")),
        ([{"type": "function", "function": "get_current_weather"}], ("wrong-type", "tools[0].function")),
        ([{**weather_tool(), "type": "code_interpreter"}], ("bad-value", "tools[0].type")),
    ],
)
def test_the_shape_of_tools(tools: Any, expected: tuple[str, str]) -> None:
    kind, path = expected
    report = check(chat(user(), assistant(), tools=tools))
    assert only(report) == (kind, 1, path)


def test_a_tool_function_without_name() -> None:
    nameless = {"type": "function", "function": {"description": "d", "parameters": {}}}
    report = check(tool_chat(user(), calling(call()), tool(), assistant(), tools=[weather_tool(), nameless]))
    assert only(report) == ("missing-field", 1, "tools[1].function.name")


@pytest.mark.parametrize(
    ("function", "path"),
    [
        ({"name": "get_current_weather", "parameters": {}}, "tools[0].function.description"),
        ({"name": "get_current_weather", "description": "d"}, "tools[0].function.parameters"),
        ({"name": "get_current_weather", "description": "d", "parameters": "{}"}, "tools[0].function.parameters"),
        ({"name": "get current weather", "description": "d", "parameters": {}}, "tools[0].function.name"),
    ],
)
def test_incomplete_tool_definitions_are_warnings(function: dict[str, Any], path: str) -> None:
    report = check(chat(user(), assistant(), tools=[{"type": "function", "function": function}]))
    assert only(report) == ("tool-definition", 1, path)
    assert report.ok


def test_tool_calls_are_answered_by_a_tool_message() -> None:
    report = check(tool_chat(user(), calling(call()), user("Well?"), assistant()))
    assert only(report) == ("tool-sequence", 1, "messages[2].role")


def test_a_tool_message_is_followed_by_an_assistant_message() -> None:
    report = check(tool_chat(user(), calling(call()), tool(), user("Thanks"), assistant()))
    assert only(report) == ("tool-sequence", 1, "messages[3].role")


def test_a_conversation_does_not_end_on_a_tool_message() -> None:
    report = check(tool_chat(user(), calling(call()), tool()))
    assert only(report) == ("tool-sequence", 1, "messages[2].role")


def test_a_conversation_may_end_on_the_tool_calls() -> None:
    assert check(tool_chat(user(), calling(call(), call("b1B2c3D4e")))).clean


def test_as_many_tool_messages_as_calls() -> None:
    two_calls = calling(call("a1B2c3D4e"), call("b1B2c3D4e"))
    fewer = check(tool_chat(user(), two_calls, tool("a1B2c3D4e"), assistant()))
    assert only(fewer) == ("tool-response-count", 1, "messages[3].role")
    more = check(tool_chat(user(), calling(call()), tool(), tool(), assistant()))
    assert only(more) == ("tool-response-count", 1, "messages[3].role")
    assert more.ok
    assert check(tool_chat(user(), two_calls, tool("b1B2c3D4e"), tool("a1B2c3D4e"), assistant())).clean


def test_the_last_message_is_an_assistant_message() -> None:
    report = check(chat(user(), assistant(), user("And Germany?")))
    assert only(report) == ("last-not-assistant", 1, "messages[2].role")
    assert report.ok  # known from Mistral's local tooling only: a warning


def test_role_order() -> None:
    report = check(chat(user(), assistant(), {"role": "system", "content": "Be brief."}, user(), assistant()))
    assert only(report) == ("role-order", 1, "messages[2].role")


def test_at_most_one_system_message() -> None:
    system = {"role": "system", "content": "Be brief."}
    report = check(chat(system, system, user(), assistant()), chat(system, user(), system, user(), assistant()))
    assert found(report) == [("multiple-system", 1, "messages[1].role"), ("multiple-system", 2, "messages[2].role")]


@pytest.mark.parametrize("weight", [0.5, 2, -1, True, "1", None])
def test_weight_is_zero_or_one(weight: Any) -> None:
    report = check(chat(user(), assistant(weight=weight)))
    assert only(report) == ("weight", 1, "messages[1].weight")
    assert report.ok


def test_weight_on_another_role_is_ignored_with_a_warning() -> None:
    report = check(chat({**user(), "weight": 1}, assistant(weight=1), user(), assistant(weight=0.0)))
    assert only(report) == ("weight", 1, "messages[0].weight")


# --- classifier records -------------------------------------------------------------------------------------------


def test_classifier_labels_missing() -> None:
    report = check({"text": "ok", "labels": {"s": "a"}}, {"text": "no labels"})
    assert only(report) == ("missing-field", 2, "labels")


@pytest.mark.parametrize("labels", [["positive"], "positive", None])
def test_classifier_labels_not_an_object(labels: Any) -> None:
    assert only(check({"text": "hi", "labels": labels}, job_type="classifier")) == ("wrong-type", 1, "labels")


def test_classifier_labels_empty() -> None:
    assert only(check({"text": "hi", "labels": {}})) == ("empty-value", 1, "labels")


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"sentiment": 1}, ("wrong-type", "labels.sentiment")),
        ({"sentiment": {"value": "x"}}, ("wrong-type", "labels.sentiment")),
        ({"sentiment": ["positive", 2]}, ("wrong-type", "labels.sentiment[1]")),
        ({"sentiment": []}, ("empty-value", "labels.sentiment")),
        ({"": "positive"}, ("empty-value", 'labels[""]')),
        ({"is english": ""}, ("empty-content", 'labels["is english"]')),
    ],
)
def test_classifier_label_values(labels: dict[str, Any], expected: tuple[str, str]) -> None:
    kind, path = expected
    assert only(check({"text": "hi", "labels": labels})) == (kind, 1, path)


def test_classifier_text() -> None:
    assert only(check({"labels": {"s": "a"}})) == ("missing-field", 1, "text")
    assert only(check({"text": 5, "labels": {"s": "a"}})) == ("wrong-type", 1, "text")
    assert only(check({"text": "", "labels": {"s": "a"}})) == ("empty-content", 1, "text")


def test_chat_classifier_messages_get_the_message_rules_but_not_the_training_ones() -> None:
    assert check({"messages": [user("Spam?")], "labels": {"spam": "no"}}).clean  # ends on user: fine here
    report = check({"messages": [{"role": "customer", "content": "Spam?"}], "labels": {"spam": "no"}})
    assert only(report) == ("unknown-role", 1, "messages[0].role")
    assert only(check({"messages": [], "labels": {"spam": "no"}})) == ("empty-value", 1, "messages")


def test_a_completion_record_in_classifier_data() -> None:
    report = check({"text": "hi", "labels": {"s": "a"}}, chat(user(), assistant()))
    assert only(report) == ("mixed-records", 2, "")


def test_labels_are_collected_per_target_sorted_and_list_values_included() -> None:
    report = check(
        {"text": "a", "labels": {"topic": ["travel", "food"], "lang": "fr"}},
        {"text": "b", "labels": {"topic": "sport"}},
        {"text": "c", "labels": {"topic": ["food"], "lang": "en"}},
        {"text": "d", "labels": {"topic": 3, "lang": "de"}},  # a bad value does not hide the good ones
    )
    assert found(report) == [("wrong-type", 4, "labels.topic")]
    assert report.labels == {"topic": ["food", "sport", "travel"], "lang": ["de", "en", "fr"]}
    assert report.classifier_targets() == [
        {"name": "topic", "labels": ["food", "sport", "travel"]},
        {"name": "lang", "labels": ["de", "en", "fr"]},
    ]


@pytest.mark.parametrize("as_list", [False, True])
def test_labels_collected_are_bounded(monkeypatch: pytest.MonkeyPatch, as_list: bool) -> None:
    monkeypatch.setattr(data, "MAX_LABELS_PER_TARGET", 3)
    labels = [f"label-{number}" for number in range(6)]
    records = [{"text": "t", "labels": {"id": [label] if as_list else label}} for label in labels]
    report = check(*records)
    path = "labels.id[0]" if as_list else "labels.id"
    assert only(report) == ("too-many-labels", 4, path)
    assert report.labels == {"id": ["label-0", "label-1", "label-2"]}


def test_targets_collected_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "MAX_TARGETS", 2)
    report = check(*({"text": "t", "labels": {target: "yes"}} for target in ("a", "b", "c", "d")))
    assert only(report) == ("too-many-labels", 3, "labels.c")
    assert report.labels == {"a": ["yes"], "b": ["yes"]}


# --- detection, reports, the cap, fail-fast -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "job_type"),
    [
        (chat(user(), assistant()), "completion"),
        ({"text": "x", "labels": {"s": "a"}}, "classifier"),
        ({"messages": [user()], "labels": {"s": "a"}}, "classifier"),
    ],
)
def test_the_job_type_is_detected_from_the_first_record(record: dict[str, Any], job_type: str) -> None:
    report = check(record)
    assert report.job_type == job_type
    assert report.clean


def test_problems_are_capped_but_all_counted() -> None:
    lines = [b"not json\n"] * 250 + [line(chat(user(), assistant(), user()))] * 5
    report = data.check_lines(lines, max_problems=10)
    assert len(report.problems) == 10
    assert [problem.line for problem in report.problems] == list(range(1, 11))
    assert (report.error_count, report.warning_count, report.problem_count) == (250, 5, 255)
    assert report.truncated
    assert not data.check_lines(lines, max_problems=0).problems
    assert data.check_lines(lines, max_problems=0).error_count == 250


def test_fail_fast_stops_at_the_first_error_and_reads_no_further() -> None:
    pulled: list[int] = []

    def endless() -> Iterator[bytes]:
        number = 0
        while True:
            number += 1
            pulled.append(number)
            if number == 2:
                yield line(chat(user(), assistant(), user()))  # a warning does not stop the check
            elif number == 5:
                yield b"{broken\n"
            else:
                yield line(chat(user(), assistant()))

    report = data.check_lines(endless(), fail_fast=True)
    assert pulled == [1, 2, 3, 4, 5]
    assert found(report) == [("last-not-assistant", 2, "messages[2].role"), ("not-json", 5, "")]
    assert report.stopped_early
    assert "stopped at the first error" in report.summary()


def test_fail_fast_on_a_file(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_bytes(b"{broken\n" + line(chat(user(), assistant())) * 3)
    report = data.check_file(path, fail_fast=True)
    assert (report.lines, report.stopped_early, found(report)) == (1, True, [("not-json", 1, "")])


def test_the_checker_reports_each_line_as_it_is_fed() -> None:
    checker = data.Checker(job_type="completion")
    assert checker.feed(line(chat(user(), assistant()))) == ()
    (problem,) = checker.feed(b"[]")
    assert (problem.kind, problem.line, problem.severity) == (ProblemKind.NOT_OBJECT, 2, "error")
    assert checker.error_count == 1
    assert checker.report().lines == 2
    assert checker.feed(line(chat(user(), assistant()))) == ()
    assert checker.report().lines == 3  # a report is a snapshot: feeding goes on


def test_problem_and_report_text() -> None:
    report = check(chat(user(), {"role": "bot", "content": "x"}), chat(user(), assistant(), user()))
    first = report.problems[0]
    assert str(first).startswith("line 1, messages[1].role: unknown role 'bot'")
    assert str(first).endswith("[error unknown-role]")
    assert first.as_dict() == {
        "line": 1,
        "path": "messages[1].role",
        "kind": "unknown-role",
        "severity": "error",
        "message": first.message,
    }
    assert report.summary().startswith("1 error, 1 warning in 2 lines; first: line 1, messages[1].role")
    assert [problem.kind for problem in report.errors] == [ProblemKind.UNKNOWN_ROLE]
    assert [problem.kind for problem in report.warnings] == [ProblemKind.LAST_NOT_ASSISTANT]
    assert check(chat(user(), assistant())).summary() == "no problems in 1 line"


def test_every_kind_has_a_severity_and_the_warnings_are_the_local_tooling_rules() -> None:
    warnings = {kind.value for kind in ProblemKind if kind.severity == "warning"}
    assert warnings == {
        "file-near-limit",
        "blank-line",
        "byte-order-mark",
        "tool-call-id-chars",
        "tool-response-count",
        "tool-definition",
        "last-not-assistant",
        "role-order",
        "multiple-system",
        "weight",
        "empty-content",
        "too-many-labels",
    }
    assert data.__doc__ is not None
    for kind in ProblemKind:  # the module's table documents every kind
        assert f"``{kind.value}``" in data.__doc__, kind


# --- streaming and memory -----------------------------------------------------------------------------------------


def test_a_large_file_is_checked_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "large.jsonl"
    record = line(chat({"role": "system", "content": "Be helpful."}, user("word " * 100), assistant("reply " * 200)))
    count = 6_000_000 // len(record)
    with path.open("wb") as out:
        for _ in range(count):
            out.write(record)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        report = data.check_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.clean and report.lines == count
    assert size > 5_000_000
    assert peak < 1_000_000, f"peak {peak} bytes for a {size}-byte file"


def test_an_overlong_line_in_a_file_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"messages": "' + b"x" * 3_000_000 + b'"}\n' + line(chat(user(), assistant())))
    tracemalloc.start()
    try:
        report = data.check_file(path, max_line_bytes=10_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert only(report) == ("line-too-long", 1, "")
    assert report.lines == 2
    assert peak < 1_000_000


# --- entry points agree -------------------------------------------------------------------------------------------

MIXED_BAG = [
    line(chat(user(), assistant())),
    b"\n",
    b"not json\n",
    b'{"messages": "caf\xe9"}\n',
    line(chat(user(), {"role": "bot", "content": "x"})),
    line(FUNCTION_CALLING),
    line(tool_chat(user(), calling(call("x")), tool("y"))),
    b'{"messages": [{"role": "user", "content": "\\ud800"}, {"role": "assistant", "content": "ok"}]}\n',
    b'{"a": NaN}\n',
    b"[1]",
]


def test_file_bytes_and_lines_give_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    content = b"".join(MIXED_BAG)
    path.write_bytes(content)
    from_lines = data.check_lines(MIXED_BAG)
    assert data.check_bytes(content) == from_lines
    assert data.check_bytes(bytearray(content)) == from_lines
    assert data.check_file(path) == from_lines
    assert data.check_file(str(path)) == from_lines
    assert from_lines.bytes_read == len(content)
    assert found(from_lines) == [
        ("blank-line", 2, ""),
        ("not-json", 3, ""),
        ("not-utf8", 4, ""),
        ("unknown-role", 5, "messages[1].role"),
        ("tool-call-id", 7, "messages[1].tool_calls[0].id"),
        ("tool-call-id", 7, "messages[2].tool_call_id"),
        ("unknown-tool-call-id", 7, "messages[2].tool_call_id"),
        ("tool-sequence", 7, "messages[2].role"),
        ("not-json", 9, ""),  # NaN
        ("not-object", 10, ""),
    ]  # line 8, an escaped lone surrogate, is JSON as json.loads reads it


def test_str_lines_give_the_same_problems_as_bytes() -> None:
    text_lines = [raw.decode("utf-8", errors="strict") for raw in MIXED_BAG if b"\xe9" not in raw]
    byte_lines = [raw for raw in MIXED_BAG if b"\xe9" not in raw]
    assert data.check_lines(text_lines).problems == data.check_lines(byte_lines).problems


def test_the_same_problems_and_messages_without_jiter(monkeypatch: pytest.MonkeyPatch) -> None:
    with_jiter = data.check_lines(MIXED_BAG)
    monkeypatch.setitem(sys.modules, "jiter", None)  # `import jiter` now fails, as when it is not installed
    without = data.check_lines(MIXED_BAG)
    assert without == with_jiter


def test_importing_the_checker_stays_light() -> None:
    code = "import sys, mistral_fine_tuning.data; print(sorted({'httpx2', 'jiter', 'attrs'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- the caller's mistakes are typed errors -----------------------------------------------------------------------


@pytest.mark.parametrize("job_type", ["chat", "COMPLETION", 1, ""])
def test_a_bad_job_type(job_type: Any) -> None:
    with pytest.raises(InputValidationError) as caught:
        data.check_lines([], job_type=job_type)
    assert caught.value.param == "job_type"


@pytest.mark.parametrize(("name", "value"), [("max_problems", -1), ("max_problems", "10"), ("max_line_bytes", 0)])
def test_bad_limits(name: str, value: Any) -> None:
    with pytest.raises(InputValidationError) as caught:
        data.check_bytes(b"", **{name: value})
    assert caught.value.param == name


def test_unreadable_paths(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.jsonl", tmp_path):
        with pytest.raises(InputValidationError) as caught:
            data.check_file(path)
        assert caught.value.param == "path"
        assert str(path) in str(caught.value)
        assert isinstance(caught.value.__cause__, OSError)
    with pytest.raises(InputValidationError, match="path"):
        data.check_file(0)  # type: ignore[arg-type]  # a file descriptor would be read: refused
    with pytest.raises(InputValidationError, match="null"):
        data.check_file("train\0.jsonl")


@pytest.mark.parametrize("lines", ['{"messages": []}', b'{"messages": []}', None, 5])
def test_lines_that_are_not_an_iterable_of_lines(lines: Any) -> None:
    with pytest.raises(InputValidationError) as caught:
        data.check_lines(lines)
    assert caught.value.param == "lines"


def test_a_line_of_another_type() -> None:
    with pytest.raises(InputValidationError, match="line 2 is dict"):
        data.check_lines([line(chat(user(), assistant())), {"messages": []}])  # type: ignore[list-item]


def test_check_bytes_takes_bytes() -> None:
    with pytest.raises(InputValidationError) as caught:
        data.check_bytes('{"messages": []}')  # type: ignore[arg-type]
    assert caught.value.param == "content"


# --- properties ---------------------------------------------------------------------------------------------------

_words = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)
_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=9, max_size=9)
_names = st.from_regex(r"[a-zA-Z0-9_-]{1,20}", fullmatch=True)


@st.composite
def valid_conversations(draw: st.DrawFn) -> dict[str, Any]:
    """A record every rule accepts: an optional system message, turns of user then assistant (the assistant
    sometimes calling tools that are then answered), possibly ending on the calls."""
    names = draw(st.lists(_names, min_size=1, max_size=3, unique=True))
    messages: list[dict[str, Any]] = []
    if draw(st.booleans()):
        messages.append({"role": "system", "content": draw(_words)})
    used_ids: set[str] = set()
    turns = draw(st.integers(min_value=1, max_value=4))
    for turn in range(turns):
        messages.append(user(draw(_words)))
        if draw(st.booleans()):
            ids = draw(st.lists(_ids.filter(lambda value: value not in used_ids), min_size=1, max_size=2, unique=True))
            used_ids.update(ids)
            arguments = json.dumps(draw(st.dictionaries(_names, st.integers(), max_size=2)))
            messages.append(calling(*(call(one, draw(st.sampled_from(names)), arguments) for one in ids)))
            if turn == turns - 1 and draw(st.booleans()):
                break  # the documented exemption: the conversation ends on the calls
            messages.extend(tool(one, draw(_words)) for one in ids)
        reply = assistant(draw(_words))
        if draw(st.booleans()):
            reply["weight"] = draw(st.sampled_from([0, 1]))
        messages.append(reply)
    return tool_chat(*messages, tools=[weather_tool(name) for name in names])


@settings(max_examples=150, deadline=None)
@given(valid_conversations())
def test_any_valid_conversation_passes(record: dict[str, Any]) -> None:
    report = check(record)
    assert found(report) == []


_any_role = st.sampled_from(["system", "user", "assistant", "tool", "bot", 5, None, ["user"]])
_any_content = st.one_of(st.sampled_from(["", "hi", None, 7, [], [{"type": "text", "text": "hi"}], {"a": 1}]), _words)
_any_message = st.one_of(
    st.fixed_dictionaries({"role": _any_role, "content": _any_content}),
    st.fixed_dictionaries(
        {"role": _any_role, "content": _any_content, "weight": st.sampled_from([0, 1, 0.5, True, None])}
    ),
    st.fixed_dictionaries({"content": _any_content}),
    st.sampled_from(["text", 3, None]),
)


# Mostly well-formed messages, so that the fast path is taken often and its edges are reached.
_plain_message = st.one_of(
    st.fixed_dictionaries(
        {"role": st.sampled_from(["system", "user", "assistant"]), "content": st.sampled_from(["hi", "ok", ""])}
    ),
    st.fixed_dictionaries(
        {"role": st.sampled_from(["assistant", "user"]), "content": st.just("ok"), "weight": st.sampled_from([0, 1])}
    ),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_plain_message, _plain_message, _plain_message, _any_message), max_size=6))
def test_the_completion_fast_path_never_changes_a_verdict(messages: list[Any]) -> None:
    plain = check({"messages": messages}, job_type="completion")  # may take the fast path
    full = check({"messages": messages, "id": 1}, job_type="completion")  # an extra key: always the full check
    assert plain.problems == full.problems


_any_label = st.one_of(st.sampled_from(["", "pos", "neg", 3, None, [], ["pos", ""], ["neg", 2]]), _words)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(_words, st.sampled_from(["", 4])),
    st.dictionaries(st.sampled_from(["s", "t", ""]), _any_label, max_size=3),
    st.lists(_any_message, max_size=3),
    st.booleans(),
)
def test_the_classifier_fast_path_never_changes_a_verdict(
    text: Any, labels: dict[str, Any], messages: list[Any], chat_form: bool
) -> None:
    record: dict[str, Any] = {"messages": messages} if chat_form else {"text": text}
    record["labels"] = labels
    seen = {"text": "x", "labels": {"s": "pos", "t": "pos", "": "pos"}}  # the targets are known from line 1
    plain = check(seen, record, record, job_type="classifier")  # lines 2 and 3 may take the fast path
    full = check(seen, {**record, "id": 1}, {**record, "id": 1}, job_type="classifier")
    assert plain.problems == full.problems
    assert plain.labels == full.labels


def test_problem_is_a_plain_value() -> None:
    problem = Problem(3, "messages[0].role", ProblemKind.UNKNOWN_ROLE, "error", "unknown role 'bot'")
    assert problem == Problem(3, "messages[0].role", ProblemKind.UNKNOWN_ROLE, "error", "unknown role 'bot'")
    assert hash(problem) == hash(
        Problem(3, "messages[0].role", ProblemKind.UNKNOWN_ROLE, "error", "unknown role 'bot'")
    )


# --- the benchmark script still runs (its numbers are not judged here) --------------------------------------------


def test_the_benchmark_runs_on_small_files(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import data_check

    rows = data_check.measure(quick=True, megabytes=0.2, runs=1)  # it also exits if its generated data fails a check
    assert [row.goal for row in rows] == [">= 0.5", None, ">= 0.5"]
    assert all(row.floor > 0 and row.ours > 0 for row in rows)
    data_check.main(["--mb", "0.1", "--runs", "1"])
    table = capsys.readouterr().out
    assert "data check `data.check_file`, completion data, 0.1 MB" in table
    assert "data check `data.check_file`, classifier data, 0.1 MB" in table
