using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Postgres;
using Compass.Postgres.Health;

namespace Compass.Cli.Commands.Database;

/// <summary><c>compass db health [--json]</c>: what the knowledge base lacks or gets wrong, and how to fix each.</summary>
internal static class DbHealthCommand
{
    public static async Task<int> RunAsync(CommandLine line, CompassDatabase database, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"compass db health takes no arguments (got '{line.Positionals[0]}').");
        }

        var report = await new KnowledgeHealthCheck(database).RunAsync(cancellationToken).ConfigureAwait(false);
        if (line.Has("json"))
        {
            var json = new JsonObject
            {
                ["database"] = database.Description,
                ["healthy"] = report.Healthy,
                ["errors"] = report.Errors,
                ["warnings"] = report.Warnings,
                ["findings"] = new JsonArray([.. report.Findings.Select(f => (JsonNode)new JsonObject
                {
                    ["severity"] = f.Severity.ToString().ToLowerInvariant(),
                    ["category"] = f.Category,
                    ["subject"] = f.Subject,
                    ["message"] = f.Message,
                })]),
            };
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
                    await stdout.WriteLineAsync($"  {finding.Subject}: {finding.Message}").ConfigureAwait(false);
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
