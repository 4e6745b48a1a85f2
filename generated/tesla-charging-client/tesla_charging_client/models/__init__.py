"""Contains all the data models used in inputs/outputs"""

from .charge_state import ChargeState
from .climate_state import ClimateState
from .command_response import CommandResponse
from .command_result import CommandResult
from .drive_state import DriveState
from .error import Error
from .gui_settings import GuiSettings
from .known_charge_cable import KnownChargeCable
from .known_charge_port_latch import KnownChargePortLatch
from .known_charging_state import KnownChargingState
from .known_fast_charger_type import KnownFastChargerType
from .known_schedule_days import KnownScheduleDays
from .known_scheduled_charging_mode import KnownScheduledChargingMode
from .known_vehicle_state import KnownVehicleState
from .no_parameters import NoParameters
from .no_parameters_form import NoParametersForm
from .set_charge_limit_form import SetChargeLimitForm
from .set_charge_limit_request import SetChargeLimitRequest
from .set_charging_amps_form import SetChargingAmpsForm
from .set_charging_amps_request import SetChargingAmpsRequest
from .set_scheduled_charging_form import SetScheduledChargingForm
from .set_scheduled_charging_request import SetScheduledChargingRequest
from .set_scheduled_departure_form import SetScheduledDepartureForm
from .set_scheduled_departure_request import SetScheduledDepartureRequest
from .vehicle import Vehicle
from .vehicle_config import VehicleConfig
from .vehicle_data import VehicleData
from .vehicle_data_response import VehicleDataResponse
from .vehicle_list_response import VehicleListResponse
from .vehicle_response import VehicleResponse
from .vehicle_state_section import VehicleStateSection

__all__ = (
    "ChargeState",
    "ClimateState",
    "CommandResponse",
    "CommandResult",
    "DriveState",
    "Error",
    "GuiSettings",
    "KnownChargeCable",
    "KnownChargePortLatch",
    "KnownChargingState",
    "KnownFastChargerType",
    "KnownScheduleDays",
    "KnownScheduledChargingMode",
    "KnownVehicleState",
    "NoParameters",
    "NoParametersForm",
    "SetChargeLimitForm",
    "SetChargeLimitRequest",
    "SetChargingAmpsForm",
    "SetChargingAmpsRequest",
    "SetScheduledChargingForm",
    "SetScheduledChargingRequest",
    "SetScheduledDepartureForm",
    "SetScheduledDepartureRequest",
    "Vehicle",
    "VehicleConfig",
    "VehicleData",
    "VehicleDataResponse",
    "VehicleListResponse",
    "VehicleResponse",
    "VehicleStateSection",
)
