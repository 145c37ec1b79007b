"""The walkthrough reads exactly the blocks a page marks for a walk, and says when a mark leads
nowhere, so that a guide's steps are run as the page shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.system.walkthrough import blocks

PAGE = """# A guide

Unmarked, so not walked:

```sh
rm -rf everything
```

<!-- walk: steward -->
```sh
echo one
```

1. A step in a list:

   <!-- walk: steward -->

   ```sh
   echo two
     indented
   ```

<!-- walk: operator -->
```sh
echo theirs
```

<!-- walk: steward -->
```sh
echo three
echo four
```
"""


def page(tmp_path: Path, text: str) -> Path:
    written = tmp_path / "page.md"
    written.write_text(text, encoding="utf-8")
    return written


def test_the_marked_blocks_of_a_walk_in_page_order(tmp_path: Path) -> None:
    assert blocks(page(tmp_path, PAGE), "steward") == [
        "echo one\n",
        "echo two\n  indented\n",
        "echo three\necho four\n",
    ]
    assert blocks(page(tmp_path, PAGE), "operator") == ["echo theirs\n"]
    assert blocks(page(tmp_path, PAGE), "nobody") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!-- walk: w -->\nprose\n```sh\necho\n```\n", "not followed by a ```sh block"),
        ("<!-- walk: w -->\n\n\n```sh\necho\n```\n", "not followed by a ```sh block"),
        ("<!-- walk: w -->\n```python\nprint()\n```\n", "not followed by a ```sh block"),
        ("<!-- walk: w -->\n", "not followed by a ```sh block"),
        ("<!-- walk: w -->\n```sh\necho\n", "never closed"),
    ],
)
def test_a_mark_that_leads_to_no_block_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        blocks(page(tmp_path, text), "w")
