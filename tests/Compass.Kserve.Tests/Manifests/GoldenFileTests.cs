using Compass.Kserve.Manifests;

namespace Compass.Kserve.Tests.Manifests;

/// <summary>
/// The generated manifests of representative plans, compared with the files under Manifests/Golden. Set
/// <c>COMPASS_UPDATE_GOLDEN=1</c> to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "chatbot-h100-tp1", TestPlans.Chatbot, "vllm" },
        { "llama70b-h100-tp4-kv8", TestPlans.Llama70B, "vllm" },
        { "deferred-l4-scale-to-zero", TestPlans.Deferred, "vllm" },
        { "chatbot-simulator", TestPlans.Chatbot, "simulator" },
        { "chatbot-mi300x-networkpolicy", TestPlans.ChatbotMi300X, "networkpolicy" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_MatchesGolden(string golden, string plan, string variant)
    {
        var options = variant switch
        {
            "simulator" => new ManifestOptions { Namespace = "llm", Simulator = true },
            "networkpolicy" => new ManifestOptions { Namespace = "llm", NetworkPolicy = new NetworkPolicyOptions { GatewayNamespaces = ["istio-system"] } },
            _ => new ManifestOptions { Namespace = "llm" },
        };
        var set = TestPlans.Generator().Generate(TestPlans.Load(plan), options: options);
        var actual = set.ToYaml();
        var path = Path.Combine(TestPlans.SourceDirectory, "Manifests", "Golden", golden + ".yaml");
        if (Environment.GetEnvironmentVariable("COMPASS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No golden file {path}; run with COMPASS_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
