using System.CommandLine;
using Waymark.Cli;

var root = new RootCommand("Waymark: product experience platform (onboarding, surveys, analytics) with a trust page that is code")
{
    ServeCommand.Create(),
    MigrateCommand.Create(),
    WorkspaceCommands.Create(),
    DataClassCommands.Create(),
    RetentionCommands.Create(),
    SubjectCommands.Create(),
    KeyCommands.Create(),
    AuditCommands.Create(),
    AccountCommands.Create(),
    FirewallCommands.Create(),
    AccessReviewCommands.Create(),
    OperatorCommands.Create(),
    IncidentCommands.Create(),
};
foreach (var command in BackupCommands.Create())
{
    root.Add(command);
}

return await root.Parse(args).InvokeAsync();
