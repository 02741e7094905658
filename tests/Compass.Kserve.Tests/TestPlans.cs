using Compass.Core.Serialization;
using Compass.Core;
using Compass.Core.Knowledge;
using Compass.Kserve.Manifests;

namespace Compass.Kserve.Tests;

/// <summary>Plans saved with <c>compass plan --json</c> (see Manifests/Plans/README.md) and the embedded catalog.</summary>
internal static class TestPlans
{
    public const string Chatbot = "chatbot-h100-tp1";
    public const string Llama70B = "llama70b-h100-tp4-kv8";
    public const string Deferred = "deferred-l4";
    public const string ChatbotMi300X = "chatbot-mi300x";

    public static KnowledgeCatalog Catalog => EmbeddedKnowledgeBase.Catalog;

    // The test project's source folder, from its build output (bin/<configuration>/<tfm>/). CallerFilePath would not do:
    // deterministic CI builds map source paths to /_/.
    public static string SourceDirectory { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", ".."));

    public static string PlanPath(string name) => Path.Combine(SourceDirectory, "Manifests", "Plans", name + ".json");

    public static Plan Load(string name) => PlanFile.Parse(File.ReadAllText(PlanPath(name)));

    public static ManifestGenerator Generator() => new(Catalog);
}
