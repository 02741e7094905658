namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass delete NAME</c>: every object labelled with the deployment's instance label.</summary>
internal static class DeleteCommand
{
    public const string Usage = $"""
        Usage: compass delete NAME [--namespace NS] [--kubeconfig PATH] [--context C] [--in-cluster]

        Deletes every object labelled app.kubernetes.io/instance=NAME (foreground propagation), including the
        revision history. The namespace is left alone.
        {KubernetesCommands.ConnectionUsage}
        """;

    public static async Task<int> RunAsync(CommandLine line, TextWriter stdout, CancellationToken cancellationToken)
    {
        var name = KubernetesCommands.Name(line);
        using var deployer = KubernetesCommands.Connect(line);
        var deleted = await deployer.DeleteAsync(name, line.Get("namespace"), cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync($"Deleted {deleted.Count} objects of {name}:").ConfigureAwait(false);
        foreach (var o in deleted)
        {
            await stdout.WriteLineAsync($"  {o}").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
