using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Compass.Cli.Commands.Database;
using Compass.Cli.Output;
using Compass.Core.Serialization;

namespace Compass.Cli.Commands.Kubernetes;

/// <summary><c>compass list</c>: the InferenceServices labelled app.kubernetes.io/managed-by=compass.</summary>
internal sealed class ListCommand : KubernetesCommand
{
    private readonly FormatOptions _format = new();

    public ListCommand(CliContext context)
        : base(context, "list", "The deployments Compass manages in a namespace (InferenceServices labelled app.kubernetes.io/managed-by=compass).")
        => _format.AddTo(this);

    protected override async Task<int> RunAsync(ParseResult result, KnowledgeBaseRecorder? recorder, CancellationToken cancellationToken)
    {
        var stdout = Context.Stdout;
        using var deployer = Connect(result);
        var list = await deployer.ListAsync(result.GetValue(Namespace), cancellationToken).ConfigureAwait(false);
        var format = _format.Read(result);
        if (format == OutputFormat.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(list, CompassJson.Options)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (list.Count == 0)
        {
            await stdout.WriteLineAsync($"No Compass deployments in namespace {result.GetValue(Namespace) ?? deployer.DefaultNamespace}.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var table = new Table(("Name", false), ("Namespace", false), ("Ready", false), ("URL", false), ("Created", false));
        foreach (var d in list)
        {
            table.Add(d.Name, d.Namespace, d.Ready ? "True" : "False", d.Url?.ToString() ?? "-", d.Created?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
        }

        switch (format)
        {
            case OutputFormat.Markdown:
                table.WriteMarkdown(stdout);
                break;
            case OutputFormat.Csv:
                table.WriteCsv(stdout);
                break;
            default:
                table.Write(stdout);
                break;
        }

        return ExitCodes.Success;
    }
}
