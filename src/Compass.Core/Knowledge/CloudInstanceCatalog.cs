using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Compass.Core.Knowledge;

/// <summary>
/// The cloud GPU virtual machines Compass can deploy a plan to as a single VM (<c>compass generate --target vm</c>):
/// instance types of AWS, Google Cloud and Azure with their GPUs and list on-demand prices, each row with its source
/// and date. The embedded catalog (<see cref="Embedded"/>) is read from <c>cloud-instances.json</c>; prices are list
/// on-demand prices at the date each row states (2026-12), without discounts.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class CloudInstanceCatalog
{
    /// <summary>The embedded document's file name.</summary>
    public const string DocumentName = "cloud-instances.json";

    private static readonly Lazy<CloudInstanceCatalog> Shared = new(
        () =>
        {
            using var stream = EmbeddedKnowledgeBase.OpenDocument(DocumentName);
            return Read(stream, DocumentName);
        },
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Initializes a new instance of the <see cref="CloudInstanceCatalog"/> class.</summary>
    /// <param name="instances">The instances.</param>
    /// <exception cref="KnowledgeBaseException">Two rows name the same provider and instance type.</exception>
    public CloudInstanceCatalog(IEnumerable<CloudInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        Instances = [.. instances];
        var duplicate = Instances.GroupBy(i => (i.Provider, Type: i.Type.ToUpperInvariant())).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new KnowledgeBaseException($"The cloud instance catalog lists {duplicate.Key.Provider} {duplicate.First().Type} twice.");
        }
    }

    /// <summary>Gets the catalog embedded in Compass.Core (read once per process).</summary>
    /// <exception cref="KnowledgeBaseException">The embedded document is missing or invalid (a packaging bug).</exception>
    public static CloudInstanceCatalog Embedded => Shared.Value;

    /// <summary>Gets every instance, in document order.</summary>
    public ImmutableArray<CloudInstance> Instances { get; }

    /// <summary>Gets the providers the catalog lists, in document order.</summary>
    public IReadOnlyList<CloudProvider> Providers => [.. Instances.Select(i => i.Provider).Distinct()];

    /// <summary>Gets the instances of one provider that carry a GPU type.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="gpu">The GPU type.</param>
    /// <returns>The instances, fewest GPUs first, then cheapest.</returns>
    public IReadOnlyList<CloudInstance> WithGpu(CloudProvider provider, GpuType gpu)
        => [.. Instances.Where(i => i.Provider == provider && i.Gpu == gpu).OrderBy(i => i.GpuCount).ThenBy(i => i.OnDemandUsdPerHour)];

    /// <summary>
    /// Gets the instance of a provider that fits one replica of a plan: the plan's GPU type with at least
    /// <paramref name="gpus"/> GPUs, the fewest such GPUs, then the cheapest.
    /// </summary>
    /// <param name="provider">The provider.</param>
    /// <param name="gpu">The plan's GPU type.</param>
    /// <param name="gpus">The GPUs one replica needs (its tensor parallelism).</param>
    /// <returns>The instance, or <see langword="null"/> when the provider has none.</returns>
    public CloudInstance? Fit(CloudProvider provider, GpuType gpu, int gpus)
        => WithGpu(provider, gpu).FirstOrDefault(i => i.GpuCount >= gpus);

    /// <summary>Reads a catalog document (the embedded one's format: <c>{ "instances": [ … ] }</c>, every field required).</summary>
    /// <param name="utf8Json">The UTF-8 JSON.</param>
    /// <param name="source">The document's name, for messages.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="KnowledgeBaseException">The document is not valid; the message names the row and field.</exception>
    public static CloudInstanceCatalog Read(Stream utf8Json, string source)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new KnowledgeBaseException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("instances", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                throw new KnowledgeBaseException($"{source} has no \"instances\" array.");
            }

            var instances = new List<CloudInstance>();
            var index = 0;
            foreach (var row in rows.EnumerateArray())
            {
                instances.Add(ReadRow(row, $"{source} instances[{index++}]"));
            }

            return new CloudInstanceCatalog(instances);
        }
    }

    private static CloudInstance ReadRow(JsonElement row, string where)
    {
        string Text(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s && s.Trim() == s
            ? s
            : throw new KnowledgeBaseException($"{where}: \"{name}\" must be a non-empty string without surrounding spaces.");
        double Positive(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() is var d && d > 0 && double.IsFinite(d)
            ? d
            : throw new KnowledgeBaseException($"{where}: \"{name}\" must be a positive number.");
        int Count(string name) => row.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n > 0
            ? n
            : throw new KnowledgeBaseException($"{where}: \"{name}\" must be a positive whole number.");

        var asOf = Text("asOf");
        if (!DateTime.TryParseExact(asOf, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new KnowledgeBaseException($"{where}: \"asOf\" must be a month written yyyy-MM (got '{asOf}').");
        }

        var url = Text("source");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var page) || page.Scheme != Uri.UriSchemeHttps)
        {
            throw new KnowledgeBaseException($"{where}: \"source\" must be the https address of the public pricing page (got '{url}').");
        }

        return new CloudInstance
        {
            Provider = new CloudProvider(Text("provider")),
            Type = Text("type"),
            Family = Text("family"),
            Gpu = new GpuType(Text("gpu")),
            GpuCount = Count("gpuCount"),
            GpuMemoryGiB = Positive("gpuMemoryGiB"),
            VCpus = Count("vcpus"),
            MemoryGiB = Positive("memoryGiB"),
            OnDemandUsdPerHour = Positive("onDemandUsdPerHour"),
            Region = Text("region"),
            Source = page,
            AsOf = asOf,
        };
    }
}
