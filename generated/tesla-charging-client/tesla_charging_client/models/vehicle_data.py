from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.known_command_signing import KnownCommandSigning
from ..models.known_vehicle_state import KnownVehicleState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.charge_schedule_data import ChargeScheduleData
    from ..models.charge_state import ChargeState
    from ..models.climate_state import ClimateState
    from ..models.drive_state import DriveState
    from ..models.gui_settings import GuiSettings
    from ..models.preconditioning_schedule_data import PreconditioningScheduleData
    from ..models.vehicle_config import VehicleConfig
    from ..models.vehicle_granular_access import VehicleGranularAccess
    from ..models.vehicle_state_section import VehicleStateSection


T = TypeVar("T", bound="VehicleData")


@_attrs_define
class VehicleData:
    """The vehicle object and the state sections that were asked for with `endpoints`
    (every section except location when it is omitted).

        Attributes:
            id (int): The vehicle's id for the API's paths. Can exceed 2^53; prefer `id_s`.
            vehicle_id (int): The id used by the streaming API (not for paths).
            vin (str): The 17-character vehicle identification number. Not checked against a pattern in
                answers: the spec takes what the car sends (paths still require a well-formed VIN).
            display_name (None | str | Unset): The name the owner gave the vehicle. Absent from 2023-24 `vehicle_data` and
                `""`
                in some product listings; prefer `vehicle_state.vehicle_name`.
            option_codes (None | str | Unset): Comma-separated option codes (older vehicles only; null since 2024).
            color (None | str | Unset): Paint colour (usually null).
            access_type (str | Unset): The account's relation to the vehicle, e.g. `OWNER` or `DRIVER`.
            tokens (list[str] | None | Unset): Streaming tokens; null on cars with `mobile_access_disabled`.
            state (KnownVehicleState | None | str | Unset): Whether the vehicle is reachable. `online` vehicles answer
                commands; `asleep` and
                `offline` ones answer 408 until woken; `waking` is on its way to `online`. New values
                may appear, and Fleet API examples show `null`.
            in_service (bool | Unset): true while the vehicle is in service (absent before 2019).
            id_s (str | Unset): `id` as a string: the safe form to put into paths (absent before 2019).
            calendar_enabled (bool | Unset): Whether calendar sync is on.
            api_version (int | None | Unset): The vehicle's API version.
            backseat_token (None | str | Unset):
            backseat_token_updated_at (int | None | Unset): Unix time, seconds.
            command_signing (KnownCommandSigning | str | Unset): Whether the car takes commands without Tesla's vehicle-
                command protocol: `off` (REST
                commands work), `allowed` or `required` (every Model 3/Y; REST commands are refused).
                New values may appear.
            user_id (int | Unset): The owner's user id (Fleet API).
            mobile_access_disabled (bool | Unset): true when the owner turned mobile access off; `tokens` is null then.
            ble_autopair_enrolled (bool | Unset):
            release_notes_supported (bool | Unset):
            cached_data (None | str | Unset): Usually `""` or null.
            granular_access (VehicleGranularAccess | Unset): e.g. `{"hide_private": false}`.
            charge_state (ChargeState | Unset): Everything about charging. Distances are miles; energy kWh; power kW.

                No field is required: which fields a car sends depends on its firmware (2014-era cars
                lack `charge_current_request`; 2023-24 cars omit `charge_to_max_range`,
                `managed_charging_*` and `scheduled_charging_start_time_app`), and Tesla's own protobuf
                declares every field optional. Fields real cars have sent as `null` are nullable.
                Unknown fields are kept.
            climate_state (ClimateState | Unset): Cabin climate (a summary of the real section's fields).
            drive_state (DriveState | Unset): Driving state. `latitude`, `longitude` and `heading` are only present when
                `location_data` was requested.
            gui_settings (GuiSettings | Unset): The units the car displays.
            vehicle_config (VehicleConfig | Unset): The car's build (a summary of the real section's fields).
            vehicle_state (VehicleStateSection | Unset): Doors, locks and software (a summary of the real section's fields).
            charge_schedule_data (ChargeScheduleData | Unset): The `charge_schedule_data` section of `vehicle_data`
                (firmware 2024.26+): the car's
                charge schedules and the window it will charge in next.
            preconditioning_schedule_data (PreconditioningScheduleData | Unset): The `preconditioning_schedule_data` section
                of `vehicle_data` (firmware 2024.26+).
    """

    id: int
    vehicle_id: int
    vin: str
    display_name: None | str | Unset = UNSET
    option_codes: None | str | Unset = UNSET
    color: None | str | Unset = UNSET
    access_type: str | Unset = UNSET
    tokens: list[str] | None | Unset = UNSET
    state: KnownVehicleState | None | str | Unset = UNSET
    in_service: bool | Unset = UNSET
    id_s: str | Unset = UNSET
    calendar_enabled: bool | Unset = UNSET
    api_version: int | None | Unset = UNSET
    backseat_token: None | str | Unset = UNSET
    backseat_token_updated_at: int | None | Unset = UNSET
    command_signing: KnownCommandSigning | str | Unset = UNSET
    user_id: int | Unset = UNSET
    mobile_access_disabled: bool | Unset = UNSET
    ble_autopair_enrolled: bool | Unset = UNSET
    release_notes_supported: bool | Unset = UNSET
    cached_data: None | str | Unset = UNSET
    granular_access: VehicleGranularAccess | Unset = UNSET
    charge_state: ChargeState | Unset = UNSET
    climate_state: ClimateState | Unset = UNSET
    drive_state: DriveState | Unset = UNSET
    gui_settings: GuiSettings | Unset = UNSET
    vehicle_config: VehicleConfig | Unset = UNSET
    vehicle_state: VehicleStateSection | Unset = UNSET
    charge_schedule_data: ChargeScheduleData | Unset = UNSET
    preconditioning_schedule_data: PreconditioningScheduleData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        vehicle_id = self.vehicle_id

        vin = self.vin

        display_name: None | str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        option_codes: None | str | Unset
        if isinstance(self.option_codes, Unset):
            option_codes = UNSET
        else:
            option_codes = self.option_codes

        color: None | str | Unset
        if isinstance(self.color, Unset):
            color = UNSET
        else:
            color = self.color

        access_type = self.access_type

        tokens: list[str] | None | Unset
        if isinstance(self.tokens, Unset):
            tokens = UNSET
        elif isinstance(self.tokens, list):
            tokens = self.tokens

        else:
            tokens = self.tokens

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        elif isinstance(self.state, KnownVehicleState):
            state = self.state.value
        else:
            state = self.state

        in_service = self.in_service

        id_s = self.id_s

        calendar_enabled = self.calendar_enabled

        api_version: int | None | Unset
        if isinstance(self.api_version, Unset):
            api_version = UNSET
        else:
            api_version = self.api_version

        backseat_token: None | str | Unset
        if isinstance(self.backseat_token, Unset):
            backseat_token = UNSET
        else:
            backseat_token = self.backseat_token

        backseat_token_updated_at: int | None | Unset
        if isinstance(self.backseat_token_updated_at, Unset):
            backseat_token_updated_at = UNSET
        else:
            backseat_token_updated_at = self.backseat_token_updated_at

        command_signing: str | Unset
        if isinstance(self.command_signing, Unset):
            command_signing = UNSET
        elif isinstance(self.command_signing, KnownCommandSigning):
            command_signing = self.command_signing.value
        else:
            command_signing = self.command_signing

        user_id = self.user_id

        mobile_access_disabled = self.mobile_access_disabled

        ble_autopair_enrolled = self.ble_autopair_enrolled

        release_notes_supported = self.release_notes_supported

        cached_data: None | str | Unset
        if isinstance(self.cached_data, Unset):
            cached_data = UNSET
        else:
            cached_data = self.cached_data

        granular_access: dict[str, Any] | Unset = UNSET
        if not isinstance(self.granular_access, Unset):
            granular_access = self.granular_access.to_dict()

        charge_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.charge_state, Unset):
            charge_state = self.charge_state.to_dict()

        climate_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.climate_state, Unset):
            climate_state = self.climate_state.to_dict()

        drive_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.drive_state, Unset):
            drive_state = self.drive_state.to_dict()

        gui_settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gui_settings, Unset):
            gui_settings = self.gui_settings.to_dict()

        vehicle_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.vehicle_config, Unset):
            vehicle_config = self.vehicle_config.to_dict()

        vehicle_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.vehicle_state, Unset):
            vehicle_state = self.vehicle_state.to_dict()

        charge_schedule_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.charge_schedule_data, Unset):
            charge_schedule_data = self.charge_schedule_data.to_dict()

        preconditioning_schedule_data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.preconditioning_schedule_data, Unset):
            preconditioning_schedule_data = self.preconditioning_schedule_data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "vehicle_id": vehicle_id,
                "vin": vin,
            }
        )
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if option_codes is not UNSET:
            field_dict["option_codes"] = option_codes
        if color is not UNSET:
            field_dict["color"] = color
        if access_type is not UNSET:
            field_dict["access_type"] = access_type
        if tokens is not UNSET:
            field_dict["tokens"] = tokens
        if state is not UNSET:
            field_dict["state"] = state
        if in_service is not UNSET:
            field_dict["in_service"] = in_service
        if id_s is not UNSET:
            field_dict["id_s"] = id_s
        if calendar_enabled is not UNSET:
            field_dict["calendar_enabled"] = calendar_enabled
        if api_version is not UNSET:
            field_dict["api_version"] = api_version
        if backseat_token is not UNSET:
            field_dict["backseat_token"] = backseat_token
        if backseat_token_updated_at is not UNSET:
            field_dict["backseat_token_updated_at"] = backseat_token_updated_at
        if command_signing is not UNSET:
            field_dict["command_signing"] = command_signing
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if mobile_access_disabled is not UNSET:
            field_dict["mobile_access_disabled"] = mobile_access_disabled
        if ble_autopair_enrolled is not UNSET:
            field_dict["ble_autopair_enrolled"] = ble_autopair_enrolled
        if release_notes_supported is not UNSET:
            field_dict["release_notes_supported"] = release_notes_supported
        if cached_data is not UNSET:
            field_dict["cached_data"] = cached_data
        if granular_access is not UNSET:
            field_dict["granular_access"] = granular_access
        if charge_state is not UNSET:
            field_dict["charge_state"] = charge_state
        if climate_state is not UNSET:
            field_dict["climate_state"] = climate_state
        if drive_state is not UNSET:
            field_dict["drive_state"] = drive_state
        if gui_settings is not UNSET:
            field_dict["gui_settings"] = gui_settings
        if vehicle_config is not UNSET:
            field_dict["vehicle_config"] = vehicle_config
        if vehicle_state is not UNSET:
            field_dict["vehicle_state"] = vehicle_state
        if charge_schedule_data is not UNSET:
            field_dict["charge_schedule_data"] = charge_schedule_data
        if preconditioning_schedule_data is not UNSET:
            field_dict["preconditioning_schedule_data"] = preconditioning_schedule_data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charge_schedule_data import ChargeScheduleData  # noqa: PLC0415
        from ..models.charge_state import ChargeState  # noqa: PLC0415
        from ..models.climate_state import ClimateState  # noqa: PLC0415
        from ..models.drive_state import DriveState  # noqa: PLC0415
        from ..models.gui_settings import GuiSettings  # noqa: PLC0415
        from ..models.preconditioning_schedule_data import PreconditioningScheduleData  # noqa: PLC0415
        from ..models.vehicle_config import VehicleConfig  # noqa: PLC0415
        from ..models.vehicle_granular_access import VehicleGranularAccess  # noqa: PLC0415
        from ..models.vehicle_state_section import VehicleStateSection  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        vehicle_id = d.pop("vehicle_id")

        vin = d.pop("vin")

        def _parse_display_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name = _parse_display_name(d.pop("display_name", UNSET))

        def _parse_option_codes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        option_codes = _parse_option_codes(d.pop("option_codes", UNSET))

        def _parse_color(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        color = _parse_color(d.pop("color", UNSET))

        access_type = d.pop("access_type", UNSET)

        def _parse_tokens(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tokens_type_0 = cast(list[str], data)

                return tokens_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tokens = _parse_tokens(d.pop("tokens", UNSET))

        def _parse_state(data: object) -> KnownVehicleState | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_vehicle_state_type_0 = KnownVehicleState(data)

                return componentsschemas_vehicle_state_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownVehicleState | None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        in_service = d.pop("in_service", UNSET)

        id_s = d.pop("id_s", UNSET)

        calendar_enabled = d.pop("calendar_enabled", UNSET)

        def _parse_api_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        api_version = _parse_api_version(d.pop("api_version", UNSET))

        def _parse_backseat_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        backseat_token = _parse_backseat_token(d.pop("backseat_token", UNSET))

        def _parse_backseat_token_updated_at(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        backseat_token_updated_at = _parse_backseat_token_updated_at(d.pop("backseat_token_updated_at", UNSET))

        def _parse_command_signing(data: object) -> KnownCommandSigning | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_command_signing_type_0 = KnownCommandSigning(data)

                return componentsschemas_command_signing_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(KnownCommandSigning | str | Unset, data)

        command_signing = _parse_command_signing(d.pop("command_signing", UNSET))

        user_id = d.pop("user_id", UNSET)

        mobile_access_disabled = d.pop("mobile_access_disabled", UNSET)

        ble_autopair_enrolled = d.pop("ble_autopair_enrolled", UNSET)

        release_notes_supported = d.pop("release_notes_supported", UNSET)

        def _parse_cached_data(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cached_data = _parse_cached_data(d.pop("cached_data", UNSET))

        _granular_access = d.pop("granular_access", UNSET)
        granular_access: VehicleGranularAccess | Unset
        if isinstance(_granular_access, Unset):
            granular_access = UNSET
        else:
            granular_access = VehicleGranularAccess.from_dict(_granular_access)

        _charge_state = d.pop("charge_state", UNSET)
        charge_state: ChargeState | Unset
        if isinstance(_charge_state, Unset):
            charge_state = UNSET
        else:
            charge_state = ChargeState.from_dict(_charge_state)

        _climate_state = d.pop("climate_state", UNSET)
        climate_state: ClimateState | Unset
        if isinstance(_climate_state, Unset):
            climate_state = UNSET
        else:
            climate_state = ClimateState.from_dict(_climate_state)

        _drive_state = d.pop("drive_state", UNSET)
        drive_state: DriveState | Unset
        if isinstance(_drive_state, Unset):
            drive_state = UNSET
        else:
            drive_state = DriveState.from_dict(_drive_state)

        _gui_settings = d.pop("gui_settings", UNSET)
        gui_settings: GuiSettings | Unset
        if isinstance(_gui_settings, Unset):
            gui_settings = UNSET
        else:
            gui_settings = GuiSettings.from_dict(_gui_settings)

        _vehicle_config = d.pop("vehicle_config", UNSET)
        vehicle_config: VehicleConfig | Unset
        if isinstance(_vehicle_config, Unset):
            vehicle_config = UNSET
        else:
            vehicle_config = VehicleConfig.from_dict(_vehicle_config)

        _vehicle_state = d.pop("vehicle_state", UNSET)
        vehicle_state: VehicleStateSection | Unset
        if isinstance(_vehicle_state, Unset):
            vehicle_state = UNSET
        else:
            vehicle_state = VehicleStateSection.from_dict(_vehicle_state)

        _charge_schedule_data = d.pop("charge_schedule_data", UNSET)
        charge_schedule_data: ChargeScheduleData | Unset
        if isinstance(_charge_schedule_data, Unset):
            charge_schedule_data = UNSET
        else:
            charge_schedule_data = ChargeScheduleData.from_dict(_charge_schedule_data)

        _preconditioning_schedule_data = d.pop("preconditioning_schedule_data", UNSET)
        preconditioning_schedule_data: PreconditioningScheduleData | Unset
        if isinstance(_preconditioning_schedule_data, Unset):
            preconditioning_schedule_data = UNSET
        else:
            preconditioning_schedule_data = PreconditioningScheduleData.from_dict(_preconditioning_schedule_data)

        vehicle_data = cls(
            id=id,
            vehicle_id=vehicle_id,
            vin=vin,
            display_name=display_name,
            option_codes=option_codes,
            color=color,
            access_type=access_type,
            tokens=tokens,
            state=state,
            in_service=in_service,
            id_s=id_s,
            calendar_enabled=calendar_enabled,
            api_version=api_version,
            backseat_token=backseat_token,
            backseat_token_updated_at=backseat_token_updated_at,
            command_signing=command_signing,
            user_id=user_id,
            mobile_access_disabled=mobile_access_disabled,
            ble_autopair_enrolled=ble_autopair_enrolled,
            release_notes_supported=release_notes_supported,
            cached_data=cached_data,
            granular_access=granular_access,
            charge_state=charge_state,
            climate_state=climate_state,
            drive_state=drive_state,
            gui_settings=gui_settings,
            vehicle_config=vehicle_config,
            vehicle_state=vehicle_state,
            charge_schedule_data=charge_schedule_data,
            preconditioning_schedule_data=preconditioning_schedule_data,
        )

        vehicle_data.additional_properties = d
        return vehicle_data

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
