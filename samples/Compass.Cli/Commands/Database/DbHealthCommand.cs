using System.CommandLine;
using Compass.Cli.Output;
using Compass.Cli.Parsing;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Postgres;
using Compass.Postgres.Health;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db health [--json]</c>: what the knowledge base lacks or gets wrong, and how to fix each.</summary>
internal sealed class DbHealthCommand : DbCommand
{
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the report as JSON");

    public DbHealthCommand(CliContext context)
        : base(context, "health", """
            What the knowledge base lacks or gets wrong, and how to fix each.

            Models without benchmarks, GPUs without prices, stale prices, engine-version mismatches, simulated
            benchmarks; exits 1 when something needs fixing.
            """)
    {
        Options.Add(_json);
    }

    protected override async Task<int> RunAsync(ParseResult result, CompassDatabase database, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var report = await new KnowledgeHealthCheck(database).RunAsync(cancellationToken).ConfigureAwait(false);
        if (result.GetValue(_json))
        {
            var json = report.ToJsonObject(database.Description);
            await stdout.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        }
        else
        {
            var info = report.Findings.Length - report.Errors - report.Warnings;
            await stdout.WriteLineAsync($"Knowledge base {database.Description}: {report.Errors} errors, {report.Warnings} warnings, {info} notes.").ConfigureAwait(false);
            foreach (var group in report.Findings.GroupBy(f => (f.Severity, f.Category)))
            {
                await stdout.WriteLineAsync().ConfigureAwait(false);
                await stdout.WriteLineAsync($"{Label(group.Key.Severity)} {group.Key.Category} ({group.Count()})").ConfigureAwait(false);
                foreach (var finding in group)
                {
                    await stdout.WriteLineAsync($"  {finding.Subject}: {CliHints.Message(finding)}").ConfigureAwait(false);
                }
            }

            if (report.Findings.IsEmpty)
            {
                await stdout.WriteLineAsync("Nothing to fix.").ConfigureAwait(false);
            }
        }

        return report.Healthy ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static string Label(HealthSeverity severity) => severity switch
    {
        HealthSeverity.Error => "ERROR",
        HealthSeverity.Warning => "warning",
        _ => "note",
    };
}
