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
    classification_for_score,
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
)

__all__ = [
    "AnnualReport", "ApprovalAction", "ApprovalEvent", "ApprovalReminder", "ApprovalState", "YearApproval",
    "Classification", "Collective", "CollectiveKind", "DissolutionKind", "Education",
    "Gender", "ManagementRole", "MemberType", "Membership", "Person", "PersonKind", "RoleKind", "Sector",
    "Suspension", "TradeEvent", "TradeEventKind", "TrainingCourse", "classification_for_score",
]
