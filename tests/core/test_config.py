"""Tests for core.config: the shipped config.yaml, and readable errors for bad files.

Each bad config is the shipped config.yaml (parsed with yaml.safe_load, deep-copied) with
exactly one thing changed; the ConfigError must name the key path and what was expected.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.config import Config, ConfigError, load_config, parse_config
from core.labels import Kind

ROOT = Path(__file__).resolve().parents[2]
CONFIG_PATH = ROOT / "config.yaml"


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _error(data: object, source: str = "bad.yaml") -> str:
    with pytest.raises(ConfigError) as excinfo:
        parse_config(data, source)
    return str(excinfo.value)


# --------------------------------------------------------------------- the shipped file


def test_shipped_config_loads(config: Config) -> None:
    assert config.ward.timezone == "Asia/Ho_Chi_Minh"
    assert {u.code for u in config.units} == {"vp", "kt", "vhxh", "hcc", "ca", "tocao"}


def test_shipped_config_parses_from_raw_data(raw: dict[str, Any], config: Config) -> None:
    assert parse_config(copy.deepcopy(raw)) == config


def test_shipped_config_references_resolve(config: Config) -> None:
    known = {u.code for u in config.units}
    referenced = {
        config.routing.confidential_unit,
        config.routing.default_unit,
        *(rule.unit for rule in config.routing.rules),
        *(invite.unit for invite in config.invite_codes),
    }
    assert referenced <= known
    assert config.unit(config.routing.confidential_unit).confidential
    confidential = [u.code for u in config.units if u.confidential]
    assert confidential == [config.routing.confidential_unit]
    assert set(config.deadlines.on_receipt) == set(Kind)
    assert set(config.deadlines.on_receipt.values()) <= set(config.deadlines.rules)


def test_shipped_invite_codes_are_unique(config: Config) -> None:
    codes = [invite.code for invite in config.invite_codes]
    assert len(codes) == len(set(codes))


def test_shipped_confidential_handler_codes_only_for_the_confidential_unit(
    config: Config,
) -> None:
    for invite in config.invite_codes:
        if invite.role == "confidential_handler":
            assert config.unit(invite.unit).confidential, invite.code


def test_unit_lookup_unknown_code_raises_key_error(config: Config) -> None:
    with pytest.raises(KeyError):
        config.unit("khong_co")


# --------------------------------------------------------------------- bad files

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: object) -> Mutation:
    """A mutation setting ``value`` at a dotted path (list indices are numbers)."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[part]
        del node[last]

    return mutate


def _append_unit(data: dict[str, Any]) -> None:
    data["units"].append({"code": "kt", "name": "Phòng Kinh tế (bản sao)"})


def _swap_confidential(data: dict[str, Any]) -> None:
    data["routing"]["confidential_unit"] = "vp"


