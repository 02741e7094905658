using System.CommandLine;
using System.Text.Json;
using Compass.Cli.Commands.Database;
using Compass.Cli.Parsing;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass status NAME</c>: an InferenceService's conditions, URL, pods and recent events.</summary>
internal sealed class StatusCommand : KubernetesCommand
{
    private readonly Argument<string[]> _name = new("NAME") { Description = "the deployment", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> _json = CliOptions.Flag("json", "print the status as JSON");

    public StatusCommand(CliContext context)
        : base(context, "status", "A deployment's Ready state, URL, status conditions, pods and recent events.")
    {
        Arguments.Add(_name);
        Options.Add(_json);
    }

    protected override async Task<int> RunAsync(ParseResult result, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        var name = DeploymentName(result.GetValue(_name) ?? []);
        using var deployer = Connect(result);
        var status = await deployer.GetStatusAsync(name, result.GetValue(Namespace), cancellationToken).ConfigureAwait(false);
        if (result.GetValue(_json))
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
