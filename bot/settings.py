"""Start-up settings: which config file and database, from the command line and environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from core.config import Config, ConfigError, load_config


class Environment(BaseSettings):
    """Environment overrides deployers expect (secrets live only here, never in config.yaml)."""

    model_config = SettingsConfigDict(env_prefix="DANVAN_", extra="ignore")

    config: Path | None = None  # DANVAN_CONFIG
    database_url: str | None = None  # DANVAN_DATABASE_URL


@dataclass(frozen=True)
class Settings:
    """The validated configuration and where state lives."""

    config_path: Path
    config: Config
    database_url: str


def load_settings(config_path: Path | None = None) -> Settings:
    """Read config.yaml (--config, else DANVAN_CONFIG, else ./config.yaml) and the environment.

    Raises ConfigError with a message naming the key that is wrong.
    """
    env = Environment()
    path = config_path or env.config or Path("config.yaml")
    if not path.is_file():
        raise ConfigError(
            f"config file not found: {path.resolve()}\n"
            "Run danvan from the project folder (it has config.yaml), or set DANVAN_CONFIG "
            "or --config to the path of your config.yaml."
        )
    config = load_config(path)
    return Settings(path, config, env.database_url or config.database.url)
