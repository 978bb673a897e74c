"""Splitting long messages to a platform's limit, on line boundaries where possible."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units: most emoji count twice)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` UTF-16 units, on line boundaries
    where possible, then on spaces, then anywhere; nothing is lost but the cut newlines."""
    if utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        while utf16_len(line) > limit:
            head = _cut(line, limit)
            pieces.append(head.rstrip())
            line = line[len(head) :].lstrip(" ")
        current = line
    if current or not pieces:
        pieces.append(current)
    return [piece for piece in pieces if piece.strip()] or [text[:limit]]


def _cut(line: str, limit: int) -> str:
    """The longest prefix of ``line`` within ``limit``, ending at a space if there is one."""
    end = 0
    used = 0
    for index, char in enumerate(line):
        used += utf16_len(char)
        if used > limit:
            break
        end = index + 1
    head = line[:end]
    space = head.rfind(" ")
    return head[: space + 1] if space > limit // 2 else head
