"""Contains all the data models used in inputs/outputs"""

from .charge_state import ChargeState
from .climate_state import ClimateState
from .command_response import CommandResponse
from .command_result import CommandResult
from .drive_state import DriveState
from .energy_site import EnergySite
from .error import Error
from .error_messages import ErrorMessages
from .gui_settings import GuiSettings
from .known_charge_cable import KnownChargeCable
from .known_charge_port_latch import KnownChargePortLatch
from .known_charging_state import KnownChargingState
from .known_command_signing import KnownCommandSigning
from .known_fast_charger_type import KnownFastChargerType
from .known_schedule_days import KnownScheduleDays
from .known_scheduled_charging_mode import KnownScheduledChargingMode
from .known_vehicle_state import KnownVehicleState
from .no_parameters import NoParameters
from .no_parameters_form import NoParametersForm
from .order import Order
from .order_list_response import OrderListResponse
from .product_list_response import ProductListResponse
from .set_charge_limit_form import SetChargeLimitForm
from .set_charge_limit_request import SetChargeLimitRequest
from .set_charging_amps_form import SetChargingAmpsForm
from .set_charging_amps_request import SetChargingAmpsRequest
from .set_scheduled_charging_form import SetScheduledChargingForm
from .set_scheduled_charging_request import SetScheduledChargingRequest
from .set_scheduled_departure_form import SetScheduledDepartureForm
from .set_scheduled_departure_request import SetScheduledDepartureRequest
from .user_region import UserRegion
from .user_region_response import UserRegionResponse
from .vehicle import Vehicle
from .vehicle_config import VehicleConfig
from .vehicle_data import VehicleData
from .vehicle_data_response import VehicleDataResponse
from .vehicle_granular_access import VehicleGranularAccess
from .vehicle_list_response import VehicleListResponse
from .vehicle_response import VehicleResponse
from .vehicle_state_section import VehicleStateSection

__all__ = (
    "ChargeState",
    "ClimateState",
    "CommandResponse",
    "CommandResult",
    "DriveState",
    "EnergySite",
    "Error",
    "ErrorMessages",
    "GuiSettings",
    "KnownChargeCable",
    "KnownChargePortLatch",
    "KnownChargingState",
    "KnownCommandSigning",
    "KnownFastChargerType",
    "KnownScheduleDays",
    "KnownScheduledChargingMode",
    "KnownVehicleState",
    "NoParameters",
    "NoParametersForm",
    "Order",
    "OrderListResponse",
    "ProductListResponse",
    "SetChargeLimitForm",
    "SetChargeLimitRequest",
    "SetChargingAmpsForm",
    "SetChargingAmpsRequest",
    "SetScheduledChargingForm",
    "SetScheduledChargingRequest",
    "SetScheduledDepartureForm",
    "SetScheduledDepartureRequest",
    "UserRegion",
    "UserRegionResponse",
    "Vehicle",
    "VehicleConfig",
    "VehicleData",
    "VehicleDataResponse",
    "VehicleGranularAccess",
    "VehicleListResponse",
    "VehicleResponse",
    "VehicleStateSection",
)
