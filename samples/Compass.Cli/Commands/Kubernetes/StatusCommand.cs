using System.Text.Json;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass status NAME</c>: an InferenceService's conditions, URL, pods and recent events.</summary>
internal static class StatusCommand
{
    public const string Usage = $"""
        Usage: compass status NAME [--namespace NS] [--json] [--kubeconfig PATH] [--context C] [--in-cluster]

        Prints a deployment's Ready state, URL, status conditions, pods and recent events.
          --json             print the status as JSON
        {KubernetesCommands.ConnectionUsage}
        """;

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = KubernetesCommands.Name(line);
        using var deployer = KubernetesCommands.Connect(line);
        var status = await deployer.GetStatusAsync(name, line.Get("namespace"), cancellationToken).ConfigureAwait(false);
        if (line.Has("json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(status, CompassJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        await stdout.WriteLineAsync($"{status.Name} in namespace {status.Namespace}: {(status.Ready ? "Ready" : "not Ready")}{(status.Revision is { } r ? $" (revision {r})" : string.Empty)}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  URL         {status.Url?.ToString() ?? "-"}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  Conditions  {(status.Conditions.Count == 0 ? "none reported yet" : string.Join(", ", status.Conditions))}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"  Pods        {status.ReadyPods}/{status.Pods.Count} ready").ConfigureAwait(false);
        foreach (var pod in status.Pods)
        {
            await stdout.WriteLineAsync($"    {pod.Name}  {pod.Phase}{(pod.Ready ? ", ready" : string.Empty)}{(pod.Reason is null ? string.Empty : $", {pod.Reason}")}, {pod.Restarts} restarts").ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"  Events      {(status.Events.Count == 0 ? "none" : string.Empty)}".TrimEnd()).ConfigureAwait(false);
        foreach (var e in status.Events)
        {
            await stdout.WriteLineAsync($"    {e.Type} {e.Reason} {e.InvolvedObject}: {e.Message}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
