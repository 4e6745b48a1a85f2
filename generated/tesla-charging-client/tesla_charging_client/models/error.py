from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.command_result import CommandResult
    from ..models.error_messages import ErrorMessages


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """The envelope of every error answer (HTTP status 400 and above).

    Attributes:
        error (str): A short error code or message (for example `not_found`, `invalid bearer token`).
        response (CommandResult | None | Unset): Usually null. Tesla's vehicle-command proxy answers parameter errors
            with a command
            result here, for example `{"result": false, "reason": "missing percent param"}`.
        error_description (str | Unset): More detail; often empty.
        messages (ErrorMessages | Unset): Per-field problems (Fleet API, mostly with 422).
    """

    error: str
    response: CommandResult | None | Unset = UNSET
    error_description: str | Unset = UNSET
    messages: ErrorMessages | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.command_result import CommandResult  # noqa: PLC0415

        error = self.error

        response: dict[str, Any] | None | Unset
        if isinstance(self.response, Unset):
            response = UNSET
        elif isinstance(self.response, CommandResult):
            response = self.response.to_dict()
        else:
            response = self.response

        error_description = self.error_description

        messages: dict[str, Any] | Unset = UNSET
        if not isinstance(self.messages, Unset):
            messages = self.messages.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if response is not UNSET:
            field_dict["response"] = response
        if error_description is not UNSET:
            field_dict["error_description"] = error_description
        if messages is not UNSET:
            field_dict["messages"] = messages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.command_result import CommandResult  # noqa: PLC0415
        from ..models.error_messages import ErrorMessages  # noqa: PLC0415

        d = dict(src_dict)
        error = d.pop("error")

        def _parse_response(data: object) -> CommandResult | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_type_0 = CommandResult.from_dict(data)

                return response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CommandResult | None | Unset, data)

        response = _parse_response(d.pop("response", UNSET))

        error_description = d.pop("error_description", UNSET)

        _messages = d.pop("messages", UNSET)
        messages: ErrorMessages | Unset
        if isinstance(_messages, Unset):
            messages = UNSET
        else:
            messages = ErrorMessages.from_dict(_messages)

        error = cls(
            error=error,
            response=response,
            error_description=error_description,
            messages=messages,
        )

        error.additional_properties = d
        return error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