# (mutation, fragments the message must contain)
BAD_CONFIGS = [
    pytest.param(
        _set("routing.rules.3.unit", "dia_chinh"),
        ["routing.rules.3.unit", "unknown unit 'dia_chinh'", "units are ['ca', 'hcc', 'kt'"],
        id="routing-rule-unknown-unit",
    ),
    pytest.param(
        _set("routing.default_unit", "noi_vu"),
        ["routing.default_unit", "unknown unit 'noi_vu'"],
        id="default-unit-unknown",
    ),
    pytest.param(
        _set("routing.confidential_unit", "thanh_tra"),
        ["routing.confidential_unit", "unknown unit 'thanh_tra'"],
        id="confidential-unit-unknown",
    ),
    pytest.param(
        _swap_confidential,
        ["routing.confidential_unit", "confidential: true"],
        id="confidential-unit-not-confidential",
    ),
    pytest.param(
        _set("routing.rules.0.kinds", ["khieu_nai", "to_giac"]),
        ["routing.rules.0.kinds.1", "'khieu_nai'", "got 'to_giac'"],
        id="routing-rule-unknown-kind",
    ),
    pytest.param(
        _set("deadlines.rules.xu_ly_don.unit", "weeks"),
        ["deadlines.rules.xu_ly_don.unit", "'days' or 'working_days'", "got 'weeks'"],
        id="deadline-unit-weeks",
    ),
    pytest.param(
        _set("deadlines.rules.to_cao_thu_ly.limit", -1),
        ["deadlines.rules.to_cao_thu_ly.limit", "greater than or equal to 0", "got -1"],
        id="deadline-negative-limit",
    ),
    pytest.param(
        _set("deadlines.rules.khieu_nai_lan_dau.starts", "thu_ly"),
        ["deadlines.rules.khieu_nai_lan_dau.starts", "'receipt' or 'acceptance'"],
        id="deadline-unknown-clock-start",
    ),
    pytest.param(
        _delete("deadlines.on_receipt.hoi_dap"),
        ["deadlines", "on_receipt needs a rule for every kind", "missing: ['hoi_dap']"],
        id="on-receipt-missing-kind",
    ),
    pytest.param(
        _set("deadlines.on_receipt.khieu_nai", "khieu_nai_30_ngay"),
        ["deadlines", "on_receipt.khieu_nai", "no rule named 'khieu_nai_30_ngay'"],
        id="on-receipt-missing-rule",
    ),
    pytest.param(
        _set("deadlines.on_receipt.to_giac", "xu_ly_don"),
        ["deadlines.on_receipt.to_giac", "'kien_nghi_phan_anh'", "got 'to_giac'"],
        id="on-receipt-unknown-kind",
    ),
    pytest.param(
        _set("telegram_token", "123:abc"),
        ["telegram_token", "Extra inputs are not permitted"],
        id="unknown-top-level-key",
    ),
    pytest.param(
        _set("ward.phone", "028"),
        ["ward.phone", "Extra inputs are not permitted"],
        id="unknown-nested-key",
    ),
    pytest.param(
        _delete("privacy"),
        ["privacy", "Field required"],
        id="missing-section",
    ),
    pytest.param(
        _set("ward.timezone", "Mars/Olympus"),
        ["ward.timezone", "unknown time zone 'Mars/Olympus'", "Asia/Ho_Chi_Minh"],
        id="bad-timezone",
    ),
    pytest.param(
        _set("ward.timezone", "/etc/passwd"),
        ["ward.timezone", "unknown time zone '/etc/passwd'"],
        id="timezone-absolute-path",
    ),
    pytest.param(
        _set("reception.weekly.0.end", "07:30"),
        ["reception.weekly.0", "end must be after start"],
        id="reception-end-before-start",
    ),
    pytest.param(
        _set("reception.weekly.0.end", "08:00"),
        ["reception.weekly.0", "end must be after start"],
        id="reception-end-equals-start",
    ),
    pytest.param(
        _set("reception.weekly.0.weekday", "thu5"),
        ["reception.weekly.0.weekday", "'monday'", "got 'thu5'"],
        id="reception-bad-weekday",
    ),
    pytest.param(
        _set("reception.weekly.0.capacity", 0),
        ["reception.weekly.0.capacity", "greater than 0"],
        id="reception-zero-capacity",
    ),
    pytest.param(
        _set("invite_codes.2.unit", "dia_chinh"),
        ["invite_codes.2.unit", "unknown unit 'dia_chinh'"],
        id="invite-code-unknown-unit",
    ),
    pytest.param(
        _set("invite_codes.0.role", "admin"),
        ["invite_codes.0.role", "'officer'", "got 'admin'"],
        id="invite-code-unknown-role",
    ),
    pytest.param(
        _set("invite_codes.0.code", "ABC"),
        ["invite_codes.0.code", "at least 6 characters"],
        id="invite-code-too-short",
    ),
    pytest.param(
        _append_unit,
        ["units", "duplicate unit codes ['kt']"],
        id="duplicate-unit-codes",
    ),
    pytest.param(
        _set("units.1.code", "Kinh Te"),
        ["units.1.code", "should match pattern"],
        id="unit-code-pattern",
    ),
    pytest.param(
        _set("units", []),
        ["units", "at least 1 item"],
        id="no-units",
    ),
    pytest.param(
        _set("faq.0.keywords", []),
        ["faq.0.keywords", "at least 1 item"],
        id="faq-without-keywords",
    ),
    pytest.param(
        _set("nlp.faq_min_score", 0),
        ["nlp.faq_min_score", "greater than 0"],
        id="faq-min-score-zero",
    ),
    pytest.param(
        _set("holidays.extra_days_off", [{"date": "2027-02-31", "name": "x"}]),
        ["holidays.extra_days_off.0.date"],
        id="holiday-bad-date",
    ),
]


