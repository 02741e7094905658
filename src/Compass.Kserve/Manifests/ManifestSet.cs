using System.Collections.Immutable;
using System.Text;

namespace Compass.Kserve.Manifests;

/// <summary>The manifests for one recommendation of a plan, in apply order, with what they were sized to.</summary>
public sealed record ManifestSet
{
    /// <summary>Gets the documents, in apply order.</summary>
    public required ImmutableArray<ManifestDocument> Documents { get; init; }

    /// <summary>Gets the settings the manifests were derived with.</summary>
    public required ServingSettings Settings { get; init; }

    /// <summary>Gets the rank of the recommendation the manifests deploy.</summary>
    public required int Rank { get; init; }

    /// <summary>Gets notes for the user (assumptions, limits, what to create first such as the token Secret).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>
    /// Gets the alerts' runbook, rules file, promtool tests, Alertmanager configuration and dashboard JSON, or
    /// <see langword="null"/> for a set built without them. <see cref="ManifestWriter"/> writes the runbook beside the manifests.
    /// </summary>
    public MonitoringBundle? Monitoring { get; init; }

    /// <summary>Gets every document in one multi-document YAML stream (<c>---</c> between documents).</summary>
    /// <returns>The YAML.</returns>
    public string ToYaml()
    {
        var builder = new StringBuilder();
        foreach (var document in Documents)
        {
            builder.Append("---\n").Append(document.Yaml);
        }

        return builder.ToString();
    }
}
