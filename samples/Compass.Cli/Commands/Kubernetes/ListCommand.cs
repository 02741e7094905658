using System.Globalization;
using System.Text.Json;
using Compass.Cli.Output;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass list</c>: the InferenceServices labelled app.kubernetes.io/managed-by=compass.</summary>
internal static class ListCommand
{
    public const string Usage = $"""
        Usage: compass list [--namespace NS] [--json] [--kubeconfig PATH] [--context C] [--in-cluster]

        Lists the deployments Compass manages in a namespace (InferenceServices labelled
        app.kubernetes.io/managed-by=compass).
          --json             print them as JSON
        {KubernetesCommands.ConnectionUsage}
        """;

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (line.Positionals.Count > 0)
        {
            throw new CliException($"'compass list' takes no arguments (got '{line.Positionals[0]}'); use --namespace NS.");
        }

        using var deployer = KubernetesCommands.Connect(line);
        var list = await deployer.ListAsync(line.Get("namespace"), cancellationToken).ConfigureAwait(false);
        if (line.Has("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(list, CompassJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (list.Count == 0)
        {
            await stdout.WriteLineAsync($"No Compass deployments in namespace {line.Get("namespace") ?? deployer.DefaultNamespace}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = new Table(("Name", false), ("Namespace", false), ("Ready", false), ("URL", false), ("Created", false));
        foreach (var d in list)
        {
            table.Add(d.Name, d.Namespace, d.Ready ? "True" : "False", d.Url?.ToString() ?? "-", d.Created?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
        }

        table.Write(stdout);
        return ExitCodes.Success;
    }
}