@pytest.mark.parametrize(("mutate", "fragments"), BAD_CONFIGS)
def test_bad_config_error_names_key_and_expectation(
    raw: dict[str, Any], mutate: Mutation, fragments: list[str]
) -> None:
    data = copy.deepcopy(raw)
    mutate(data)
    message = _error(data)
    assert message.startswith("bad.yaml is not valid:")
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"


def test_mutations_do_not_leak_into_the_shared_data(raw: dict[str, Any]) -> None:
    assert parse_config(copy.deepcopy(raw)).routing.rules[3].unit == "vhxh"


def test_every_error_is_listed(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["deadlines"]["rules"]["xu_ly_don"]["unit"] = "weeks"
    data["ward"]["timezone"] = "Mars/Olympus"
    message = _error(data)
    assert "deadlines.rules.xu_ly_don.unit" in message
    assert "ward.timezone" in message
    assert message.count("\n  - ") == 2


def test_long_inputs_are_shortened(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["deadlines"]["rules"]["xu_ly_don"]["unit"] = "y" * 200
    message = _error(data)
    assert "y" * 200 not in message
    assert "(got '" + "y" * 56 + "...)" in message  # repr cut to 57 characters + "..."


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        pytest.param(None, "expected a mapping", id="empty"),
        pytest.param([1, 2], "expected a mapping", id="list"),
        pytest.param("ward: x", "expected a mapping", id="string"),
        pytest.param(42, "expected a mapping", id="number"),
    ],
)
def test_top_level_not_a_mapping(data: object, fragment: str) -> None:
    message = _error(data, "top.yaml")
    assert message.startswith("top.yaml: ")
    assert fragment in message


# --------------------------------------------------------------------- load_config


def test_load_config_from_a_copy(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_config(path) == config


def test_load_config_yaml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("ward:\n  name: [unclosed\nunits: -\n", encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    message = str(excinfo.value)
    assert str(path) in message
    assert "is not valid YAML" in message
    assert "line" in message  # PyYAML's position of the problem


def test_load_config_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "config.yaml"
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    message = str(excinfo.value)
    assert f"cannot read config file {path}" in message
    assert "No such file or directory" in message


def test_load_config_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path)


def test_load_config_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="expected a mapping of settings at the top level"):
        load_config(path)


def test_load_config_names_the_file_in_validation_errors(
    tmp_path: Path, raw: dict[str, Any]
) -> None:
    data = copy.deepcopy(raw)
    data["routing"]["rules"][0]["unit"] = "dia_chinh"
    path = tmp_path / "ward.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        load_config(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path} is not valid:")
    assert "routing.rules.0.unit" in message


def test_load_config_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"ward:\n  name: Ph\xfd\xf4ng\n")  # not UTF-8
    with pytest.raises(ConfigError, match=r"latin1\.yaml"):
        load_config(path)


def test_holiday_date_both_off_and_working_is_a_config_error(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["holidays"] = {
        "extra_days_off": [{"date": "2027-02-11", "name": "Nghỉ bù Tết"}],
        "extra_working_days": [{"date": "2027-02-11", "name": "Làm bù"}],
    }
    with pytest.raises(ConfigError, match=r"holidays: .*both a day off and a working day"):
        parse_config(data, "bad.yaml")
