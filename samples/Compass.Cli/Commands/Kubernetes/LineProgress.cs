namespace Compass.Cli.Commands.Kubernetes;

/// <summary>Writes progress lines to the output as they come (synchronously, unlike <see cref="Progress{T}"/>).</summary>
internal sealed class LineProgress(TextWriter writer, string indent = "  ") : IProgress<string>
{
    private readonly Lock _gate = new();

    public void Report(string value)
    {
        lock (_gate)
        {
            writer.WriteLine(indent + value);
        }
    }
}
