using Compass.Kserve.Manifests;

namespace Compass.Kserve.Tests.Manifests;

/// <summary>
/// The generated manifests of representative plans, compared with the files under Manifests/Golden. Set
/// <c>COMPASS_UPDATE_GOLDEN=1</c> to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class GoldenFileTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "chatbot-h100-tp1", TestPlans.Chatbot, false },
        { "llama70b-h100-tp4-kv8", TestPlans.Llama70B, false },
        { "deferred-l4-scale-to-zero", TestPlans.Deferred, false },
        { "chatbot-simulator", TestPlans.Chatbot, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_MatchesGolden(string golden, string plan, bool simulator)
    {
        var set = TestPlans.Generator().Generate(TestPlans.Load(plan), options: new ManifestOptions { Namespace = "llm", Simulator = simulator });
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
