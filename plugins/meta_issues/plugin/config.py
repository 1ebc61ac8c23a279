"""The plugin's MkDocs configuration, made from the one definition in ``options.py``.

Each option is checked by ``options.check``, so a bad value is reported by MkDocs as a
configuration error naming the option, with the same words ``generate`` uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config.base import BaseConfigOption, ValidationError

from ..options import OPTIONS, Option, OptionError, check


class _Checked(BaseConfigOption[Any]):
    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option
        self.default = option.default

    def run_validation(self, value: object) -> Any:
        try:
            return check(self.option.name, self.option.default if value is None else value)
        except OptionError as error:
            raise ValidationError(error.message) from None


if TYPE_CHECKING:
    class MetaIssuesConfig(base.Config):
        """Options of the meta-issues plugin (see ``options.OPTIONS``)."""
else:
    # Config collects its options from the class body when the class is made.
    MetaIssuesConfig = type("MetaIssuesConfig", (base.Config,), {
        "__doc__": "Options of the meta-issues plugin (see ``options.OPTIONS``).",
        **{option.name: _Checked(option) for option in OPTIONS}})
