using System.Globalization;

namespace Compass.Simulator.Tests;

/// <summary>A minimal parser of the Prometheus text format: samples by name and labels, and the declared types.</summary>
internal sealed class PrometheusText
{
    public Dictionary<string, string> Types { get; } = [];

    public List<(string Name, Dictionary<string, string> Labels, double Value)> Samples { get; } = [];

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                result.Types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            var name = line[..brace];
            var labels = new Dictionary<string, string>();
            foreach (var pair in line[(brace + 1)..close].Split(','))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                labels[pair[..eq]] = pair[(eq + 2)..^1];
            }

            var value = line[(close + 2)..];
            result.Samples.Add((name, labels, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture)));
        }

        return result;
    }

    public double Value(string name, string? label = null, string? labelValue = null)
        => Samples.Single(s => s.Name == name && (label is null || s.Labels.GetValueOrDefault(label) == labelValue)).Value;

    public List<(double Le, double Count)> Buckets(string name)
        => [.. Samples.Where(s => s.Name == name + "_bucket")
            .Select(s => (s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), s.Value))];
}
