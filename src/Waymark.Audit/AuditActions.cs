namespace Waymark.Audit;

/// <summary>
/// The catalogue of audited actions, grouped by area so that the names stay stable as features grow.
/// Later features add their own group here rather than inventing names at the call site.
/// </summary>
public static class AuditActions
{
    public const string InstanceSetup = "instance.setup";

    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignedOut = "signin.signed-out";
    public const string SignInLockedOut = "signin.locked-out";
    public const string SignInBreakGlass = "signin.break-glass";
    public const string AccountUnlocked = "account.unlocked";
    public const string PasswordChanged = "account.password-changed";
    public const string SessionsRevoked = "account.sessions-revoked";

    public const string TotpEnabled = "mfa.totp-enabled";
    public const string TotpDisabled = "mfa.totp-disabled";
    public const string RecoveryCodesRegenerated = "mfa.recovery-codes-regenerated";
    public const string RecoveryCodeUsed = "mfa.recovery-code-used";
    public const string PasskeyAdded = "mfa.passkey-added";
    public const string PasskeyRemoved = "mfa.passkey-removed";
    public const string PasskeyRenamed = "mfa.passkey-renamed";

    public const string MfaPolicyChanged = "policy.mfa-required-changed";
    public const string SsoPolicyChanged = "policy.sso-required-changed";
    public const string MemberSuspended = "member.suspended";
    public const string MemberReinstated = "member.reinstated";

    public const string SsoConfigured = "sso.configured";
    public const string SsoRemoved = "sso.removed";
    public const string SsoMemberProvisioned = "sso.member-provisioned";

    public const string WorkspaceCreated = "workspace.created";
    public const string SettingsChanged = "settings.changed";

    public const string MemberInvited = "member.invited";
    public const string InviteRevoked = "member.invite-revoked";
    public const string InviteAccepted = "member.invite-accepted";
    public const string MemberRoleChanged = "member.role-changed";
    public const string MemberRemoved = "member.removed";

    public const string RoleCreated = "role.created";
    public const string RoleChanged = "role.changed";
    public const string RoleDeleted = "role.deleted";

    public const string KeyCreated = "key.created";
    public const string KeyRevoked = "key.revoked";
    public const string KeyRotated = "key.rotated";
    public const string KeyUseDenied = "key.use-denied";

    public const string AccessDenied = "access.denied";
    public const string RateLimitsChanged = "firewall.rate-limits-changed";
    public const string RateLimited = "firewall.rate-limited";
    public const string AllowRuleAdded = "firewall.allow-rule-added";
    public const string AllowRuleRemoved = "firewall.allow-rule-removed";
    public const string AddressBlocked = "firewall.address-blocked";

    public const string PersonalDataRead = "data.read";
    public const string PhiRead = "data.phi-read";
    public const string SubjectDeleted = "data.deleted";
    public const string SubjectUnsuppressed = "data.unsuppressed";
    public const string SubjectPurged = "data.purged";
    public const string SubjectExported = "data.exported";
    public const string SubjectRectified = "data.rectified";
    public const string RetentionChanged = "settings.retention-changed";
    public const string RetentionPurged = "data.retention-purged";
    public const string AuditRead = "audit.read";
    public const string AuditExported = "audit.exported";
    public const string AuditVerificationFailed = "audit.verification-failed";
    public const string BackupVerificationFailed = "backup.verification-failed";
    public const string BackupCreated = "backup.created";
    public const string BackupFailed = "backup.failed";
    public const string BackupVerified = "backup.verified";
    public const string BackupPruned = "backup.pruned";
    public const string BackupRestored = "backup.restored";

    public const string IncidentOpened = "incident.opened";
    public const string IncidentSignalAdded = "incident.signal-added";
    public const string IncidentAcknowledged = "incident.acknowledged";
    public const string IncidentResolved = "incident.resolved";
    public const string IncidentNotified = "incident.notified";
    public const string IncidentEscalated = "incident.escalated";
    public const string IncidentSettingsChanged = "incident.settings-changed";

    public const string OperatorCreated = "operator.created";
    public const string OperatorDisabled = "operator.disabled";
    public const string SupportTicketOpened = "support.ticket-opened";
    public const string SupportTicketApproved = "support.ticket-approved";
    public const string SupportTicketDenied = "support.ticket-denied";
    public const string SupportTicketEnded = "support.ticket-ended";
    public const string SupportAccess = "support.access";

    public const string AccessReviewStarted = "access-review.started";
    public const string AccessReviewDecided = "access-review.decided";
    public const string AccessReviewCompleted = "access-review.completed";
    public const string AccessReviewOverdue = "access-review.overdue";
    public const string AccessReviewExported = "access-review.exported";
    public const string AccessReviewScheduleChanged = "access-review.schedule-changed";

    public const string ContentCreated = "content.created";
    public const string ContentUpdated = "content.updated";
    public const string ContentPublished = "content.published";
    public const string ContentUnpublished = "content.unpublished";
    public const string ContentArchived = "content.archived";

    public const string IdentityVerificationChanged = "settings.identity-verification-changed";
    public const string IdentitySecretRotated = "settings.identity-secret-rotated";
    public const string SegmentCreated = "segment.created";
    public const string SegmentUpdated = "segment.updated";
    public const string SegmentDeleted = "segment.deleted";
}
