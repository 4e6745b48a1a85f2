"""Contains all the data models used in inputs/outputs"""

from .add_charge_schedule_request import AddChargeScheduleRequest
from .add_precondition_schedule_request import AddPreconditionScheduleRequest
from .batch_remove_schedules_request import BatchRemoveSchedulesRequest
from .charge_schedule import ChargeSchedule
from .charge_schedule_data import ChargeScheduleData
from .charge_state import ChargeState
from .charging_fee import ChargingFee
from .charging_history import ChargingHistory
from .charging_history_item import ChargingHistoryItem
from .charging_history_response import ChargingHistoryResponse
from .charging_invoice import ChargingInvoice
from .charging_session import ChargingSession
from .charging_session_charging_periods_type_0_item import ChargingSessionChargingPeriodsType0Item
from .charging_session_charging_periods_type_0_item_dimensions_item import (
    ChargingSessionChargingPeriodsType0ItemDimensionsItem,
)
from .charging_session_location_type_0 import ChargingSessionLocationType0
from .charging_session_tariffs_type_0 import ChargingSessionTariffsType0
from .charging_session_total_cost_type_0 import ChargingSessionTotalCostType0
from .charging_sessions import ChargingSessions
from .charging_sessions_response import ChargingSessionsResponse
from .climate_state import ClimateState
from .command_response import CommandResponse
from .command_result import CommandResult
from .drive_state import DriveState
from .energy_site import EnergySite
from .error import Error
from .error_messages import ErrorMessages
from .fleet_status import FleetStatus
from .fleet_status_request import FleetStatusRequest
from .fleet_status_response import FleetStatusResponse
from .fleet_status_vehicle_info import FleetStatusVehicleInfo
from .fleet_vehicle_info import FleetVehicleInfo
from .get_charging_history_sort_order import GetChargingHistorySortOrder
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
from .precondition_schedule import PreconditionSchedule
from .preconditioning_schedule_data import PreconditioningScheduleData
from .product_list_response import ProductListResponse
from .remove_schedule_request import RemoveScheduleRequest
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
    "AddChargeScheduleRequest",
    "AddPreconditionScheduleRequest",
    "BatchRemoveSchedulesRequest",
    "ChargeSchedule",
    "ChargeScheduleData",
    "ChargeState",
    "ChargingFee",
    "ChargingHistory",
    "ChargingHistoryItem",
    "ChargingHistoryResponse",
    "ChargingInvoice",
    "ChargingSession",
    "ChargingSessionChargingPeriodsType0Item",
    "ChargingSessionChargingPeriodsType0ItemDimensionsItem",
    "ChargingSessionLocationType0",
    "ChargingSessions",
    "ChargingSessionsResponse",
    "ChargingSessionTariffsType0",
    "ChargingSessionTotalCostType0",
    "ClimateState",
    "CommandResponse",
    "CommandResult",
    "DriveState",
    "EnergySite",
    "Error",
    "ErrorMessages",
    "FleetStatus",
    "FleetStatusRequest",
    "FleetStatusResponse",
    "FleetStatusVehicleInfo",
    "FleetVehicleInfo",
    "GetChargingHistorySortOrder",
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
    "PreconditioningScheduleData",
    "PreconditionSchedule",
    "ProductListResponse",
    "RemoveScheduleRequest",
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
