from cooperatives.models.activities import TradeEvent, TradeEventKind, TrainingCourse
from cooperatives.models.approval import (
    ApprovalAction,
    ApprovalEvent,
    ApprovalReminder,
    ApprovalState,
    YearApproval,
)
from cooperatives.models.collectives import (
    AnnualReport,
    Classification,
    Collective,
    CollectiveKind,
    DissolutionKind,
    Sector,
    Suspension,
    active_q,
    classification_for_score,
    dissolved_q,
    existed_during_q,
    exists_q,
    normalize_registration_code,
    suspended_q,
    whole_year_q,
)
from cooperatives.models.people import (
    Education,
    Gender,
    ManagementRole,
    Membership,
    MemberType,
    Person,
    PersonKind,
    RoleKind,
    role_held_q,
    roles_held_between_q,
)

__all__ = [
    "AnnualReport", "ApprovalAction", "ApprovalEvent", "ApprovalReminder", "ApprovalState", "YearApproval",
    "Classification", "Collective", "CollectiveKind", "DissolutionKind", "Education",
    "Gender", "ManagementRole", "MemberType", "Membership", "Person", "PersonKind", "RoleKind", "Sector",
    "Suspension", "TradeEvent", "TradeEventKind", "TrainingCourse", "active_q", "classification_for_score",
    "dissolved_q", "existed_during_q", "exists_q", "role_held_q", "roles_held_between_q", "suspended_q",
    "whole_year_q",
    "normalize_registration_code",
]
